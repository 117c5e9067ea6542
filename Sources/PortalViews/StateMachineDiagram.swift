import Foundation

/// A small SVG drawing of a state machine from its transition table: a box per state on a grid, an arrow per
/// (from, to) pair labelled with its events (a pair in both directions is drawn as two offset arrows), loops as notes.
public struct StateMachineDiagram: Sendable {
    public struct State: Sendable {
        public let name: String
        public let column: Int
        public let row: Int
        public init(_ name: String, column: Int, row: Int) {
            self.name = name
            self.column = column
            self.row = row
        }
    }

    public let title: String
    public let states: [State]
    public let transitions: [(from: String, event: String, to: String)]

    public init(title: String, states: [State], transitions: [(from: String, event: String, to: String)]) {
        self.title = title
        self.states = states
        self.transitions = transitions
    }

    static let boxWidth = 170, boxHeight = 48, columnGap = 130, rowGap = 90, margin = 160, top = 70

    public func svg() -> String {
        let columns = (states.map(\.column).max() ?? 0) + 1
        let rows = (states.map(\.row).max() ?? 0) + 1
        let width = 2 * Self.margin + columns * Self.boxWidth + (columns - 1) * Self.columnGap
        let loops = transitions.filter { $0.from == $0.to }
        let height = Self.top + rows * Self.boxHeight + (rows - 1) * Self.rowGap + 40 + 18 * loops.count
        let id = title.lowercased().filter { $0.isLetter }
        var out: [String] = []
        out.append(##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(width)" height="\##(height)" viewBox="0 0 \##(width) \##(height)" role="img" aria-labelledby="\##(id)-title \##(id)-desc" font-family="DejaVu Sans, Verdana, Arial, sans-serif">"##)
        out.append(##"<title id="\##(id)-title">\##(escape(title))</title>"##)
        let spoken = transitions.map { "\($0.from) to \($0.to) when \($0.event)" }.joined(separator: "; ")
        out.append(##"<desc id="\##(id)-desc">\##(escape(spoken))</desc>"##)
        out.append(##"<defs><marker id="\##(id)-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#3c4858"/></marker></defs>"##)
        out.append(##"<rect width="\##(width)" height="\##(height)" fill="#ffffff"/>"##)
        out.append(##"<text x="\##(Self.margin)" y="32" font-size="18" font-weight="bold" fill="#1a202c">\##(escape(title))</text>"##)
        var grouped: [(from: String, to: String, events: [String])] = []
        for t in transitions where t.from != t.to {
            if let index = grouped.firstIndex(where: { $0.from == t.from && $0.to == t.to }) { grouped[index].events.append(t.event) }
            else { grouped.append((t.from, t.to, [t.event])) }
        }
        for edge in grouped {
            guard let a = center(edge.from), let b = center(edge.to) else { continue }
            let reverse = grouped.contains { $0.from == edge.to && $0.to == edge.from }
            let (dx, dy) = (Double(b.0 - a.0), Double(b.1 - a.1))
            let length = max(1, (dx * dx + dy * dy).squareRoot())
            let (nx, ny) = (-dy / length, dx / length)
            let offset = reverse ? 9.0 : 0
            // Clip the line to the boxes' edges.
            func clip(_ p: (Int, Int), toward sign: Double) -> (Double, Double) {
                let tx = dx == 0 ? Double.infinity : Double(Self.boxWidth / 2 + 4) / abs(dx)
                let ty = dy == 0 ? Double.infinity : Double(Self.boxHeight / 2 + 4) / abs(dy)
                let t = min(tx, ty)
                return (Double(p.0) + sign * dx * t + nx * offset, Double(p.1) + sign * dy * t + ny * offset)
            }
            let start = clip(a, toward: 1), end = clip(b, toward: -1)
            out.append(String(format: ##"<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#3c4858" stroke-width="1.5" marker-end="url(#%@-arrow)"/>"##,
                              start.0, start.1, end.0, end.1, id))
            let labelOffset = reverse ? 16.0 : 10.0
            let mx = (start.0 + end.0) / 2 + nx * labelOffset, my = (start.1 + end.1) / 2 + ny * labelOffset
            let anchor = abs(dy) > abs(dx) ? (nx > 0 ? "start" : "end") : "middle"
            for (index, event) in edge.events.enumerated() {
                let y = my + Double(index) * 13 + (abs(dy) > abs(dx) ? 0 : (ny < 0 ? -Double(edge.events.count - 1) * 13 : 4))
                out.append(String(format: ##"<text x="%.0f" y="%.0f" font-size="11" fill="#2d3748" text-anchor="%@">%@</text>"##, mx, y, anchor, escape(event)))
            }
        }
        for state in states {
            let x = Self.margin + state.column * (Self.boxWidth + Self.columnGap), y = Self.top + state.row * (Self.boxHeight + Self.rowGap)
            out.append(##"<rect x="\##(x)" y="\##(y)" width="\##(Self.boxWidth)" height="\##(Self.boxHeight)" rx="10" fill="#eef3f8" stroke="#2b4c6f" stroke-width="1.5"/>"##)
            out.append(##"<text x="\##(x + Self.boxWidth / 2)" y="\##(y + Self.boxHeight / 2 + 5)" font-size="14" font-weight="bold" fill="#1a202c" text-anchor="middle">\##(escape(state.name))</text>"##)
        }
        var y = Self.top + rows * Self.boxHeight + (rows - 1) * Self.rowGap + 30
        for loop in loops {
            out.append(##"<text x="\##(Self.margin)" y="\##(y)" font-size="12" fill="#4a5568">\##(escape(loop.from)) stays \##(escape(loop.from)) on \##(escape(loop.event))</text>"##)
            y += 18
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    private func center(_ name: String) -> (Int, Int)? {
        guard let state = states.first(where: { $0.name == name }) else { return nil }
        return (Self.margin + state.column * (Self.boxWidth + Self.columnGap) + Self.boxWidth / 2,
                Self.top + state.row * (Self.boxHeight + Self.rowGap) + Self.boxHeight / 2)
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
