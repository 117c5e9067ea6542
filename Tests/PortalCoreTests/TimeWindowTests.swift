import Foundation
import Testing
@testable import PortalCore

@Suite struct TimeWindowTests {
    @Test(arguments: [
        // start, end, maximum (hours; nil = no limit), expected error (nil = accepted)
        ("2027-01-12T21:00:00Z", "2027-01-13T01:00:00Z", 720.0, nil),
        ("2027-01-12T21:00:00Z", "2027-01-12T21:00:01Z", 720, nil),                     // one second is a window
        ("2027-01-01T00:00:00Z", "2027-01-31T00:00:00Z", 720, nil),                     // exactly 30 days
        ("2027-01-01T00:00:00Z", "2027-01-31T00:00:01Z", 720, "windowTooLong"),
        ("2027-01-12T21:00:00Z", "2027-01-13T00:00:00Z", 2, "windowTooLong"),           // a stricter policy
        ("2027-01-01T00:00:00Z", "2027-04-01T00:00:00Z", nil, nil),                     // no limit
        ("2027-01-12T21:00:00Z", "2027-01-12T21:00:00Z", 720, "endNotAfterStart"),
        ("2027-01-12T21:00:00Z", "2027-01-12T20:00:00Z", 720, "endNotAfterStart"),
        ("2027-01-12T21:00:00Z", "2027-01-12T20:00:00Z", nil, "endNotAfterStart"),
    ] as [(String, String, Double?, String?)])
    func validation(start: String, end: String, maximumHours: Double?, expectedError: String?) {
        let maximum = maximumHours.map { $0 * 3_600 }
        let result = Result { try TimeWindow(start: utc(start), end: utc(end), timeZone: "Europe/Paris", maximumDuration: maximum) }
        switch (result, expectedError) {
        case (.success(let window), nil):
            #expect(window.startUTC == start)
            #expect(window.endUTC == end)
        case (.failure(ScheduleError.windowTooLong(let s, let e, let m)), "windowTooLong"):
            #expect(s == utc(start) && e == utc(end) && m == maximum)
        case (.failure(ScheduleError.endNotAfterStart(let s, let e, let zone)), "endNotAfterStart"):
            #expect(s == utc(start) && e == utc(end) && zone == "Europe/Paris")
        default:
            Issue.record("got \(result), expected \(String(describing: expectedError))")
        }
    }

