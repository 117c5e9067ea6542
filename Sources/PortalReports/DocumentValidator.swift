/// Checks the rules of the document model before any drawing, so a bad document fails with a clear message.
enum DocumentValidator {
    static func validate(_ document: ReportDocument) throws {
        for (blockIndex, block) in document.blocks.enumerated() {
            let place = "block \(blockIndex + 1)"
            switch block {
            case .heading(_, let level) where level < 1:
                throw invalid(place, "heading level \(level) is below 1")
            case .table(let table):
                try validate(table, place: place)
            default:
                continue
            }
        }
    }

    private static func validate(_ table: ReportTable, place: String) throws {
        guard !table.columns.isEmpty else { throw invalid(place, "table has no columns") }
        for (index, column) in table.columns.enumerated() where !(column.width > 0 && column.width.isFinite) {
            throw invalid(place, "column \(index + 1) (\(column.title)) has width \(column.width); widths must be positive")
        }
        for (index, row) in table.rows.enumerated() where row.count != table.columns.count {
            throw invalid(place, "row \(index + 1) has \(row.count) cells, the table has \(table.columns.count) columns")
        }
    }

    private static func invalid(_ place: String, _ message: String) -> PDFRenderError {
        PDFRenderError(kind: .invalidDocument, call: place, message: message)
    }
}
