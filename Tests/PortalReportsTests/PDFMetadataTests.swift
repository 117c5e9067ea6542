import Foundation
import Testing
import PortalReports

/// Page size, document information and outline, as other programs read them.
@Suite struct PDFMetadataTests {
    let scratch = ScratchDirectory()

    @Test(arguments: [(PaperSize.a4, "595.28 x 841.89 pts (A4)"), (.letter, "612 x 792 pts (letter)")])
    func pageSize(paper: PaperSize, expected: String) throws {
        let info = try PDFTools.info(try scratch.render(ReportFixtures.sample(paper: paper, rows: 10)))
        #expect(info["Page size"] == expected)
    }

    @Test func documentInformation() throws {
        let info = try PDFTools.info(try scratch.render(ReportFixtures.sample(rows: 10)))
        #expect(info["Title"] == "Change-impact report DT-42")
        #expect(info["Subject"] == "Impact of downtime DT-42 (a4)")
        #expect(info["Author"] == "Zoë Lefèvre")
        #expect(info["Creator"] == "Forewarn tests")
        #expect(info["Keywords"] == "downtime, impact, DT-42")
        #expect(info["CreationDate"]?.hasPrefix("2027-01-10T09:00:00") == true, "from the document, not the clock")
        #expect(info["ModDate"]?.hasPrefix("2027-01-10T09:00:00") == true)
    }

    @Test func outlineHasLevelOneAndNestedLevelTwoBookmarks() throws {
        let path = try scratch.render(ReportFixtures.sample())
        let script = """
        import sys, pypdf
        reader = pypdf.PdfReader(sys.argv[1])
        def walk(items, depth):
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    print(f"{depth}|{item.title}|{reader.get_destination_page_number(item) + 1}")
        walk(reader.outline, 0)
        """
        let entries = try PDFTools.python(script, path).split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        #expect(entries.map { "\($0[0]) \($0[1])" } == [
            "0 Summary", "0 Affected services", "1 Production", "0 Contacts", "0 Appendix", "1 Method",
        ])
        let pages = entries.compactMap { Int($0[2]) }
        #expect(pages.first == 1)
        #expect(pages == pages.sorted(), "bookmarks point at pages in reading order: \(pages)")
        #expect(pages[3] > 1, "Contacts come after the long table")
        let text = try PDFTools.text(path, first: pages[3], last: pages[3])
        #expect(text.contains("Contacts"), "the Contacts bookmark points at the page with that heading")
    }
}
