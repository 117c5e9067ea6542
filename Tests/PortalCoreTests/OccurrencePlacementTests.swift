import Foundation
import Testing
@testable import PortalCore

/// Where a recurrence rule's wall-clock reading lands in its zone: RFC 5545 for gaps and overlaps.
@Suite struct OccurrencePlacementTests {
    @Test(arguments: [
        // zone, reading, expected instant (UTC), adjustment
        ("Europe/Berlin", "2027-01-12T22:00", "2027-01-12T21:00:00Z", OccurrenceAdjustment.none),
        ("Europe/Berlin", "2027-07-13T22:00", "2027-07-13T20:00:00Z", .none),
        ("Europe/Berlin", "2027-03-28T02:30", "2027-03-28T01:30:00Z", .gap),          // 03:30 CEST
        ("Europe/Berlin", "2027-03-28T02:00", "2027-03-28T01:00:00Z", .gap),          // the gap's first second → 03:00
        ("Europe/Berlin", "2027-03-28T03:00", "2027-03-28T01:00:00Z", .none),
        ("Europe/Berlin", "2027-10-31T02:30", "2027-10-31T00:30:00Z", .ambiguous),    // first: still CEST
        ("America/New_York", "2027-03-14T02:30", "2027-03-14T07:30:00Z", .gap),       // 03:30 EDT
        ("America/New_York", "2027-11-07T01:30", "2027-11-07T05:30:00Z", .ambiguous), // first: EDT
        ("America/New_York", "2027-11-07T02:30", "2027-11-07T07:30:00Z", .none),
        ("Australia/Sydney", "2027-10-03T02:30", "2027-10-02T16:30:00Z", .gap),       // 03:30 AEDT
        ("Australia/Sydney", "2027-04-04T02:30", "2027-04-03T15:30:00Z", .ambiguous), // first: AEDT
        ("Australia/Lord_Howe", "2027-10-03T02:15", "2027-10-02T15:45:00Z", .gap),    // half-hour jump: 02:45
        ("Asia/Tokyo", "2027-03-28T02:30", "2027-03-27T17:30:00Z", .none),            // no DST at all
        ("UTC", "2027-10-31T02:30", "2027-10-31T02:30:00Z", .none),
    ])
    func placesReadings(zone: String, reading: String, expected: String, adjustment: OccurrenceAdjustment) throws {
        let placed = try OccurrencePlacement.place(try LocalDateTime(parsing: reading), in: zone)
        #expect(UTCTimestamp.string(from: placed.instant) == expected, "\(zone) \(reading)")
        #expect(placed.adjustment == adjustment, "\(zone) \(reading)")
    }

    @Test func planKeepsTheDurationAndStatesTheMove() throws {
        let readings = try ["2027-03-21T02:30", "2027-03-28T02:30", "2027-04-04T02:30"].map { try LocalDateTime(parsing: $0) }
        let plan = try OccurrencePlacement.plan(readings: readings, timeZone: "Europe/Berlin", duration: 7200)
        #expect(plan.map(\.adjustment) == [.none, .gap, .none])
        #expect(plan.allSatisfy { $0.window.duration == 7200 })
        #expect(plan[1].window.localStart.description == "2027-03-28T03:30:00")
        #expect(plan[1].adjustmentNote == "2027-03-28 02:30 does not exist in Europe/Berlin (the clocks go forward), so this occurrence starts at 03:30 CEST.")
        #expect(plan[0].adjustmentNote == nil)
    }

    @Test func planStopsAtUntilInclusiveAndSkipsBeforeFrom() throws {
        let readings = try ["2027-01-05T22:00", "2027-01-12T22:00", "2027-01-19T22:00"].map { try LocalDateTime(parsing: $0) }
        let until = try UTCTimestamp.date(from: "2027-01-12T21:00:00Z")
        let from = try UTCTimestamp.date(from: "2027-01-06T00:00:00Z")
        let plan = try OccurrencePlacement.plan(readings: readings, timeZone: "Europe/Berlin", duration: 3600, until: until, from: from)
        #expect(plan.map { UTCTimestamp.string(from: $0.recurrenceID) } == ["2027-01-12T21:00:00Z"])
    }
}
