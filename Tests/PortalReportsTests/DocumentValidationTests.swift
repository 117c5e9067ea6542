import Foundation
import Testing
@testable import PortalReports

/// Bad documents and bad paths fail with errors a caller can act on.
@Suite struct DocumentValidationTests {
    let scratch = ScratchDirectory()

    static func document(_ blocks: [ReportBlock]) -> ReportDocument {
        ReportDocument(title: "Invalid", creationDate: ReportFixtures.creationDate, blocks: blocks)
    }

    @Test(arguments: [
        ("row with a missing cell", [ReportBlock.table(ReportTable(columns: [ReportColumn("A"), ReportColumn("B")], rows: [["1"]]))],
         "row 1 has 1 cells, the table has 2 columns"),
        ("table without columns", [.table(ReportTable(columns: [], rows: []))], "table has no columns"),
        ("zero-width column", [.table(ReportTable(columns: [ReportColumn("A", width: 0)], rows: []))], "widths must be positive"),
        ("heading level 0", [.heading("Zero", level: 0)], "heading level 0 is below 1"),
    ])
    func invalidDocumentsAreRejected(name: String, blocks: [ReportBlock], message: String) {
        #expect(throws: PDFRenderError.self, "\(name)") { try PDFRenderer.render(Self.document(blocks)) }
        do {
            _ = try PDFRenderer.render(Self.document(blocks))
        } catch let error as PDFRenderError {
            #expect(error.kind == .invalidDocument)
            #expect(error.description.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func unwritablePathFailsWithErrno() {
        do {
            try PDFRenderer.write(ReportFixtures.sample(rows: 1), to: "/nonexistent-directory/report.pdf")
            Issue.record("expected an error")
        } catch let error as PDFRenderError {
            #expect(error.kind == .io(errno: ENOENT))
            #expect(error.description.contains("/nonexistent-directory/report.pdf"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func invalidDocumentLeavesAnExistingFileAlone() throws {
        let path = scratch.url.appendingPathComponent("existing.pdf").path
        try Data("previous report".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: PDFRenderError.self) { try PDFRenderer.write(Self.document([.heading("Zero", level: 0)]), to: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("previous report".utf8))
    }

    @Test func emptyTableSaysSo() throws {
        let document = Self.document([.table(ReportTable(columns: [ReportColumn("A")], rows: [], emptyText: "Nothing affected."))])
        let text = try PDFTools.text(try scratch.render(document))
        #expect(text.contains("Nothing affected."))
    }
}
