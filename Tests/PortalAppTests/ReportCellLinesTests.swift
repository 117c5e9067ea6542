import Foundation
@testable import PortalApp
import Testing

/// Report cells split their text into lines by bytes, not with Foundation's `components(separatedBy:)` (most of the
/// time spent building a 7,000-row report's sections); the lines must be exactly the ones Foundation gave.
@Suite struct ReportCellLinesTests {
    static let texts = ["", "one line", "a\nb", "a\n", "\n", "\n\n", "a\n\nb", "line\r\nnext", "\r\n", "é\nü\n", "山田太郎\n技術担当",
                        "e\u{301}\nx", "👩‍👩‍👧\n👍🏽", "tab\tand\u{2028}separator\nend", String(repeating: "row\n", count: 50)]

    @Test(arguments: texts)
    func linesAreFoundationsComponents(text: String) {
        let expected = text.isEmpty ? [] : text.components(separatedBy: "\n")
        #expect(ReportSection.Cell.lines(of: text) == expected)
        #expect(ReportSection.Cell(text).lines == expected)
    }

    @Test func joinedPartsGiveTheLinesOfTheJoinedText() {
        let cases: [[String]] = [[], [""], ["", ""], ["a"], ["a", "b"], ["a", ""], ["", "b"], ["a\nb", "c"], ["x\r\n", "y"], ["a\r", "b"], ["a", "b\r"], ["\r", "\r"], Self.texts]
        for parts in cases {
            let joined = parts.joined(separator: "\n")
            #expect(ReportSection.Cell.lines(joining: parts) == (joined.isEmpty ? [] : joined.components(separatedBy: "\n")), "\(parts)")
        }
    }
}
