import CPangoCairo
import Foundation
import Testing
@testable import PortalReports

/// The work a render no longer repeats (#14): layouts kept from planning for drawing, and column widths measured in
/// one pass over each cell. Neither may change a byte of the PDF or a bit of a width.
@Suite struct RenderReuseTests {
    static let texts = [
        "plain words", "  leading and trailing  ", "double  space", "line one\nline two", "\n\nblank lines\n\n",
        "tab\tseparated", "e\u{301}t\u{301}e\u{301} combining", "space then mark \u{301}x", "CRLF line\r\nnext line",
        "山田太郎 and Ольга Иванова", "Zoë Lefèvre (owner); Łukasz Wójcik", "uses a-db-001 → b-api-002", "", " ", "\n",
        "emoji 👩‍💻 ok", "srv-ams-00002.example.com", "a\u{2028}b", "ליאור כהן", "Ελένη Παπαδοπούλου",
    ]

    /// Only a tab, a combining mark and characters outside the predictable scripts send a text word by word.
    static let wordByWord: Set<String> = [
        "tab\tseparated", "e\u{301}t\u{301}e\u{301} combining", "space then mark \u{301}x", "CRLF line\r\nnext line",
        "山田太郎 and Ольга Иванова", "emoji 👩‍💻 ok", "a\u{2028}b", "ליאור כהן",
    ]

    @Test func keptLayoutsFromPlanningDoNotChangeTheOutput() throws {
        for document in [ReportFixtures.sample(), ReportFixtures.large(rows: 300)] {
            let outputs = try Renders.of(document, [0, 5, TextEngine.plannedCapacity]) {
                try PDFRenderer.render($0, into: $1, plannedLayouts: $2)
            }
            #expect(outputs[0].count > 10_000)
            #expect(outputs[1] == outputs[0], "a few kept layouts changed the PDF")
            #expect(outputs[2] == outputs[0], "kept layouts changed the PDF")
        }
    }

    /// The one-pass sums against `width` word by word and line by line, with made-up advances (not round numbers,
    /// so that any change in the order of additions would show in the last bits).
    @Test(arguments: texts)
    func onePassWidthsEqualWordByWordWidths(text: String) throws {
        let measure: (String, TextStyle) -> (width: Double, height: Double) = { string, _ in
            (Double(string.unicodeScalars.first!.value % 97) * 0.37 + 1.1, 10)
        }
        var predictor = SingleLinePredictor()
        let onePass = predictor.widestWordAndLongestLine(text, .tableCell, measure: measure)
        if Self.wordByWord.contains(text) {
            #expect(onePass == nil, "\(text.debugDescription) must go word by word")
            return
        }
        let fast = try #require(onePass, "\(text.debugDescription) should take the one pass")
        var reference = SingleLinePredictor()
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        let lines = text.split(separator: "\n")
        let word = words.reduce(0.0) { max($0, reference.width($1, .tableCell, measure: measure)!) }
        let line = lines.reduce(0.0) { max($0, reference.width($1, .tableCell, measure: measure)!) }
        #expect(fast.word == word)
        #expect(fast.line == line)
    }

    /// The same with Pango's real advances and fallback fonts, through the text engine the planner uses.
    @Test func columnWidthsWithRealFontsEqualWordByWordMeasuring() throws {
        let surface = try #require(cairo_pdf_surface_create_for_stream(nil, nil, 595, 842))
        defer { cairo_surface_destroy(surface) }
        let cairo = try #require(cairo_create(surface))
        defer { cairo_destroy(cairo) }
        let engine = try TextEngine(cairo: cairo)
        let reference = try TextEngine(cairo: cairo)
        for style in [TextStyle.tableCell, .tableCellBold, .tableHeader] {
            for text in Self.texts {
                let widths = engine.widestWordAndLongestLine(text, style)
                let word = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
                    .reduce(0.0) { max($0, reference.naturalWidth($1, style)) }
                let line = text.split(separator: "\n").reduce(0.0) { max($0, reference.naturalWidth($1, style)) }
                #expect(widths.word == word, "\(text.debugDescription) \(style)")
                #expect(widths.line == line, "\(text.debugDescription) \(style)")
                #expect(text.isEmpty || text.allSatisfy(\.isWhitespace) || widths.word > 0)
            }
        }
    }
}
