import Foundation

/// One text box of a row: a table cell, a field label or value, a paragraph.
struct RowCell {
    var text: String
    var setting: TextSetting
    var color: RGB
    /// Outer left edge and width of the cell; the text sits `inset` inside it.
    var x: Double
    var width: Double
    var inset: Double = 0
    /// Tint behind the text: a badge for one line, the whole cell otherwise.
    var badge: RGB?
    var link: URL?

    init(_ text: String, style: TextStyle, color: RGB, x: Double, width: Double, inset: Double = 0,
         alignment: ColumnAlignment = .leading, underline: Bool = false, link: URL? = nil) {
        self.text = text
        self.color = color
        self.x = x
        self.width = width
        self.inset = inset
        self.link = link
        setting = TextSetting(style: style, width: max(1, width - 2 * inset), alignment: alignment, underline: underline)
    }
}

/// Pass one: lays the document out into pages of drawing steps. Text is measured with the same Pango
/// context the painter draws with, so the plan and the drawing agree to the point.
final class ReportPlanner {
    private let text: TextEngine
    private let frame: PageFrame
    private var pages: [PagePlan] = []
    private var page = PagePlan()
    private var y: Double
    /// Where content starts on the current page (below a repeated table header).
    private var pageContentTop: Double
    /// Redraws the header of the table being laid out at the top of each new page.
    private var repeatedHeader: (() -> Void)?
    private var repeatedHeaderHeight = 0.0
    /// Column layouts by block index: measured once for the lead check and the placing of a table.
    private var tableLayouts: [Int: TableLayout] = [:]
    private var blocks: [ReportBlock] = []

    init(text: TextEngine, frame: PageFrame) {
        self.text = text
        self.frame = frame
        y = frame.top
        pageContentTop = frame.top
    }

    func plan(_ document: ReportDocument) -> [PagePlan] {
        placeTitle(document)
        blocks = document.blocks
        for index in document.blocks.indices {
            place(at: index)
        }
        finishPage()
        return pages
    }

    // MARK: Pages

    private func finishPage() {
        pages.append(page)
        page = PagePlan()
    }

    private func newPage() {
        finishPage()
        y = frame.top
        repeatedHeader?()
        pageContentTop = y
    }

    private var atPageTop: Bool { y <= pageContentTop + 0.01 }

    /// Space before a block, dropped at the top of a page.
    private func skip(_ space: Double) {
        if !atPageTop { y += space }
    }

    // MARK: Title

    private func placeTitle(_ document: ReportDocument) {
        let colour = ReportTheme.Colour.self
        let left = frame.left
        let width = frame.width
        if !document.productName.isEmpty {
            placeRow([RowCell(document.productName, style: .brand, color: colour.accent, x: left, width: width)], after: 4)
        }
        placeRow([RowCell(document.title, style: .title, color: colour.ink, x: left, width: width)], after: 4)
        if !document.subtitle.isEmpty {
            placeRow([RowCell(document.subtitle, style: .subtitle, color: colour.secondary, x: left, width: width)], after: 0)
        }
        y += 10
        page.add(.rule(from: left, to: frame.right, y: y, thickness: 1.4, colour.accent))
        y += 12
        if !document.titleBlock.isEmpty {
            placeFields(document.titleBlock, panel: true)
            y += 8
        }
    }

    // MARK: Blocks

    private func tableLayout(at index: Int, _ table: ReportTable) -> TableLayout {
        if let known = tableLayouts[index] { return known }
        let layout = TableLayout(table, frame: frame, text: text)
        tableLayouts[index] = layout
        return layout
    }

    private func place(at index: Int) {
        switch blocks[index] {
        case .heading(let title, let level):
            placeHeading(title, level: level, next: index + 1)
        case .paragraph(let body, let link):
            let cell = RowCell(body, style: .body, color: link == nil ? ReportTheme.Colour.body : ReportTheme.Colour.link,
                               x: frame.left, width: frame.width, underline: link != nil, link: link)
            placeRow([cell], splittable: true, after: ReportTheme.Spacing.paragraphAfter)
        case .fields(let fields):
            placeFields(fields, panel: false)
            y += ReportTheme.Spacing.paragraphAfter
        case .table(let table):
            placeTable(tableLayout(at: index, table))
        case .note(let body, let tone):
            placeNote(body, tone: tone)
        case .spacer:
            skip(ReportTheme.Spacing.spacer)
        case .pageBreak:
            if !atPageTop { newPage() }
        }
    }

    private func headingCell(_ title: String, level: Int) -> RowCell {
        let style: TextStyle = switch level {
        case 1: .heading1
        case 2: .heading2
        default: .heading3
        }
        return RowCell(title, style: style, color: ReportTheme.Colour.ink, x: frame.left, width: frame.width)
    }

