import Foundation
import ForewarnTestSupport
import Testing
@testable import PortalMail

@Suite struct ICSCalendarTests {
    private static let goldenEvent = ICSEvent(
        uid: "downtime-42@forewarn",
        sequence: 1,
        stamp: Fixtures.stamp,
        start: Fixtures.start,
        end: Fixtures.end,
        summary: "Maintenance; db-12, db-13",
        description: "Line 1\nLine 2 \\ end",
        url: URL(string: "https://forewarn.example/downtimes/42"),
        organizer: Fixtures.sender,
        attendees: [Fixtures.bob]
    )

    @Test func requestMatchesGolden() throws {
        let ics = try ICSCalendar(method: .request, events: [Self.goldenEvent]).render()
        let expected = [
            "BEGIN:VCALENDAR",
            "PRODID:-//Forewarn//Forewarn downtime portal//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:REQUEST",
            "BEGIN:VEVENT",
            "UID:downtime-42@forewarn",
            "SEQUENCE:1",
            "DTSTAMP:20260301T120000Z",
            "DTSTART:20260303T220000Z",
            "DTEND:20260304T023000Z",
            #"SUMMARY:Maintenance\; db-12\, db-13"#,
            #"DESCRIPTION:Line 1\nLine 2 \\ end"#,
            "URL:https://forewarn.example/downtimes/42",
            #"ORGANIZER;CN="Forewarn":mailto:noreply@forewarn.example"#,
            "ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:bob@example.com",
            "STATUS:CONFIRMED",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "END:VCALENDAR",
        ].map { $0 + "\r\n" }.joined()
        #expect(ics == expected)
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("a,b;c", #"a\,b\;c"#),
        (#"C:\temp"#, #"C:\\temp"#),
        ("l1\nl2", #"l1\nl2"#),
        ("l1\r\nl2", #"l1\nl2"#),
        ("l1\rl2", #"l1\nl2"#),
        ("l1\n\nl2", #"l1\n\nl2"#),
        (#"literal \n stays"#, #"literal \\n stays"#),
        ("bell\u{7}x", "bellx"),
        ("tab\tx", "tab x"),
        ("Zürich: 東京", "Zürich: 東京"),
    ])
    func textEscaping(input: String, escaped: String) {
        #expect(ICSFormat.text(input) == escaped)
    }

    @Test(arguments: [
        // 8 octets of "SUMMARY:" + 67 = 75; continuation lines hold a space + 74.
        ("SUMMARY:" + String(repeating: "a", count: 100),
         "SUMMARY:" + String(repeating: "a", count: 67) + "\r\n " + String(repeating: "a", count: 33) + "\r\n"),
        ("SUMMARY:" + String(repeating: "a", count: 67),
         "SUMMARY:" + String(repeating: "a", count: 67) + "\r\n"),
        ("SUMMARY:" + String(repeating: "a", count: 200),
         "SUMMARY:" + String(repeating: "a", count: 67) + "\r\n " + String(repeating: "a", count: 74) + "\r\n " + String(repeating: "a", count: 59) + "\r\n"),
        // "ü" is 2 octets: 8 + 33 × 2 = 74, a 34th would make 76, so the line breaks one octet early.
        ("SUMMARY:" + String(repeating: "ü", count: 40),
         "SUMMARY:" + String(repeating: "ü", count: 33) + "\r\n " + String(repeating: "ü", count: 7) + "\r\n"),
        ("SUMMARY:a" + String(repeating: "ü", count: 40),
         "SUMMARY:a" + String(repeating: "ü", count: 33) + "\r\n " + String(repeating: "ü", count: 7) + "\r\n"),
        // "東" is 3 octets: 8 + 22 × 3 = 74; continuation 1 + 24 × 3 = 73.
        ("SUMMARY:" + String(repeating: "東", count: 30),
         "SUMMARY:" + String(repeating: "東", count: 22) + "\r\n " + String(repeating: "東", count: 8) + "\r\n"),
    ])
    func folding(line: String, folded: String) {
        #expect(ICSFormat.fold(line) == folded)
    }

    @Test(arguments: ["a", "ü", "東京", "👩‍💻", "a👍🏽b ü,;\\", "🏳️‍🌈" + String(repeating: "\u{301}", count: 40)])
    func foldingNeverSplitsACharacterAndUnfoldsToTheOriginal(piece: String) throws {
        for count in 1...60 {
            let line = "DESCRIPTION:" + String(repeating: piece, count: count)
            let folded = ICSFormat.fold(line)
            #expect(folded.hasSuffix("\r\n"))
            let physical = folded.utf8.split(separator: 0x0A).map { Array($0) }
            for bytes in physical {
                #expect(bytes.last == 0x0D)
                #expect(bytes.count - 1 <= 75)
                #expect(String(validating: bytes, as: UTF8.self) != nil, "a fold split a UTF-8 sequence")
            }
            #expect(unfold(folded) == line + "\r\n")
        }
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z"),
        (-1.0, "19691231T235959Z"),
        (1_709_251_199.0, "20240229T235959Z"),
        (951_782_400.0, "20000229T000000Z"),
        (1_772_575_200.9, "20260303T220000Z"),
        (4_102_444_800.0, "21000101T000000Z"),
    ])
    func utcDateTimes(seconds: Double, expected: String) {
        #expect(ICSFormat.dateTime(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func utcDateTimesAgreeWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var seconds: Int64 = -2_208_988_800  // 1900-01-01
        while seconds < 4_102_444_800 {      // 2100-01-01
            let date = Date(timeIntervalSince1970: Double(seconds))
            #expect(ICSFormat.dateTime(date) == formatter.string(from: date))
            seconds += 7_919_993  // a prime step walks across days, months, leap years and hours
        }
    }

    @Test(arguments: [(3600, "PT1H"), (5400, "PT1H30M"), (90, "PT1M30S"), (0, "PT0S"), (86_400, "PT24H")])
    func durations(seconds: Int, expected: String) {
        #expect(ICSFormat.duration(.seconds(seconds)) == expected)
    }

    @Test func missingRequiredPropertiesAreExplained() {
        var noOrganizer = Self.goldenEvent
        noOrganizer.organizer = nil
        #expect(throws: ICSError.missingOrganizer(uid: "downtime-42@forewarn", method: .request)) {
            try ICSCalendar(method: .request, events: [noOrganizer]).render()
        }
        var noAttendees = Self.goldenEvent
        noAttendees.attendees = []
        #expect(throws: ICSError.missingAttendees(uid: "downtime-42@forewarn")) {
            try ICSCalendar(method: .request, events: [noAttendees]).render()
        }
        #expect(throws: ICSError.statusNotCancelled(uid: "downtime-42@forewarn")) {
            try ICSCalendar(method: .cancel, events: [Self.goldenEvent]).render()
        }
        #expect(throws: ICSError.noEvents(method: .cancel)) {
            try ICSCalendar(method: .cancel, events: []).render()
        }
        var backwards = Self.goldenEvent
        backwards.end = backwards.start
        #expect(throws: ICSError.endNotAfterStart(uid: "downtime-42@forewarn")) {
            try ICSCalendar(method: .request, events: [backwards]).render()
        }
        var blankUID = Self.goldenEvent
        blankUID.uid = "\r\n"
        #expect(throws: ICSError.emptyUID) { try ICSCalendar(method: .request, events: [blankUID]).render() }
        var negative = Self.goldenEvent
        negative.sequence = -1
        #expect(throws: ICSError.negativeSequence(uid: "downtime-42@forewarn")) {
            try ICSCalendar(method: .request, events: [negative]).render()
        }
        #expect(ICSError.missingOrganizer(uid: "u", method: .request).description.contains("set ICSEvent.organizer"))
    }

    @Test func feedWithManyEventsParsesWithIcalendar() throws {
        let events = (1...40).map { index in
            ICSEvent(
                uid: "downtime-\(index)@forewarn",
                sequence: index % 3,
                stamp: Fixtures.stamp,
                start: Fixtures.start.addingTimeInterval(Double(index) * 86_400),
                end: Fixtures.end.addingTimeInterval(Double(index) * 86_400),
                summary: "Downtime \(index): Zürich, 東京; \"quoted\"",
                status: index.isMultiple(of: 5) ? .cancelled : .confirmed
            )
        }
        let feed = ICSCalendar.feed(name: "Forewarn — downtimes", events: events)
        let ics = try feed.render()
        #expect(ics.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"))

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).ics")
        try Data(ics.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try Python.run(#"""
import json, sys
from icalendar import Calendar
cal = Calendar.from_ical(open(sys.argv[1], "rb").read())
events = list(cal.walk("VEVENT"))
print(json.dumps({
    "method": str(cal["METHOD"]), "name": str(cal["X-WR-CALNAME"]),
    "uids": [str(e["UID"]) for e in events],
    "summary": str(events[0]["SUMMARY"]),
    "cancelled": sum(1 for e in events if str(e["STATUS"]) == "CANCELLED"),
    "first": events[0].decoded("DTSTART").isoformat(),
}))
"""#, arguments: [file.path])
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(parsed["method"] as? String == "PUBLISH")
        #expect(parsed["name"] as? String == "Forewarn — downtimes")
        #expect(parsed["uids"] as? [String] == events.map(\.uid))
        #expect(parsed["summary"] as? String == "Downtime 1: Zürich, 東京; \"quoted\"")
        #expect(parsed["cancelled"] as? Int == 8)
        #expect(parsed["first"] as? String == "2026-03-04T22:00:00+00:00")
    }

    @Test func emptyFeedIsServable() throws {
        let ics = try ICSCalendar.feed(name: "Nothing planned", events: []).render()
        #expect(ics.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(ics.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!ics.contains("VEVENT"))
    }

    /// RFC 5545 unfolding on bytes (a Character view would merge the space with a following combining mark).
    private func unfold(_ text: String) -> String {
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            if byte == 0x20, bytes.suffix(2) == [0x0D, 0x0A] {
                bytes.removeLast(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
