import Foundation
import Testing
@testable import PortalReports

/// What a reader gets out of the PDF: text in order, repeated headers, every script, nothing past the margin.
@Suite struct PDFContentTests {
    let scratch = ScratchDirectory()

    @Test func headingsAndRowsAppearInOrder() throws {
        let text = try PDFTools.text(try scratch.render(ReportFixtures.sample()))
        let expected = ReportFixtures.headings + ["svc-000", "svc-050", "svc-119"]
        var searchFrom = text.startIndex
        for needle in ["Forewarn", "Change-impact report: DT-42", "Firmware upgrade of the db-east cluster",
                       "Summary", "Affected services", "Production", "svc-000", "svc-050", "svc-119", "Contacts",
                       "Appendix", "Method", "Open the ticket"] {
            let found = try #require(text.range(of: needle, range: searchFrom..<text.endIndex), "\(needle) missing or out of order")
            searchFrom = found.upperBound
        }
        #expect(expected.allSatisfy(text.contains))
    }

    @Test func tableHeaderRepeatsOnTheNextPage() throws {
        let path = try scratch.render(ReportFixtures.sample())
        let pageTwo = try PDFTools.text(path, first: 2, last: 2)
        let headerLine = pageTwo.split(separator: "\n").first { line in
            ReportFixtures.tableHeader.allSatisfy { line.contains($0) }
        }
        let line = try #require(headerLine, "page 2 has no header row:\n\(pageTwo)")
        let positions = ReportFixtures.tableHeader.map { line.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted(), "header columns out of order: \(line)")
        #expect(pageTwo.contains("svc-"), "page 2 continues the table")
    }

    @Test func footerNumbersEveryPage() throws {
        let path = try scratch.render(ReportFixtures.sample())
        let pages = try #require(Int(try PDFTools.info(path)["Pages"] ?? ""))
        #expect(pages >= 3)
        for page in 1...pages {
            let text = try PDFTools.text(path, first: page, last: page)
            #expect(text.contains("Page \(page) of \(pages)"))
            #expect(text.contains("Snapshot 42 · generated 2027-01-10 09:00 UTC"))
        }
    }

    @Test(arguments: ["山田太郎", "김민수", "José Núñez", "Zoë Lefèvre", "Łukasz Wójcik", "Ольга Иванова"])
    func namesInEveryScriptAreExtractable(name: String) throws {
        let text = try PDFTools.text(try scratch.render(ReportFixtures.sample()))
        #expect(text.contains(name))
    }

    @Test(arguments: ["דוד כהן", "ليلى حداد"])
    func rightToLeftNamesAreExtractableAndStayInLeftAlignedCells(name: String) throws {
        let path = try scratch.render(ReportFixtures.sample())
        // pdftotext wraps right-to-left runs in embedding marks and may space them differently.
        let squeezed = try PDFTools.text(path, first: 1, last: 1).unicodeScalars
            .filter { !(0x202A...0x202E).contains($0.value) && $0 != " " }
        #expect(String(String.UnicodeScalarView(squeezed)).contains(name.replacingOccurrences(of: " ", with: "")))

        // -bbox gives right-to-left text glyph by glyph; group them into rows and find each row's left edge.
        let words = try PDFTools.words(path)
        let letters = Set(name.unicodeScalars.filter { $0 != " " })
        let column = try #require(words.first { $0.page == 1 && $0.text == "José" }, "the Owner column's Latin neighbour")
        let glyphs = words.filter { $0.page == 1 && $0.text.unicodeScalars.contains(where: letters.contains) }
        let rows = Dictionary(grouping: glyphs) { Int($0.yMin.rounded()) }
        #expect(!rows.isEmpty)
        for (_, row) in rows {
            let left = row.map(\.xMin).min()!
            #expect(abs(left - column.xMin) < 1.0, "\(name) starts at \(left), its column at \(column.xMin)")
            #expect(row.map(\.xMax).max()! < column.xMin + 90, "\(name) stays inside its column")
        }
    }

    @Test func longTokenWrapsInsideTheMargin() throws {
        let path = try scratch.render(ReportFixtures.sample())
        let words = try PDFTools.words(path)
        let rightEdge = PaperSize.a4.width - ReportTheme.margin
        let overflowing = words.filter { $0.xMax > rightEdge + 0.5 }
        #expect(overflowing.isEmpty, "past the right margin: \(overflowing.map(\.text))")
        let pieces = words.filter { $0.text.hasPrefix("unbreakable") || $0.text.first?.isNumber == true && $0.text.contains("unbreak") }
        #expect(pieces.count > 1, "the token wrapped onto several lines")
        let raw = try PDFTools.text(path, layout: false).filter { !$0.isWhitespace }
        #expect(raw.contains(ReportFixtures.longToken), "every character of the token is there, in order")
    }

    @Test func rowTallerThanAPageIsSplitBetweenLines() throws {
        let path = try scratch.render(ReportFixtures.tallRow())
        let pages = try #require(Int(try PDFTools.info(path)["Pages"] ?? ""))
        #expect(pages >= 2)
        let raw = try PDFTools.text(path, layout: false)
        let numbers = raw.split(whereSeparator: \.isWhitespace).filter { $0.count == 5 && $0.hasPrefix("w") }.map(String.init)
        #expect(numbers == (1...2500).map { String(format: "w%04d", $0) }, "all 2,500 words once, in order")
        #expect(try PDFTools.text(path, first: 2, last: 2).contains("Name"), "header repeated above the continuation")
        #expect(raw.contains("after"))
    }

    @Test func linksAreClickable() throws {
        let path = try scratch.render(ReportFixtures.sample())
        let script = """
        import sys, pypdf
        reader = pypdf.PdfReader(sys.argv[1])
        for number, page in enumerate(reader.pages, 1):
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A")
                if action and "/URI" in action:
                    print(number, action["/URI"])
        """
        let links = try PDFTools.python(script, path).split(separator: "\n").map(String.init)
        let ticket = "https://tickets.example.com/browse/CHG-118230?view=it%27s%28all%29"
        #expect(links.first == "1 \(ticket)", "title block ticket link: \(links)")
        #expect(links.contains { $0.hasSuffix("mailto:owner1@example.com") })
        #expect(links.last?.hasSuffix(ticket) == true, "the linked paragraph")
    }
}
