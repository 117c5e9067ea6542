import PortalReports

/// One section of the change-impact report. The HTML page and the PDF are both drawn from the same list of sections,
/// so they have the same headings in the same order; a section with nothing to show says "None".
struct ReportSection {
    /// A labelled value; `flag` is a warning printed in red after it.
    struct Field {
        let label: String
        let value: String
        let href: String
        let flag: String

        init(_ label: String, _ value: String, href: String = "", flag: String = "") {
            self.label = label
            self.value = value
            self.href = href
            self.flag = flag
        }
    }

    /// A sentence, optionally with one linked reference inside it (`DT-2`); `warning` draws it as a warning note.
    struct Line {
        let before: String
        let reference: String
        let href: String
        let after: String
        let warning: Bool

        init(_ text: String, warning: Bool = false) {
            before = text
            reference = ""
            href = ""
            after = ""
            self.warning = warning
        }

        init(_ conflict: ConflictLine) {
            before = conflict.before
            reference = conflict.reference
            href = conflict.href
            after = conflict.after
            warning = true
        }

        var text: String { before + reference + after }
    }

    struct Cell {
        let lines: [String]
        /// A portal path (`/services/3`) or an absolute link (`mailto:`).
        let href: String
        /// A state class (`down`, `degraded`, `at_risk`) drawn as a coloured badge.
        let badge: String
        let bold: Bool
        /// "no address: cannot be told", in red.
        let flag: String

        init(_ text: String, href: String = "", badge: String = "", bold: Bool = false, flag: String = "") {
            self.init(lines: Self.lines(of: text), href: href, badge: badge, bold: bold, flag: flag)
        }

        /// A cell of lines already split; `Cell(lines: ReportSection.Cell.lines(joining: parts))` equals
        /// `Cell(parts.joined(separator: "\n"))` without building and splitting the joined text.
        init(lines: [String], href: String = "", badge: String = "", bold: Bool = false, flag: String = "") {
            self.lines = lines
            self.href = href
            self.badge = badge
            self.bold = bold
            self.flag = flag
        }

        /// The lines of a text split at every line feed character, empty lines kept; none for an empty text. The same
        /// lines as Foundation's `components(separatedBy: "\n")` (a CR LF pair is one character there too, not split),
        /// but a text without a line feed byte, nearly every cell, is not searched character by character: report
        /// tables hold thousands of cells, and `components(separatedBy:)` was most of the time spent building them.
        static func lines(of text: String) -> [String] {
            if text.isEmpty { return [] }
            guard text.utf8.contains(10) else { return [text] }
            return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }

        /// The lines of `parts.joined(separator: "\n")`, without joining and splitting again when no part holds a line
        /// feed and none but the last ends in a carriage return (which would pair with the joining line feed).
        static func lines(joining parts: [String]) -> [String] {
            if parts.count == 1 { return lines(of: parts[0]) }
            let plain = !parts.contains { $0.utf8.contains(10) } && !parts.dropLast().contains { $0.utf8.last == 13 }
            return plain ? parts : lines(of: parts.joined(separator: "\n"))
        }

        var text: String { lines.joined(separator: "\n") }
    }

    struct Row {
        let cells: [Cell]
    }

    struct Table {
        let columns: [String]
        let rows: [Row]
    }

    let title: String
    let anchor: String
    let fields: [Field]
    let hasFields: Bool
    let lines: [Line]
    let table: Table?
    /// Sentences after the table ("And 30 more: see the notification list.").
    let after: [Line]
    /// Nothing to show: the section says "None".
    let none: Bool
    /// The PDF starts a new page after this section (the one-page contact summary).
    let breakAfter: Bool

    init(_ title: String, anchor: String, fields: [Field] = [], lines: [Line] = [], table: Table? = nil, after: [Line] = [],
         breakAfter: Bool = false) {
        self.title = title
        self.anchor = anchor
        self.fields = fields
        hasFields = !fields.isEmpty
        self.lines = lines
        self.table = table.flatMap { $0.rows.isEmpty ? nil : $0 }
        self.after = after
        none = fields.isEmpty && lines.isEmpty && self.table == nil
        self.breakAfter = breakAfter
    }

    /// The words of an empty section, in both the page and the PDF.
    static let noneText = "None"
    /// The flag of a person or team without an e-mail address.
    static let noAddress = "no address: cannot be told"
}
