import Foundation
import Testing
@testable import PortalCore

@Suite struct TimelineRangeTests {
    let now = TimelineFixtures.now

    @Test func defaultIsSevenDaysEitherSideOfNow() {
        let range = TimelineRange.default(now: now)
        #expect(range.from == TimelineFixtures.instant("2027-01-05T12:00:00Z"))
        #expect(range.to == TimelineFixtures.instant("2027-01-19T12:00:00Z"))
        #expect(range.center == now)
        #expect(range.contains(now))
    }

    @Test(arguments: ["", "?", "?page=2", "zoom=week&sort=start"])
    func noDatesInTheQueryMeansTheDefault(query: String) throws {
        #expect(try TimelineRange.parse(query: query, now: now) == .default(now: now))
    }

    @Test(arguments: [
        (TimelineRange.Zoom.day, "2027-01-12T00:00:00Z", "2027-01-13T00:00:00Z"),
        (.week, "2027-01-09T00:00:00Z", "2027-01-16T00:00:00Z"),
        (.month, "2026-12-28T00:00:00Z", "2027-01-28T00:00:00Z"),
    ])
    func zoomPresetsAreWholeDaysAroundTheDay(zoom: TimelineRange.Zoom, from: String, to: String) throws {
        let range = TimelineRange.preset(zoom, around: now)
        #expect(range.from == TimelineFixtures.instant(from))
        #expect(range.to == TimelineFixtures.instant(to))
        #expect(range.contains(now))
        // Whole days, so the preset survives a trip through its URL.
        #expect(try TimelineRange.parse(query: range.query(), now: now) == range)
    }

    @Test func zoomingKeepsTheCentre() {
        let range = TimelineRange.default(now: now)
        #expect(range.zoomed(to: .day) == TimelineRange.preset(.day, around: now))
        #expect(range.zoomed(to: .week).contains(range.center))
    }

    @Test func presetsUseTheLocalDay() throws {
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        // 12:00 UTC is 21:00 in Tokyo, still 12 January there; its local day starts at 15:00 UTC the day before.
        let range = TimelineRange.preset(.day, around: now, timeZone: tokyo)
        #expect(range.from == TimelineFixtures.instant("2027-01-11T15:00:00Z"))
        #expect(range.query(timeZone: tokyo) == "from=2027-01-12&to=2027-01-12")
    }

    @Test func previousAndNextPageByTheRangeLength() {
        let range = TimelineRange.preset(.week, around: now)
        #expect(range.next.from == range.to)
        #expect(range.previous.to == range.from)
        #expect(range.next.duration == range.duration)
    }

    @Test(arguments: [
        ("from=2027-01-05&to=2027-01-18", "2027-01-05T00:00:00Z", "2027-01-19T00:00:00Z"),
        ("?from=2027-01-12&to=2027-01-12", "2027-01-12T00:00:00Z", "2027-01-13T00:00:00Z"),
        ("to=2027-12-31&from=2027-01-01&page=3", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"),
        ("from=2028-01-01&to=2028-12-31", "2028-01-01T00:00:00Z", "2029-01-01T00:00:00Z"),
        ("from=2027%2D02%2D01&to=2027-02-28", "2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z"),
    ])
    func validQueriesIncludeBothDays(query: String, from: String, to: String) throws {
        let range = try TimelineRange.parse(query: query, now: now)
        #expect(range.from == TimelineFixtures.instant(from))
        #expect(range.to == TimelineFixtures.instant(to))
    }

    @Test(arguments: [
        ("from=2027-02-30&to=2027-03-01", TimelineRangeError.invalidDate(parameter: "from", input: "2027-02-30")),
        ("from=2027-01-01&to=2027-13-01", .invalidDate(parameter: "to", input: "2027-13-01")),
        ("from=12/01/2027&to=2027-01-20", .invalidDate(parameter: "from", input: "12/01/2027")),
        ("from=2027-1-5&to=2027-01-20", .invalidDate(parameter: "from", input: "2027-1-5")),
        ("from=2027-01-05T00:00&to=2027-01-20", .invalidDate(parameter: "from", input: "2027-01-05T00:00")),
        ("from=&to=2027-01-20", .invalidDate(parameter: "from", input: "")),
        ("from=2027-01-05", .missingParameter("to")),
        ("to=2027-01-05", .missingParameter("from")),
        ("from=2027-01-05&from=2027-01-06&to=2027-01-09", .repeatedParameter("from")),
        ("from=2027-01-20&to=2027-01-05", .reversed(from: "2027-01-20", to: "2027-01-05")),
        ("from=2027-01-01&to=2028-01-02", .tooLong(from: "2027-01-01", to: "2028-01-02", days: 367)),
        ("from=2027-01-01&to=2029-06-30", .tooLong(from: "2027-01-01", to: "2029-06-30", days: 912)),
    ])
    func badQueriesSayWhatIsWrong(query: String, expected: TimelineRangeError) {
        #expect(throws: expected) { try TimelineRange.parse(query: query, now: now) }
        #expect(!expected.message.isEmpty)
    }

    @Test func messagesAreActionable() {
        #expect(TimelineRangeError.invalidDate(parameter: "from", input: "2027-02-30").message
            == "“2027-02-30” is not a valid date for “from”. Use the form 2027-01-12.")
        #expect(TimelineRangeError.reversed(from: "2027-01-20", to: "2027-01-05").message
            == "The end (2027-01-05) is before the start (2027-01-20). Swap them or pick a later end.")
        #expect(TimelineRangeError.tooLong(from: "2027-01-01", to: "2029-06-30", days: 912).message.contains("at most one year (366 days)"))
        #expect(TimelineRangeError.missingParameter("to").message.hasPrefix("“to” is missing. Give both “from” and “to”"))
    }

    @Test func instantsMustBeOrderedAndWithinAYear() {
        #expect(throws: TimelineRangeError.self) { try TimelineRange(from: now, to: now) }
        #expect(throws: TimelineRangeError.self) { try TimelineRange(from: now, to: now.addingTimeInterval(-1)) }
        #expect(throws: TimelineRangeError.self) { try TimelineRange(from: now, to: now.addingTimeInterval(367 * 86_400)) }
        #expect(throws: Never.self) { try TimelineRange(from: now, to: now.addingTimeInterval(366 * 86_400)) }
    }

    @Test func aLocalYearAcrossDaylightSavingIsAccepted() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let range = try TimelineRange(fromDay: "2027-04-01", toDay: "2028-03-31", timeZone: paris)
        #expect(range.query(timeZone: paris) == "from=2027-04-01&to=2028-03-31")
    }
}
