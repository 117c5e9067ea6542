import Foundation
import PortalCore
@testable import PortalIngest
import Testing

@Suite("Syslog parsing")
struct SyslogParserTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    func parse(_ text: String) -> Result<LogMessage, SyslogRejection> {
        SyslogParser.parse(Array(text.utf8)[...], receivedAt: Self.now)
    }

    @Test(arguments: [
        // (frame, level, product, host, message)
        ("<11>1 2026-03-01T10:00:00.123Z web-1 billing-api 42 ID7 - payment failed", LogLevel.error, "billing-api", "web-1", "payment failed"),
        ("<14>1 - - - - - -", .info, "", "", ""),
        ("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\"] \u{FEFF}An application event", .notice, "evntslog", "mymachine.example.com", "An application event"),
        ("<11>myapp: something broke\u{0}", .error, "myapp", "", "something broke"),
        ("<13>Mar  1 10:00:00 host-7 cron[123]: job done\n", .notice, "cron", "host-7", "job done"),
        ("<15>just text, no tag", .debug, "", "", "just text, no tag"),
        ("<8>1 2026-03-01T10:00:00+02:00 h app - - - héllo wörld", .emergency, "app", "h", "héllo wörld"),
    ])
    func validFrames(frame: String, level: LogLevel, product: String, host: String, message: String) throws {
        let parsed = try parse(frame).get()
        #expect(parsed.level == level)
        #expect(parsed.product == product)
        #expect(parsed.host == host)
        #expect(parsed.message == message)
    }

    @Test func forewarnStructuredDataFillsTheNamedFields() throws {
        let m = try parse(#"<11>1 2026-03-01T10:00:00Z web-1 app - - [forewarn@32473 product="billing-api" version="2.4.1" stage="PRODUCTION" module="invoice" line="120"][meta@1 k="a\"b\]c"] boom"#).get()
        #expect(m.product == "billing-api")
        #expect(m.version == "2.4.1")
        #expect(m.stage == .prod)
        #expect(m.module == "invoice")
        #expect(m.line == 120)
        #expect(m.fields["meta@1.k"] == "a\"b]c")
        #expect(m.message == "boom")
        #expect(LogTimestamp.string(from: m.time) == "2026-03-01T10:00:00.000Z")
    }

    @Test(arguments: [
        ("no pri", "hello", SyslogRejection.malformed("no <PRI> at the start")),
        ("pri not closed", "<11 hello", .malformed("the <PRI> is not 1 to 3 digits")),
        ("pri too large", "<192>1 - - - - - - x", .unknownLevel),
        ("bad timestamp", "<11>1 yesterday h a - - - x", .malformed("the timestamp is not RFC 3339")),
        ("short header", "<11>1 - -", .malformed("the RFC 5424 header has fewer than 6 fields")),
        ("unterminated SD", "<11>1 - h a - - [x@1 a=\"b\" text", .malformed("a structured data parameter without =\"value\"")),
        ("unterminated SD value", "<11>1 - h a - - [x@1 a=\"b", .malformed("an unterminated structured data value")),
        ("no SD", "<11>1 - h a - - text", .malformed("no structured data field")),
    ])
    func malformedFrames(name: String, frame: String, expected: SyslogRejection) {
        #expect(parse(frame) == .failure(expected), "\(name)")
    }

    @Test func invalidUTF8IsRejected() {
        let frame = Array("<11>1 - h app - - - bad ".utf8) + [0xFF, 0xFE, 0x41]
        #expect(SyslogParser.parse(frame[...], receivedAt: Self.now) == .failure(.invalidUTF8))
        let old = Array("<11>app: ".utf8) + [0xC3, 0x28]
        #expect(SyslogParser.parse(old[...], receivedAt: Self.now) == .failure(.invalidUTF8))
    }

    @Test func oneMegabyteMessageIsRejected() {
        let frame = Array("<11>1 - h app - - - ".utf8) + [UInt8](repeating: 65, count: 1_048_576)
        #expect(SyslogParser.parse(frame[...], receivedAt: Self.now) == .failure(.oversized))
    }

    @Test(arguments: [
        ("2026-03-01T10:00:00Z", "2026-03-01T10:00:00.000Z"),
        ("2026-03-01T10:00:00.5Z", "2026-03-01T10:00:00.500Z"),
        ("2026-03-01T10:00:00.123456+01:00", "2026-03-01T09:00:00.123Z"),
        ("1999-12-31T23:59:59.999-00:30", "2000-01-01T00:29:59.999Z"),
    ])
    func timestamps(input: String, stored: String) throws {
        let date = try #require(LogTimestamp.date(from: input))
        #expect(LogTimestamp.string(from: date) == stored)
    }

    @Test(arguments: ["2026-13-01T10:00:00Z", "2026-03-01 10:00:00Z", "2026-03-01T10:00:00", "2026-03-01T10:00:00.Z", "x"])
    func badTimestamps(input: String) {
        #expect(LogTimestamp.date(from: input) == nil)
    }

    @Test(arguments: [("warn", LogLevel.warning), ("ERROR", .error), ("crit", .critical), ("emergency", .emergency), ("debug", .debug)])
    func levelNames(name: String, level: LogLevel) {
        #expect(LogLevel(name: name) == level)
        #expect(LogLevel(name: level.name) == level)
    }

    @Test func levelsOrderBySeriousness() {
        #expect(LogLevel.error > .warning)
        #expect(LogLevel.emergency > .error)
        #expect(LogLevel(name: "verbose") == nil)
    }

    @Test(arguments: [("PROD", Environment.prod), ("production", .prod), ("Integration", .int), ("TESTING", .test), ("dev", .dev)])
    func stageNames(name: String, stage: Environment) {
        #expect(Environment(stageName: name) == stage)
    }
}