    private func placeHeading(_ title: String, level: Int, next: Int) {
        let (before, after): (Double, Double) = switch level {
        case 1: (16, 9)
        case 2: (11, 5)
        default: (8, 4)
        }
        skip(before)
        let cell = headingCell(title, level: level)
        let height = text.fit(cell.text, cell.setting).height
        // Keep the heading with the start of what it introduces.
        let lead = min(leadHeight(of: next), frame.height / 2)
        if y + height + after + lead > frame.bottom, !atPageTop {
            newPage()
        }
        if level <= 2 {
            page.add(.bookmark(title: title, level: level, y: y))
        }
        placeRow([cell], after: 0)
        if level == 1 {
            page.add(.rule(from: frame.left, to: frame.right, y: y + 3, thickness: 0.6, ReportTheme.Colour.rule))
            y += 3
        }
        y += after
    }

    /// Height of the smallest piece of the block at `index` that must follow its heading on the same page.
    private func leadHeight(of index: Int) -> Double {
        guard blocks.indices.contains(index) else { return 0 }
        switch blocks[index] {
        case .heading(let title, let level):
            let cell = headingCell(title, level: level)
            return text.fit(cell.text, cell.setting).height + 16
        case .paragraph(let body, _):
            let fit = text.fit(body, TextSetting(style: .body, width: frame.width))
            return fit.lineCount <= 2 ? fit.height : 2 * fit.height / Double(fit.lineCount)
        case .fields(let fields):
            return fields.isEmpty ? 0 : 16
        case .table(let table):
            let layout = tableLayout(at: index, table)
            let header = rowHeight(layout.headerCells(), pad: 2 * ReportTheme.Table.paddingY)
            let first = rowHeight(layout.cells(row: 0), pad: 2 * ReportTheme.Table.paddingY)
            return header + first
        case .note(let body, _):
            return min(60, text.fit(body, TextSetting(style: .note, width: frame.width)).height + 14)
        case .spacer, .pageBreak:
            return 0
        }
    }

    private func placeFields(_ fields: [ReportField], panel: Bool) {
        guard !fields.isEmpty else { return }
        let colour = ReportTheme.Colour.self
        let padding = panel ? 10.0 : 0
        let bar = panel ? 3.0 : 0
        let inner = frame.left + bar + padding
        let innerWidth = frame.width - bar - 2 * padding
        let labelSetting = TextSetting(style: .fieldLabel, width: innerWidth)
        let widest = fields.map { text.measure($0.label, labelSetting).width }.max() ?? 0
        let labelWidth = min(ceil(widest) + 1, innerWidth * 0.3)
        let gap = ReportTheme.Spacing.fieldsColumnGap
        for (index, field) in fields.enumerated() {
            let label = RowCell(field.label, style: .fieldLabel, color: colour.secondary, x: inner, width: labelWidth)
            let value = RowCell(field.value, style: .fieldValue, color: field.link == nil ? colour.ink : colour.link,
                                x: inner + labelWidth + gap, width: innerWidth - labelWidth - gap,
                                underline: field.link != nil, link: field.link)
            let first = index == 0
            let last = index == fields.count - 1
            let top = first ? padding : ReportTheme.Spacing.fieldsRowGap / 2
            let bottom = last ? padding : ReportTheme.Spacing.fieldsRowGap / 2
            placeRow([label, value], padTop: top, padBottom: bottom) { [frame] y, height in
                guard panel else { return [] }
                return [
                    .fill(Rect(x: frame.left, y: y, width: frame.width, height: height), colour.panel),
                    .fill(Rect(x: frame.left, y: y, width: bar, height: height), colour.accent, layer: .overlay),
                ]
            }
        }
    }

    private func placeNote(_ body: String, tone: NoteTone) {
        let padding = ReportTheme.Spacing.notePadding
        let bar = 3.0
        let cell = RowCell(body, style: .note, color: ReportTheme.Colour.body, x: frame.left + bar, width: frame.width - bar,
                           inset: padding + 1)
        skip(2)
        placeRow([cell], padTop: padding, padBottom: padding) { [frame] y, height in
            [
                .fill(Rect(x: frame.left, y: y, width: frame.width, height: height), ReportTheme.noteFill(for: tone)),
                .fill(Rect(x: frame.left, y: y, width: bar, height: height), ReportTheme.noteBar(for: tone), layer: .overlay),
            ]
        }
        y += ReportTheme.Spacing.noteAfter
    }

