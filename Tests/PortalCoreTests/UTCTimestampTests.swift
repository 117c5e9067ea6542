import Foundation
import Testing
@testable import PortalCore

@Suite struct UTCTimestampTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_799_787_600, "2027-01-12T21:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (1_799_787_600.999, "2027-01-12T21:00:00Z"),   // fractions round down, never up into the next second
        (253_402_300_799, "9999-12-31T23:59:59Z"),
    ])
    func formatsAndParses(seconds: TimeInterval, text: String) throws {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(UTCTimestamp.string(from: date) == text)
        #expect(try UTCTimestamp.date(from: text).timeIntervalSince1970 == seconds.rounded(.down))
    }

    @Test(arguments: [
        "2027-01-12T21:00:00", "2027-01-12T21:00Z", "2027-01-12 21:00:00Z", "2027-01-12t21:00:00Z",
        "2027-02-29T00:00:00Z", "2027-01-12T21:00:00+00:00", "2027-01-12T21:00:00.000Z", " 2027-01-12T21:00:00Z", "",
        // Each position of the fixed form: digits, separators, ranges.
        "2027-01-12T21:00:0aZ", "+027-01-12T21:00:00Z", "2027/01/12T21:00:00Z", "2027-13-12T21:00:00Z", "2027-00-12T21:00:00Z",
        "2027-01-32T21:00:00Z", "2027-01-12T24:00:00Z", "2027-01-12T21:60:00Z", "2027-01-12T21:00:60Z", "0000-01-12T21:00:00Z",
        "2027-01-12T21.00:00Z", "2027-01-12T21:00:00 ", "2027-01-12T21:00:0éZ", "2027-01-12T21:00:00Zx",
    ])
    func refusesOtherForms(text: String) {
        #expect(throws: ScheduleError.invalidTimestamp(input: text)) { try UTCTimestamp.date(from: text) }
    }

    @Test func messageShowsTheExpectedForm() {
        #expect(ScheduleError.invalidTimestamp(input: "yesterday").message
            == "“yesterday” is not a UTC timestamp. Use the form 2027-01-12T21:00:00Z.")
    }
}
