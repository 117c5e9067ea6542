import PortalCore
import Testing

@Suite("Field rules and CSV")
struct FieldRulesTests {
    @Test(arguments: [
        ("ana@example.com", true), ("a.b+c@sub.example.org", true), ("no-at-sign", false), ("two@@example.com", false),
        ("x@localhost", false), ("x@.example.com", false), ("x y@example.com", false), ("x@example..com", false), ("", false),
    ])
    func emails(value: String, valid: Bool) {
        #expect((FieldRules.email(value) == nil) == valid)
    }

    @Test(arguments: [("Europe/Paris", true), ("UTC", true), ("Australia/Lord_Howe", true), ("Mars/Olympus", false), ("paris", false), ("", false)])
    func timeZones(value: String, valid: Bool) {
        #expect((FieldRules.timeZone(value) == nil) == valid)
    }

    @Test(arguments: [("+33 1 23 45 67 89", true), ("(555) 123-4567", true), ("call me", false), ("12345678901234567890123456789012345678901", false)])
    func phones(value: String, valid: Bool) {
        #expect((FieldRules.phone(value) == nil) == valid)
    }

    @Test func namesAreSingleLineWithoutControlCharactersAndBounded() {
        #expect(FieldRules.name("db-east", label: "Name", max: 200) == nil)
        #expect(FieldRules.name("a\nb", label: "Name", max: 200)?.contains("one line") == true)
        #expect(FieldRules.name("a\u{0007}b", label: "Name", max: 200)?.contains("control characters") == true)
        #expect(FieldRules.name(String(repeating: "x", count: 201), label: "Name", max: 200)?.contains("at most 200") == true)
        #expect(FieldRules.integer("5", label: "Tier", min: 1, max: 4)?.contains("from 1 to 4") == true)
        #expect(FieldRules.choice("XX", label: "Environment", choices: ["PROD"])?.contains("PROD") == true)
    }

    @Test func csvParsesQuotesNewlinesAndCRLF() throws {
        let rows = try CSV.parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"multi\nline\"\r\n\r\nlast,,\n")
        #expect(rows.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "multi\nline"], ["last", "", ""]])
        #expect(rows.map(\.line) == [1, 2, 5])
        #expect(CSV.line(["x, y", "say \"hi\"", "plain"]) == "\"x, y\",\"say \"\"hi\"\"\",plain\r\n")
        #expect(throws: CSV.ParseError.self) { try CSV.parse("a,\"open\n") }
        #expect(throws: CSV.ParseError.self) { try CSV.parse("a,b\"c\n") }
    }
}