    private func placeTable(_ layout: TableLayout) {
        let table = layout.table
        let padding = ReportTheme.Table.paddingY
        let colour = ReportTheme.Colour.self
        let headerCells = layout.headerCells()
        let headerHeight = rowHeight(headerCells, pad: 2 * padding)
        let firstRowHeight = rowHeight(layout.cells(row: 0), pad: 2 * padding)
        skip(2)
        if y + headerHeight + min(firstRowHeight, 3 * headerHeight) > frame.bottom, !atPageTop {
            newPage()
        }
        let placeHeader = { [unowned self, frame] in
            placeRow(headerCells, padTop: padding, padBottom: padding) { y, height in
                [
                    .fill(Rect(x: frame.left, y: y, width: frame.width, height: height), colour.tableHeader),
                    .rule(from: frame.left, to: frame.right, y: y + height, thickness: ReportTheme.Table.headerRule, colour.strongRule),
                ]
            }
        }
        placeHeader()
        pageContentTop = y
        repeatedHeader = placeHeader
        repeatedHeaderHeight = headerHeight
        defer {
            repeatedHeader = nil
            repeatedHeaderHeight = 0
        }
        for index in 0..<max(1, table.rows.count) {
            let striped = index % 2 == 1
            placeRow(layout.cells(row: index), padTop: padding, padBottom: padding) { [frame] y, height in
                var decoration: [DrawOp] = []
                if striped {
                    decoration.append(.fill(Rect(x: frame.left, y: y, width: frame.width, height: height), colour.zebra))
                }
                decoration.append(.rule(from: frame.left, to: frame.right, y: y + height, thickness: ReportTheme.Table.rowRule, colour.rule))
                return decoration
            }
        }
        y += ReportTheme.Table.spaceAfter
    }

    // MARK: Rows

    private func rowHeight(_ cells: [RowCell], pad: Double) -> Double {
        rowLayout(cells).contentHeight + pad
    }

    /// Heights of a row's cells and how far each moves down so that all first lines share one baseline
    /// (a smaller label beside a value, a Latin name beside a CJK one). A badge cell is measured exactly,
    /// because its tint hugs the text; other cells are often predicted.
    private func rowLayout(_ cells: [RowCell]) -> (extents: [TextExtents?], fits: [TextFit], drops: [Double], contentHeight: Double) {
        let extents = cells.map { $0.badge == nil ? nil : text.measure($0.text, $0.setting) }
        let fits = zip(cells, extents).map { cell, extents in extents.map(TextFit.init) ?? text.fit(cell.text, cell.setting) }
        let baseline = fits.map(\.baseline).max() ?? 0
        let drops = fits.map { baseline - $0.baseline }
        let contentHeight = zip(fits, drops).map { $0.height + $1 }.max() ?? 0
        return (extents, fits, drops, contentHeight)
    }

    /// Places cells side by side at the current position. A row that does not fit moves to the next page
    /// whole; only a row taller than a page, or a splittable one (a paragraph), is split between lines.
    private func placeRow(
        _ cells: [RowCell], padTop: Double = 0, padBottom: Double = 0, splittable: Bool = false, after: Double = 0,
        decoration: (_ y: Double, _ height: Double) -> [DrawOp] = { _, _ in [] }
    ) {
        let (extents, fits, drops, contentHeight) = rowLayout(cells)
        let height = contentHeight + padTop + padBottom
        if y + height > frame.bottom + 0.01 {
            let freshRoom = frame.height - repeatedHeaderHeight
            if splittable || height > freshRoom {
                placeSplit(cells, padTop: padTop, padBottom: padBottom, decoration: decoration)
                y += after
                return
            }
            newPage()
        }
        page.add(contentsOf: decoration(y, height))
        for index in cells.indices {
            let cell = cells[index]
            if let badge = cell.badge, let extent = extents[index] {
                page.add(.fill(badgeRect(cell, extent, rowY: y, rowHeight: height, padTop: padTop + drops[index]), badge,
                               layer: .overlay))
            }
            page.add(.text(TextOp(text: cell.text, setting: cell.setting, color: cell.color,
                                  x: cell.x + cell.inset, y: y + padTop + drops[index], link: cell.link,
                                  predicted: fits[index].predicted)))
        }
        y += height + after
    }

    private func badgeRect(_ cell: RowCell, _ extent: TextExtents, rowY: Double, rowHeight: Double, padTop: Double) -> Rect {
        guard extent.lineCount == 1 else { return Rect(x: cell.x, y: rowY, width: cell.width, height: rowHeight) }
        let x = cell.x + cell.inset + extent.x
        return Rect(x: x - 3, y: rowY + padTop - 1, width: extent.width + 6, height: extent.height + 2)
    }