    @Test func defaultLimitIsThirtyDays() {
        #expect(TimeWindow.defaultMaximumDuration == 30 * 86_400)
        #expect(throws: ScheduleError.self) {
            try TimeWindow(start: utc("2027-01-01T00:00:00Z"), end: utc("2027-02-01T00:00:00Z"), timeZone: "Europe/Paris")
        }
    }

    @Test func unknownZoneIsRefused() {
        #expect(throws: ScheduleError.unknownTimeZone("Europe/Pariss", suggestion: "Europe/Paris")) {
            try TimeWindow(start: utc("2027-01-12T21:00:00Z"), end: utc("2027-01-13T01:00:00Z"), timeZone: "Europe/Pariss")
        }
    }

    @Test func validationMessages() {
        #expect(ScheduleError.endNotAfterStart(start: utc("2027-01-12T21:00:00Z"), end: utc("2027-01-12T20:00:00Z"), zoneID: "Europe/Paris").message
            == "The end (Tue 12 Jan 2027 21:00 CET) must be after the start (Tue 12 Jan 2027 22:00 CET).")
        #expect(ScheduleError.endNotAfterStart(start: utc("2027-01-12T21:00:00Z"), end: utc("2027-01-12T21:00:00Z"), zoneID: "Europe/Paris").message
            == "The end must be after the start; both are Tue 12 Jan 2027 22:00 CET.")
        #expect(ScheduleError.windowTooLong(start: utc("2027-01-01T00:00:00Z"), end: utc("2027-02-01T02:00:00Z"), maximum: 30 * 86_400).message
            == "This window lasts 31 days 2 hours; a downtime may last at most 30 days. Check the dates, or split the work into several downtimes.")
    }

    @Test(arguments: [
        // a, b, overlap expected
        (("2027-01-12T20:00:00Z", "2027-01-12T22:00:00Z"), ("2027-01-12T21:00:00Z", "2027-01-12T23:00:00Z"), true),   // partial
        (("2027-01-12T20:00:00Z", "2027-01-12T22:00:00Z"), ("2027-01-12T22:00:00Z", "2027-01-12T23:00:00Z"), false),  // touching
        (("2027-01-12T20:00:00Z", "2027-01-12T22:00:00Z"), ("2027-01-12T21:59:59Z", "2027-01-12T23:00:00Z"), true),   // one second shared
        (("2027-01-12T20:00:00Z", "2027-01-12T22:00:00Z"), ("2027-01-12T22:00:01Z", "2027-01-12T23:00:00Z"), false),  // apart
        (("2027-01-12T20:00:00Z", "2027-01-12T23:00:00Z"), ("2027-01-12T21:00:00Z", "2027-01-12T22:00:00Z"), true),   // contains
        (("2027-01-12T20:00:00Z", "2027-01-12T22:00:00Z"), ("2027-01-12T20:00:00Z", "2027-01-12T22:00:00Z"), true),   // identical
        (("2027-01-12T20:00:00Z", "2027-01-12T22:00:00Z"), ("2027-01-13T20:00:00Z", "2027-01-13T22:00:00Z"), false),  // next day
    ])
    func overlap(a: (String, String), b: (String, String), expected: Bool) {
        let first = window(a.0, a.1), second = window(b.0, b.1, "America/New_York")
        // The zone is presentation only: overlap is decided on instants, and it is symmetric.
        #expect(first.overlaps(second) == expected)
        #expect(second.overlaps(first) == expected)
    }

    @Test func durationAndContainment() throws {
        let w = window("2027-01-12T21:00:00Z", "2027-01-13T01:00:00Z")
        #expect(w.duration == 4 * 3_600)
        #expect(w.durationText == "4 hours")
        #expect(w.contains(utc("2027-01-12T21:00:00Z")))
        #expect(w.contains(utc("2027-01-13T00:59:59Z")))
        #expect(!w.contains(utc("2027-01-13T01:00:00Z")))
        #expect(!w.contains(utc("2027-01-12T20:59:59Z")))
        // 23 local hours on the spring-forward day: duration counts real time, not wall-clock hours.
        let spring = try TimeWindow(localStart: local("2027-03-28T00:00"), localEnd: local("2027-03-29T00:00"), timeZone: "Europe/Paris")
        #expect(spring.duration == 23 * 3_600)
    }

    @Test(arguments: [
        (0.0, "0 seconds"), (45, "45 seconds"), (60, "1 minute"), (5_400, "1 hour 30 minutes"),
        (86_400, "1 day"), (176_460, "2 days 1 hour 1 minute"), (2_592_000, "30 days"),
    ] as [(TimeInterval, String)])
    func durationText(seconds: TimeInterval, expected: String) {
        #expect(DurationText.format(seconds) == expected)
    }

    @Test func fromFormValuesAndBackIntoTheForm() throws {
        let w = try TimeWindow(localStart: local("2026-10-25T02:30"), localEnd: local("2026-10-25T04:00"),
                               timeZone: "Europe/Paris", startAmbiguity: .later)
        #expect(w.startUTC == "2026-10-25T01:30:00Z")
        #expect(w.endUTC == "2026-10-25T03:00:00Z")
        #expect(w.localStart.formValue == "2026-10-25T02:30")
        #expect(w.localEnd.formValue == "2026-10-25T04:00")
        #expect(w.startAmbiguity == .later)
        #expect(w.endAmbiguity == nil)
        // Without the choice the form must ask again instead of guessing.
        #expect(throws: ScheduleError.self) {
            try TimeWindow(localStart: local("2026-10-25T02:30"), localEnd: local("2026-10-25T04:00"), timeZone: "Europe/Paris")
        }
        #expect(throws: ScheduleError.nonexistent(local("2027-03-28T02:30"), zoneID: "Europe/Paris", gapStart: local("2027-03-28T02:00"), gapEnd: local("2027-03-28T03:00"))) {
            try TimeWindow(localStart: local("2027-03-28T01:00"), localEnd: local("2027-03-28T02:30"), timeZone: "Europe/Paris")
        }
    }

    @Test func extendingMovesOnlyTheEnd() throws {
        let w = window("2027-01-12T21:00:00Z", "2027-01-13T01:00:00Z")
        let longer = try w.extended(to: utc("2027-01-13T03:00:00Z"))
        #expect(longer.start == w.start && longer.timeZone == w.timeZone)
        #expect(longer.endUTC == "2027-01-13T03:00:00Z")
        #expect(throws: ScheduleError.extensionNotLater(currentEnd: w.end, requestedEnd: w.end, zoneID: "Europe/Paris")) {
            try w.extended(to: w.end)
        }
        #expect(throws: ScheduleError.extensionNotLater(currentEnd: w.end, requestedEnd: utc("2027-01-13T00:00:00Z"), zoneID: "Europe/Paris")) {
            try w.extended(to: utc("2027-01-13T00:00:00Z"))
        }
        #expect(throws: ScheduleError.windowTooLong(start: w.start, end: utc("2027-03-01T00:00:00Z"), maximum: TimeWindow.defaultMaximumDuration)) {
            try w.extended(to: utc("2027-03-01T00:00:00Z"))
        }
        #expect(ScheduleError.extensionNotLater(currentEnd: w.end, requestedEnd: utc("2027-01-13T00:00:00Z"), zoneID: "Europe/Paris").message
            == "The new end (Wed 13 Jan 2027 01:00 CET) must be later than the current end (Wed 13 Jan 2027 02:00 CET). To finish early, complete the downtime when the work is done.")
    }

    @Test func instantsKeepWholeSecondsSoStorageRoundTripsAreExact() throws {
        let w = try TimeWindow(start: utc("2027-01-12T21:00:00Z").addingTimeInterval(0.75),
                               end: utc("2027-01-13T01:00:00Z").addingTimeInterval(0.25), timeZone: "Europe/Paris")
        #expect(w.start == utc("2027-01-12T21:00:00Z"))
        let decoded = try JSONDecoder().decode(TimeWindow.self, from: JSONEncoder().encode(w))
        #expect(decoded == w)
    }

    @Test func codableUsesTheStorageConvention() throws {
        let w = window("2027-01-12T21:00:00Z", "2027-01-13T01:00:00Z")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970   // must not matter
        let json = String(decoding: try encoder.encode(w), as: UTF8.self)
        #expect(json == #"{"end":"2027-01-13T01:00:00Z","start":"2027-01-12T21:00:00Z","timeZone":"Europe\/Paris"}"#)
    }

    @Test(arguments: [
        #"{"start":"2027-01-13T01:00:00Z","end":"2027-01-12T21:00:00Z","timeZone":"Europe/Paris"}"#,    // reversed
        #"{"start":"2027-01-12T21:00:00","end":"2027-01-13T01:00:00Z","timeZone":"Europe/Paris"}"#,     // no Z
        #"{"start":"2027-01-12T21:00:00Z","end":"2027-01-13T01:00:00Z","timeZone":"Mars/Base"}"#,      // zone
    ])
    func decodingRevalidates(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TimeWindow.self, from: Data(json.utf8)) }
    }

    @Test func decodingDoesNotReapplyTheLengthPolicy() throws {
        let json = #"{"start":"2027-01-01T00:00:00Z","end":"2027-04-01T00:00:00Z","timeZone":"UTC"}"#
        #expect(try JSONDecoder().decode(TimeWindow.self, from: Data(json.utf8)).duration == 90 * 86_400)
    }
}
