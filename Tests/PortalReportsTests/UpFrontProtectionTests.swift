import Foundation
import Testing
@testable import PortalReports

/// Words of a short text are protected before its first layout (#14) instead of after Pango broke one, and
/// rectangles are filled one by one so that cairo writes them as `re`. Neither may change what the PDF shows.
@Suite struct UpFrontProtectionTests {
    let scratch = ScratchDirectory()

    /// Names that Pango would break after a hyphen or before a dot, tokens wider than their box, scripts and
    /// line feeds, in columns narrow enough to wrap most of them.
    static func breakingNames() -> ReportDocument {
        let texts = [
            "srv-ams-00002.example.com", "depends (hard) on stock-api-159", "ops-team@example.com and dba-oncall@example.com",
            "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t", "山田太郎 → db-12.fra2", "Ольга Иванова (data-owner)",
            String(repeating: "x", count: 90), "line one\nline-two-three.example", "uses payroll-db-123 → crm-api-045 → ledger-svc-287",
            "Zoë Lefèvre (downtime-coordinator, primary); Łukasz Wójcik", "https://tickets.example.com/browse/CHG-118230",
            String(repeating: "long-token.", count: 30),
        ]
        let rows = texts.enumerated().map { index, text in
            [ReportCell("n-\(index)", bold: true), ReportCell(text), ReportCell(text, tone: .muted), ReportCell(text)]
        }
        let table = ReportTable(columns: [ReportColumn("Name", width: 0.5), ReportColumn("Narrow", width: 0.7),
                                          ReportColumn("Medium", width: 1.3), ReportColumn("Wide", width: 2.5)], rows: rows)
        return ReportDocument(title: "Breaking names", metadata: ReportFixtures.metadata(),
                              creationDate: ReportFixtures.creationDate, blocks: [.heading("Names"), .table(table)])
    }

    @Test func protectingUpFrontDoesNotChangeTheOutput() throws {
        for document in [Self.breakingNames(), ReportFixtures.sample(), ReportFixtures.large(rows: 300)] {
            let outputs = try Renders.of(document, [0, 2_000, TextEngine.upFrontBudget]) {
                try PDFRenderer.render($0, into: $1, upFrontBudget: $2)
            }
            #expect(outputs[0].count > 5_000)
            #expect(outputs[1] == outputs[0], "a small up-front budget changed the PDF of \(document.title)")
            #expect(outputs[2] == outputs[0], "protecting up front changed the PDF of \(document.title)")
        }
    }

    /// A box taller than a page is drawn in slices from one layout (the one made when measuring it): the same PDF as
    /// laying it out for every slice, and every word extracts once, in order.
    @Test func slicesOfATallBoxShareOneLayout() throws {
        let document = ReportFixtures.tallRow()
        let outputs = try Renders.of(document, [0, TextEngine.plannedCapacity]) {
            try PDFRenderer.render($0, into: $1, plannedLayouts: $2)
        }
        #expect(outputs[1] == outputs[0], "drawing slices from the measured layout changed the PDF")
        let path = scratch.url.appendingPathComponent("tall.pdf").path
        try outputs[1].write(to: URL(fileURLWithPath: path))
        let words = try PDFTools.text(path, layout: false).split(whereSeparator: \.isWhitespace).filter { $0.hasPrefix("w") }
        #expect(words == (1...2500).map { String(format: "w%04d", $0)[...] })
        #expect(try PDFTools.info(path)["Pages"].flatMap(Int.init) ?? 0 > 2)
    }

    /// A hyphenated name still moves to the next line whole or breaks before a separator, never after a hyphen.
    @Test func noLineEndsInAHyphen() throws {
        let path = try scratch.render(Self.breakingNames())
        let lines = try PDFTools.text(path, layout: false).split(separator: "\n")
        #expect(lines.count > 40)
        for line in lines {
            #expect(!line.hasSuffix("-"), "a line ends after a hyphen: \(line)")
        }
    }

    /// Backgrounds and badges are written as `x y w h re f`, not as four-segment paths.
    @Test func rectanglesAreWrittenAsRectangles() throws {
        let path = try scratch.render(ReportFixtures.sample())
        let script = """
        import re, sys, pypdf
        page = pypdf.PdfReader(sys.argv[1]).pages[0]
        data = page.get_contents().get_data()
        print(len(re.findall(rb' re\\s', data)), len(re.findall(rb' l\\s+h\\s', data)))
        """
        let counts = try PDFTools.python(script, path).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        #expect(counts.count == 2)
        #expect(counts.first ?? 0 > 10, "too few rectangles: \(counts)")
        #expect(counts.last == 0, "a rectangle is still a path: \(counts)")
    }
}
