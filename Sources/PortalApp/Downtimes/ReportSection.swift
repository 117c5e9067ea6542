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
            lines = text.isEmpty ? [] : text.components(separatedBy: "\n")
            self.href = href
            self.badge = badge
            self.bold = bold
            self.flag = flag
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
