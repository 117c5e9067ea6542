import Foundation

/// A table of wrapped text cells; every row has one cell per column.
public struct ReportTable: Sendable, Equatable {
    public var columns: [ReportColumn]
    public var rows: [[ReportCell]]
    /// Shown in a single row when `rows` is empty.
    public var emptyText: String

    /// Creates a table.
    public init(columns: [ReportColumn], rows: [[ReportCell]], emptyText: String = "No entries.") {
        self.columns = columns
        self.rows = rows
        self.emptyText = emptyText
    }
}

/// A table column: its header, its share of the width and how its cells align.
public struct ReportColumn: Sendable, Equatable {
    public var title: String
    /// Relative weight: a column of weight 2 is twice as wide as one of weight 1.
    public var width: Double
    public var alignment: ColumnAlignment

    /// Creates a column.
    public init(_ title: String, width: Double = 1, alignment: ColumnAlignment = .leading) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// Horizontal alignment of the text inside a column's cells. Boxes stay left to right even for
/// right-to-left text; only the text inside a cell is reordered.
public enum ColumnAlignment: Sendable, Equatable {
    case leading
    case center
    case trailing
}

/// One table cell.
public struct ReportCell: Sendable, Equatable, ExpressibleByStringLiteral {
    public var text: String
    public var link: URL?
    public var tone: CellTone
    public var bold: Bool

    /// Creates a cell.
    public init(_ text: String, link: URL? = nil, tone: CellTone = .normal, bold: Bool = false) {
        self.text = text
        self.link = link
        self.tone = tone
        self.bold = bold
    }

    /// A plain cell from a string literal.
    public init(stringLiteral value: String) {
        self.init(value)
    }
}

/// How a cell is coloured: states such as down, degraded and at risk, or de-emphasised text.
public enum CellTone: Sendable, Equatable {
    case normal
    /// Red: e.g. "down".
    case danger
    /// Amber: e.g. "degraded".
    case warning
    /// Yellow: e.g. "at risk".
    case caution
    /// Grey: secondary information.
    case muted
}
