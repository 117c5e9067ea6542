import PortalCore
import PortalHTTP
import PortalStore

/// The `/import` page: the upload form, a dry run's counts and first rows with its Import button, or the problems.
struct ImportPage {
    struct KindOption {
        let value: String
        let label: String
        let columns: String
        let selected: Bool
    }

    struct ModeOption {
        let value: String
        let label: String
        let help: String
        let checked: Bool
    }

    struct ProblemRow {
        let line: Int
        let column: String
        let message: String
    }

    /// A dry run of a staged file: what Import will write.
    struct Preview {
        struct Row {
            let line: Int
            let action: String
            let cells: [Cell]
        }

        /// A value with its column's name (the label of a stacked card on a phone).
        struct Cell {
            let column: String
            let value: String
        }

        let token: String
        let filename: String
        let kindTitle: String
        /// "Start again" keeps the kind chosen.
        let startAgainHref: String
        let modeLabel: String
        let created: Int
        let updated: Int
        let unchanged: Int
        let columns: [String]
        let rows: [Row]
        let hasRows: Bool
        let shownNote: String
        let canImport: Bool
        let importLabel: String

        init(token: String, filename: String, kind: ImportKind, mode: ImportMode, summary: ImportSummary) {
            self.token = token
            self.filename = filename
            kindTitle = kind.title
            startAgainHref = "/import?kind=\(kind.rawValue)"
            modeLabel = ImportPage.modeLabel(mode)
            created = summary.created
            updated = summary.updated
            unchanged = summary.unchanged
            columns = summary.columns
            rows = summary.preview.map { row in
                Row(line: row.line, action: row.action.rawValue, cells: zip(summary.columns, row.values).map { Cell(column: $0, value: $1) })
            }
            hasRows = !rows.isEmpty
            shownNote = summary.total > summary.preview.count
                ? "The first \(summary.preview.count) of \(Plural.count(summary.total, "row")):"
                : (summary.total == 0 ? "The file has no rows after its header." : "Every row:")
            canImport = summary.written > 0
            importLabel = "Import: " + [summary.created > 0 ? "create \(summary.created)" : nil,
                                        summary.updated > 0 ? "update \(summary.updated)" : nil].compactMap { $0 }.joined(separator: ", ")
        }
    }

    let site: SiteChrome
    let title = "Import inventory from CSV"
    let kinds: [KindOption]
    let modes: [ModeOption]
    let hasResult: Bool
    let succeeded: Bool
    let resultMessage: String
    let problems: [ProblemRow]
    let hasProblems: Bool
    let preview: Preview?

    init(_ request: Request, kind: String, mode: ImportMode = .create, ok: Bool = false, message: String? = nil,
         problems: [InventoryCSV.Problem] = [], preview: Preview? = nil) {
        site = SiteChrome(request)
        kinds = ImportKind.all.map { .init(value: $0.rawValue, label: $0.title, columns: $0.columns.joined(separator: ","), selected: $0.rawValue == kind) }
        modes = [
            ModeOption(value: ImportMode.create.rawValue, label: ImportPage.modeLabel(.create),
                       help: "A row whose name exists already is an error.", checked: mode == .create),
            ModeOption(value: ImportMode.upsert.rawValue, label: ImportPage.modeLabel(.upsert),
                       help: "Rows matched by name are updated (columns the file leaves out keep their values); new names are created.",
                       checked: mode == .upsert),
        ]
        hasResult = message != nil
        succeeded = ok
        resultMessage = message ?? ""
        self.problems = problems.map { ProblemRow(line: $0.line, column: $0.column, message: $0.message) }
        hasProblems = !problems.isEmpty
        self.preview = preview
    }

    static func modeLabel(_ mode: ImportMode) -> String {
        switch mode {
        case .create: "Create only"
        case .upsert: "Create and update"
        }
    }
}
