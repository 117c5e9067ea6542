import PortalCore

/// An SVG drawing of the downtime state machine, generated from `DowntimeLifecycle.transitions`.
public enum LifecycleDiagram {
    /// A self-contained, accessible SVG document: a box per state, an arrow per (from, to) pair labelled with its events.
    public static func svg() -> String {
        let edges = groupedEdges()
        let width = marginLeft + columns * boxWidth + (columns - 1) * columnGap + marginRight
        let height = marginTop + rows * boxHeight + (rows - 1) * rowGap + marginBottom

        var out: [String] = []
        out.append(##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(width)" height="\##(height)" viewBox="0 0 \##(width) \##(height)" role="img" aria-labelledby="lifecycle-title lifecycle-desc" font-family="DejaVu Sans, Verdana, Arial, sans-serif">"##)
        out.append(##"<title id="lifecycle-title">Downtime lifecycle</title>"##)
        out.append(##"<desc id="lifecycle-desc">\##(escape(spokenSummary()))</desc>"##)
        out.append(##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#3c4858"/></marker></defs>"##)
        out.append(##"<rect width="\##(width)" height="\##(height)" fill="#ffffff"/>"##)
        out.append(##"<text x="\##(marginLeft - 50)" y="34" font-size="18" font-weight="bold" fill="#1a202c">Downtime lifecycle</text>"##)

        // The initial pseudo-state points at the first state in the enum, which is where every downtime begins.
        let first = box(DowntimeState.allCases[0])
        out.append(##"<circle cx="\##(first.x - 45)" cy="\##(first.midY)" r="7" fill="#3c4858"/>"##)
        out.append(line([(first.x - 38, first.midY), (first.x, first.midY)]))

        for edge in edges { out.append(contentsOf: draw(edge)) }
        for state in DowntimeState.allCases { out.append(contentsOf: draw(state)) }

        out.append(##"<text x="\##(marginLeft - 50)" y="\##(height - 18)" font-size="12" fill="#4a5568">Double border: final state. A loop keeps the state: extend moves the end of the window later.</text>"##)
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: - Layout

    private static let boxWidth = 150
    private static let boxHeight = 52
    private static let columnGap = 110
    private static let rowGap = 80
    private static let marginLeft = 80
    private static let marginRight = 30
    private static let marginTop = 120
    private static let marginBottom = 50
    private static let columns = 4
    private static let rows = 2

    /// Grid cell of each state: the happy path on one row, the way out below it. The switch is exhaustive,
    /// so a new state cannot be added without placing it.
    private static func cell(_ state: DowntimeState) -> (column: Int, row: Int) {
        switch state {
        case .draft: (0, 0)
        case .scheduled: (1, 0)
        case .inProgress: (2, 0)
        case .completed: (3, 0)
        case .cancelled: (1, 1)
        }
    }

    private struct Box {
        let x: Int, y: Int, width: Int, height: Int
        var midX: Int { x + width / 2 }
        var midY: Int { y + height / 2 }
        var right: Int { x + width }
        var bottom: Int { y + height }
    }

    private static func box(_ state: DowntimeState) -> Box {
        let (column, row) = cell(state)
        return Box(
            x: marginLeft + column * (boxWidth + columnGap),
            y: marginTop + row * (boxHeight + rowGap),
            width: boxWidth, height: boxHeight
        )
    }

    private struct Edge {
        let from: DowntimeState
        let to: DowntimeState
        var events: [DowntimeEvent]
        var label: String { events.map(\.rawValue).joined(separator: ", ") }
    }

    /// One arrow per (from, to) pair, in table order, so two events between the same states share a label.
    private static func groupedEdges() -> [Edge] {
        var edges: [Edge] = []
        for transition in DowntimeLifecycle.transitions {
            if let index = edges.firstIndex(where: { $0.from == transition.from && $0.to == transition.to }) {
                edges[index].events.append(transition.event)
            } else {
                edges.append(Edge(from: transition.from, to: transition.to, events: [transition.event]))
            }
        }
        return edges
    }

    // MARK: - Drawing

    private static func palette(_ state: DowntimeState) -> (fill: String, stroke: String) {
        switch state {
        case .draft: ("#eef1f5", "#5b6b7f")
        case .scheduled: ("#e3efff", "#2f6fca")
        case .inProgress: ("#fff3d6", "#b7791f")
        case .completed: ("#e3f5e8", "#2f855a")
        case .cancelled: ("#f1f1f1", "#6b6b6b")
        }
    }

    private static func draw(_ state: DowntimeState) -> [String] {
        let b = box(state)
        let colors = palette(state)
        var out = [##"<rect x="\##(b.x)" y="\##(b.y)" width="\##(b.width)" height="\##(b.height)" rx="10" fill="\##(colors.fill)" stroke="\##(colors.stroke)" stroke-width="2"/>"##]
        if state.isFinal {
            out.append(##"<rect x="\##(b.x + 4)" y="\##(b.y + 4)" width="\##(b.width - 8)" height="\##(b.height - 8)" rx="7" fill="none" stroke="\##(colors.stroke)" stroke-width="1.5"/>"##)
        }
        out.append(##"<text x="\##(b.midX)" y="\##(b.midY + 5)" text-anchor="middle" font-size="15" font-weight="bold" fill="#1a202c">\##(escape(state.displayName))</text>"##)
        return out
    }

    private static func draw(_ edge: Edge) -> [String] {
        let a = box(edge.from), b = box(edge.to)
        if edge.from == edge.to {
            // A loop over the top of the box; its apex sits about 40 px above the box, the label just over it.
            let path = "M\(a.midX - 28),\(a.y) C\(a.midX - 50),\(a.y - 58) \(a.midX + 50),\(a.y - 58) \(a.midX + 28),\(a.y)"
            return [
                ##"<path d="\##(path)" fill="none" stroke="#3c4858" stroke-width="1.6" marker-end="url(#arrow)"/>"##,
                label(edge.label, x: a.midX, y: a.y - 50, anchor: "middle"),
            ]
        }
        let (fromCell, toCell) = (cell(edge.from), cell(edge.to))
        if fromCell.row == toCell.row, abs(fromCell.column - toCell.column) == 1 {
            let rightward = toCell.column > fromCell.column
            let start = rightward ? a.right : a.x, end = rightward ? b.x : b.right
            return [line([(start, a.midY), (end, b.midY)]), label(edge.label, x: (start + end) / 2, y: a.midY - 9, anchor: "middle")]
        }
        if fromCell.row == toCell.row {
            // Skipping over neighbours: detour below the row so the arrow never crosses a box.
            let dip = a.bottom + rowGap / 3
            return [
                line([(a.midX, a.bottom), (a.midX, dip), (b.midX, dip), (b.midX, b.bottom)]),
                label(edge.label, x: (a.midX + b.midX) / 2, y: dip + 16, anchor: "middle"),
            ]
        }
        let downward = toCell.row > fromCell.row
        if fromCell.column == toCell.column {
            let start = downward ? a.bottom : a.y, end = downward ? b.y : b.bottom
            return [line([(a.midX, start), (b.midX, end)]), label(edge.label, x: a.midX + 8, y: (start + end) / 2 + 5, anchor: "start")]
        }
        // Different row and column: leave vertically, turn once, and enter the target from the side.
        let rightward = toCell.column > fromCell.column
        let startY = downward ? a.bottom : a.y
        let endX = rightward ? b.x : b.right
        return [
            line([(a.midX, startY), (a.midX, b.midY), (endX, b.midY)]),
            label(edge.label, x: (a.midX + endX) / 2, y: b.midY - 9, anchor: "middle"),
        ]
    }

    /// A polyline with rounded corners and an arrowhead at its last point.
    private static func line(_ points: [(Int, Int)]) -> String {
        var d = "M\(points[0].0),\(points[0].1)"
        let radius = 12
        for index in 1..<points.count {
            let point = points[index]
            if index < points.count - 1 {
                let previous = points[index - 1], next = points[index + 1]
                let before = step(from: point, toward: previous, by: radius)
                let after = step(from: point, toward: next, by: radius)
                d += " L\(before.0),\(before.1) Q\(point.0),\(point.1) \(after.0),\(after.1)"
            } else {
                d += " L\(point.0),\(point.1)"
            }
        }
        return ##"<path d="\##(d)" fill="none" stroke="#3c4858" stroke-width="1.6" marker-end="url(#arrow)"/>"##
    }

    private static func step(from point: (Int, Int), toward other: (Int, Int), by distance: Int) -> (Int, Int) {
        let dx = (other.0 - point.0).signum(), dy = (other.1 - point.1).signum()
        return (point.0 + dx * distance, point.1 + dy * distance)
    }

    /// An event label with a white halo so it stays readable where it meets a line.
    private static func label(_ text: String, x: Int, y: Int, anchor: String) -> String {
        ##"<text x="\##(x)" y="\##(y)" text-anchor="\##(anchor)" font-size="13" fill="#2d3748" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">\##(escape(text))</text>"##
    }

    /// The machine in words for screen readers: each state with its events and where they lead.
    private static func spokenSummary() -> String {
        DowntimeState.allCases.map { state in
            let moves = DowntimeLifecycle.transitions
                .filter { $0.from == state }
                .map { "\($0.event.rawValue) leads to \($0.to.displayName)" }
            return moves.isEmpty ? "\(state.displayName) is final." : "\(state.displayName): \(moves.joined(separator: ", "))."
        }.joined(separator: " ")
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for char in text {
            switch char {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(char)
            }
        }
        return out
    }
}