@Suite("RFC 6587 framing")
struct SyslogFramerTests {
    func frames(_ chunks: [String], finish: Bool = true) -> [String] {
        var framer = SyslogFramer(maxFrameBytes: 100)
        var events: [SyslogFramer.Event] = []
        for chunk in chunks { events += framer.push(Array(chunk.utf8)) }
        if finish { events += framer.finish() }
        return events.map { event in
            switch event {
            case .frame(let bytes): return String(decoding: bytes, as: UTF8.self)
            case .rejected(let rejection): return "!" + rejection.counter
            }
        }
    }

    @Test(arguments: [
        ("octet counted", ["5 <1>ab3 <2>"], ["<1>ab", "<2>"]),
        ("octet counted, split anywhere", ["1", "0 <11>1 ", "- x", "x5 <1>12"], ["<11>1 - xx", "<1>12"]),
        ("newline framed", ["<1>a\n<2>b\n"], ["<1>a", "<2>b"]),
        ("newline framed, last line without newline", ["<1>a\n<2>b"], ["<1>a", "<2>b"]),
        ("both framings on one stream", ["<1>a\n4 <2>b<3>c\n"], ["<1>a", "<2>b", "<3>c"]),
        ("octet count larger than the frame", ["50 <1>short"], ["!truncated"]),
        ("octet count above the limit is skipped whole", ["200 " + String(repeating: "x", count: 200) + "3 <1>"], ["!oversized", "<1>"]),
        ("newline frame above the limit", ["<1>" + String(repeating: "y", count: 150) + "\n<2>ok\n"], ["!oversized", "<2>ok"]),
        ("garbage resyncs at the next newline", ["hello world\n<1>ok\n"], ["!malformed", "<1>ok"]),
        ("count without a space", ["12x<1>\n<2>ok\n"], ["!malformed", "<2>ok"]),
        ("blank lines and NULs between frames", ["\n\n<1>a\n\0\r\n3 <2>"], ["<1>a", "<2>"]),
    ])
    func framing(name: String, chunks: [String], expected: [String]) {
        #expect(frames(chunks) == expected, "\(name)")
    }

    @Test func aMegabyteOctetCountedFrameIsSkippedAndTheStreamGoesOn() {
        var framer = SyslogFramer()
        var events = framer.push(Array("1048576 ".utf8))
        for _ in 0..<16 { events += framer.push([UInt8](repeating: 65, count: 65_536)) }
        events += framer.push(Array("9 <11>1 - x".utf8))
        #expect(events.count == 2)
        #expect(events.first == .rejected(.oversized))
        #expect(events.last == .frame(Array("<11>1 - x".utf8)[...]))
    }
}
