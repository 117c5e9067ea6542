import Foundation
import Testing
@testable import PortalReports

/// Names, host names and addresses break only at spaces; a token wider than its column breaks before `@ . -`, and
/// text extraction gives every character back.
@Suite struct WordBreakTests {
    let scratch = ScratchDirectory()

    @Test(arguments: [
        ("plain words", "Ana Lima", [Range<Int>]()),
        ("a host name: pieces cut before each hyphen", "srv-ams-00002", [0..<3, 3..<7, 7..<13]),
        ("an address", "ana.lima@example.com", [0..<3, 3..<8, 8..<16, 16..<20]),
        ("only the tokens with separators", "on db-12, twice", [3..<5, 5..<9]),
        ("a leading hyphen is no cut", "-x", []),
        ("a one-byte piece has no inside", "a-b", [1..<3]),
    ] as [(String, String, [Range<Int>])])
    func unbreakablePieces(name: String, text: String, expected: [Range<Int>]) {
        #expect(BreakOpportunities.unbreakableRanges(text) == expected, "\(name)")
    }

    @Test func aLineSeparatorEndsAToken() {
        let bytes = Array("db-12\u{2028}db-13".utf8)
        #expect(BreakOpportunities.token(at: 1, in: bytes) == 0..<5)
        #expect(BreakOpportunities.token(at: 9, in: bytes) == 8..<13)
        #expect(!BreakOpportunities.isSpace(Array("è".utf8), 1), "a continuation byte 0xA8 of another letter is no separator")
    }

    @Test(arguments: [
        ("everything fits: the rest shared by natural width", [10.0, 10], [20.0, 60], 160.0, [40.0, 120]),
        ("words fit, lines do not: room shared by what each wants more", [20.0, 40], [20.0, 240], 100.0, [20.0, 80]),
        ("not even the words: the narrow column keeps its words", [20.0, 70, 90], [20.0, 70, 90], 120.0, [20.0, 50, 50]),
        ("one huge word is capped at 60 % and gets the spare room", [500.0, 20], [500.0, 20], 100.0, [80.0, 20]),
    ] as [(String, [Double], [Double], Double, [Double])])
    func columnWidths(name: String, minimums: [Double], naturals: [Double], available: Double, expected: [Double]) {
        let widths = ColumnWidths.distribute(minimums: minimums, naturals: naturals, available: available)
        #expect(zip(widths, expected).allSatisfy { abs($0 - $1) < 0.001 }, "\(name): \(widths)")
        #expect(abs(widths.reduce(0, +) - available) < 0.001, "\(name): the table spans the width")
    }

    /// Tables whose columns must share the page: the long words stay whole, the prose wraps.
    static func document(_ rows: [[ReportCell]]) -> ReportDocument {
        ReportDocument(title: "Words", creationDate: ReportFixtures.creationDate, blocks: [
            .table(ReportTable(columns: [ReportColumn("Host"), ReportColumn("Why")], rows: rows.map { [$0[0], $0[2]] })),
            .table(ReportTable(columns: [ReportColumn("Contact"), ReportColumn("Why")], rows: rows.map { [$0[1], $0[2]] })),
        ])
    }

    @Test func wordsStayWholeAndWrapOnlyAtSpaces() throws {
        let host = "srv-ams-very-long-host-name-for-wrapping-tests-001"
        let email = "anna.maria.lopez-fernandez.contractor@subsidiary.example.com"
        let prose = (1...40).map { "srv-ams-\(String(format: "%05d", $0))" }.joined(separator: ", ")
        let path = try scratch.render(Self.document([[ReportCell(host), ReportCell(email), ReportCell(prose)],
                                                     [ReportCell("srv-ams-00002"), ReportCell("ana@example.com"), ReportCell("runs only on \(prose)")]]))
        for layout in [true, false] {
            let text = try PDFTools.text(path, layout: layout)
            for word in [host, email, "srv-ams-00002"] + (1...40).map({ "srv-ams-\(String(format: "%05d", $0))" }) {
                #expect(text.contains(word), "\(word) broken (layout: \(layout))")
            }
            #expect(!text.contains("-\n"), "no line ends in a hyphen")
        }
    }

    @Test func aTokenWiderThanItsColumnBreaksBeforeSeparatorsAndLosesNothing() throws {
        let token = "first-part.second-part@" + String(repeating: "sub-domain.", count: 12) + "example.com"
        let path = try scratch.render(Self.document([[ReportCell("x"), ReportCell("y"), ReportCell(token)],
                                                     [ReportCell(token), ReportCell(token), ReportCell(token)]]))
        for layout in [true, false] {
            let lines = try PDFTools.text(path, layout: layout).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let pieces = lines.filter { !$0.isEmpty && token.contains($0.split(separator: " ").last.map(String.init) ?? "#") }
            #expect(pieces.count > 3, "the token wrapped")
            for line in lines where line.contains("sub-domain") || line.contains("example") {
                #expect(!line.hasSuffix("-") && !line.hasSuffix("."), "broke after a separator: \(line)")
            }
            let joined = try PDFTools.text(path, layout: layout).filter { !$0.isWhitespace }
            #expect(joined.contains(token), "every character, in order (layout: \(layout))")
        }
    }
}
