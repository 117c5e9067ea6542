import Foundation
import Testing
import PortalReports

/// A 2,000-row table: the size of the benchmark report.
@Suite struct LargeReportTests {
    let scratch = ScratchDirectory()

    @Test func twoThousandRowsPaginateWithCorrectPageCount() throws {
        let path = try scratch.render(ReportFixtures.large(rows: 2000))
        let pages = try #require(Int(try PDFTools.info(path)["Pages"] ?? ""))
        #expect((30...70).contains(pages), "\(pages) pages")
        #expect(try PDFTools.text(path, first: 1, last: 1).contains("Page 1 of \(pages)"))
        let last = try PDFTools.text(path, first: pages, last: pages)
        #expect(last.contains("Page \(pages) of \(pages)"))
        #expect(last.contains("object-1999"))
        let text = try PDFTools.text(path)
        let objects = text.split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix("object-") }
        #expect(objects.count == 2000, "every row once")
    }
}
