import Foundation
import Testing
@testable import PortalCore

@Suite struct TimelineQueryTests {
    /// Range 10:00 to 14:00 on 12 Jan; now is 12:00. Offsets are hours from now.
    static let range = try! TimelineRange(from: TimelineFixtures.hours(-2), to: TimelineFixtures.hours(2))

    /// (name, start, end or nil for open, shown) with hours counted from now.
    static let edgeCases: [(String, Double, Double?, Bool)] = [
        ("inside", -1, 1, true),
        ("covers the whole range", -5, 5, true),
        ("crosses the start", -3, -1, true),
        ("crosses the end", 1, 3, true),
        ("ends exactly at the start", -3, -2, false),
        ("starts exactly at the end", 2, 3, false),
        ("one second over the start", -3, -2 + 1.0 / 3_600, true),
        ("one second before the end", 2 - 1.0 / 3_600, 3, true),
        ("entirely before", -6, -4, false),
        ("entirely after", 4, 6, false),
        ("zero-length inside", 0, 0, true),
        ("zero-length at the start", -2, -2, true),
        ("zero-length at the end", 2, 2, false),
        ("zero-length before", -3, -3, false),
        ("open, started before the range (runs to now)", -5, nil, true),
        ("open, started in the range", -1, nil, true),
        ("open, starting after now but in range (zero-length)", 1, nil, true),
        ("open, starting at the end", 2, nil, false),
        ("end before start counts as zero-length at the start", 1, 0, true),
    ]

    @Test(arguments: edgeCases)
    func edges(name: String, start: Double, end: Double?, shown: Bool) {
        let event = TimelineFixtures.event("x", start: TimelineFixtures.hours(start), end: end.map { TimelineFixtures.hours($0) })
        let selected = TimelineQuery.select([event], in: Self.range, now: TimelineFixtures.now)
        #expect(selected.map(\.id) == (shown ? ["x"] : []), "\(name)")
        #expect(TimelineQuery.shows(event, in: Self.range, now: TimelineFixtures.now) == shown, "\(name)")
    }

    @Test func openEventsEndAtNowSoTheyMissLaterRanges() throws {
        let open = TimelineFixtures.event("open", start: TimelineFixtures.hours(-5), end: nil)
        let later = try TimelineRange(from: TimelineFixtures.hours(1), to: TimelineFixtures.hours(5))
        #expect(TimelineQuery.select([open], in: later, now: TimelineFixtures.now).isEmpty)
        // When the clock moves on, the same open event reaches into that range.
        #expect(TimelineQuery.select([open], in: later, now: TimelineFixtures.hours(3)).map(\.id) == ["open"])
    }

    @Test func clippingKeepsTheVisiblePart() throws {
        let events = [
            TimelineFixtures.event("a", start: TimelineFixtures.hours(-3), end: TimelineFixtures.hours(3)),
            TimelineFixtures.event("b", start: TimelineFixtures.hours(-1), end: nil),
        ]
        let spans = TimelineQuery.spans(events, in: Self.range, now: TimelineFixtures.now)
        #expect(spans.map(\.visibleStart) == [Self.range.from, TimelineFixtures.hours(-1)])
        #expect(spans.map(\.visibleEnd) == [Self.range.to, TimelineFixtures.now])
        #expect(spans.map(\.continuesBefore) == [true, false])
        #expect(spans.map(\.continuesAfter) == [true, false])
    }

    @Test func orderIsStartThenEndThenID() {
        let events = [
            TimelineFixtures.event("c", start: TimelineFixtures.hours(0), end: TimelineFixtures.hours(1)),
            TimelineFixtures.event("b", start: TimelineFixtures.hours(-1), end: TimelineFixtures.hours(1)),
            TimelineFixtures.event("a2", start: TimelineFixtures.hours(-1), end: TimelineFixtures.hours(0.5)),
            TimelineFixtures.event("a1", start: TimelineFixtures.hours(-1), end: TimelineFixtures.hours(0.5)),
        ]
        #expect(TimelineQuery.select(events, in: Self.range, now: TimelineFixtures.now).map(\.id) == ["a1", "a2", "b", "c"])
    }

    @Test func theThirtyExampleEventsAreAllInTheDefaultRange() {
        let range = TimelineRange.default(now: TimelineFixtures.now)
        #expect(TimelineQuery.select(TimelineFixtures.thirty, in: range, now: TimelineFixtures.now).count == 30)
    }
}