    private func placeSplit(
        _ cells: [RowCell], padTop: Double, padBottom: Double, decoration: (_ y: Double, _ height: Double) -> [DrawOp]
    ) {
        let minimumStart = padTop + padBottom + 30
        if frame.bottom - y < minimumStart, !atPageTop {
            newPage()
        }
        let lines = cells.map { text.lines($0.text, $0.setting) }
        var next = Array(repeating: 0, count: cells.count)
        while zip(next, lines).contains(where: { $0 < $1.count }) {
            let room = frame.bottom - y - padTop - padBottom
            var taken: [Range<Int>] = []
            var used = 0.0
            for (start, cellLines) in zip(next, lines) {
                var end = start
                while end < cellLines.count, cellLines[end].bottom - cellLines[start].top <= room { end += 1 }
                if end == start, start < cellLines.count, atPageTop { end += 1 }  // a line taller than a page
                taken.append(start..<end)
                if end > start { used = max(used, cellLines[end - 1].bottom - cellLines[start].top) }
            }
            if taken.allSatisfy(\.isEmpty) {
                newPage()
                continue
            }
            let height = used + padTop + padBottom
            page.add(contentsOf: decoration(y, height))
            for (index, cell) in cells.enumerated() where !taken[index].isEmpty {
                if let badge = cell.badge {
                    page.add(.fill(Rect(x: cell.x, y: y, width: cell.width, height: height), badge, layer: .overlay))
                }
                let slice = LineSlice(lines: taken[index], offset: lines[index][taken[index].lowerBound].top)
                page.add(.text(TextOp(text: cell.text, setting: cell.setting, color: cell.color,
                                        x: cell.x + cell.inset, y: y + padTop, slice: slice, link: cell.link)))
            }
            y += height
            next = taken.map(\.upperBound)
            if zip(next, lines).contains(where: { $0 < $1.count }) {
                newPage()
            }
        }
    }
}

/// Column positions of a table and the cells of its rows.
struct TableLayout {
    let table: ReportTable
    let xs: [Double]
    let widths: [Double]

    /// Columns as wide as their content asks: each at least its widest word (so names, host names and addresses stay
    /// whole), the rest of the page shared by how much more each column's longest line wants.
    init(_ table: ReportTable, frame: PageFrame, text: TextEngine) {
        self.table = table
        let padding = 2 * ReportTheme.Table.paddingX
        var minimums: [Double] = []
        var naturals: [Double] = []
        for (index, column) in table.columns.enumerated() {
            var (widest, longest) = text.widestWordAndLongestLine(column.title, .tableHeader)
            for row in table.rows where row.indices.contains(index) {
                let cell = row[index]
                let style: TextStyle = cell.bold || ReportTheme.fill(for: cell.tone) != nil ? .tableCellBold : .tableCell
                let widths = text.widestWordAndLongestLine(cell.text, style)
                widest = max(widest, widths.word)
                longest = max(longest, widths.line)
            }
            minimums.append(widest + padding)
            naturals.append(longest + padding)
        }
        let widths = table.rows.isEmpty
            ? table.columns.map { frame.width * $0.width / table.columns.reduce(0) { $0 + $1.width } }
            : ColumnWidths.distribute(minimums: minimums, naturals: naturals, available: frame.width)
        var x = frame.left
        var xs: [Double] = []
        for width in widths {
            xs.append(x)
            x += width
        }
        self.xs = xs
        self.widths = widths
    }

    func headerCells() -> [RowCell] {
        table.columns.indices.map { index in
            let column = table.columns[index]
            return RowCell(column.title, style: .tableHeader, color: ReportTheme.Colour.ink, x: xs[index], width: widths[index],
                           inset: ReportTheme.Table.paddingX, alignment: column.alignment)
        }
    }

    /// Cells of row `row`; an empty table has one row saying so.
    func cells(row: Int) -> [RowCell] {
        guard table.rows.indices.contains(row) else {
            let frameWidth = widths.reduce(0, +)
            return [RowCell(table.emptyText, style: .tableCell, color: ReportTheme.text(for: .muted), x: xs.first ?? 0,
                            width: frameWidth, inset: ReportTheme.Table.paddingX)]
        }
        return table.rows[row].indices.map { index in
            let source = table.rows[row][index]
            let color = source.link != nil && source.tone == .normal ? ReportTheme.Colour.link : ReportTheme.text(for: source.tone)
            let bold = source.bold || ReportTheme.fill(for: source.tone) != nil
            var cell = RowCell(source.text, style: bold ? .tableCellBold : .tableCell, color: color, x: xs[index],
                               width: widths[index], inset: ReportTheme.Table.paddingX, alignment: table.columns[index].alignment,
                               underline: source.link != nil, link: source.link)
            cell.badge = ReportTheme.fill(for: source.tone)
            return cell
        }
    }
}
