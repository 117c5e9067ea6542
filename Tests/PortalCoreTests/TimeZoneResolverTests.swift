import Foundation
import Testing
@testable import PortalCore

@Suite struct TimeZoneResolverTests {
    // Exact instants come from `zdump -v -c 2026,2028` on this machine.
    @Test(arguments: [
        // zone, local, UTC instant
        ("Europe/Paris", "2027-01-12T22:00", "2027-01-12T21:00:00Z"),
        ("Europe/Paris", "2027-07-12T22:00", "2027-07-12T20:00:00Z"),
        ("Europe/Paris", "2027-03-28T01:59", "2027-03-28T00:59:00Z"),   // last minute before the spring gap
        ("Europe/Paris", "2027-03-28T01:59:59", "2027-03-28T00:59:59Z"),
        ("Europe/Paris", "2027-03-28T03:00", "2027-03-28T01:00:00Z"),   // first minute after it
        ("Europe/Paris", "2026-10-25T01:59", "2026-10-24T23:59:00Z"),   // just before the repeated hour
        ("Europe/Paris", "2026-10-25T03:00", "2026-10-25T02:00:00Z"),   // just after it
        ("America/New_York", "2027-07-01T09:00", "2027-07-01T13:00:00Z"),
        ("America/New_York", "2027-01-12T09:00", "2027-01-12T14:00:00Z"),
        ("America/New_York", "2027-03-14T01:59", "2027-03-14T06:59:00Z"),
        ("America/New_York", "2027-03-14T03:00", "2027-03-14T07:00:00Z"),
        ("America/New_York", "2026-11-01T02:00", "2026-11-01T07:00:00Z"),
        ("Australia/Lord_Howe", "2027-01-12T12:00", "2027-01-12T01:00:00Z"),  // +11 in summer
        ("Australia/Lord_Howe", "2027-07-12T12:00", "2027-07-12T01:30:00Z"),  // +10:30 in winter
        ("Australia/Lord_Howe", "2027-10-03T01:59", "2027-10-02T15:29:00Z"),  // before the 30-minute gap
        ("Australia/Lord_Howe", "2027-10-03T02:30", "2027-10-02T15:30:00Z"),  // after it
        ("Australia/Lord_Howe", "2027-04-04T01:29", "2027-04-03T14:29:00Z"),  // before the repeated half hour
        ("Australia/Lord_Howe", "2027-04-04T02:00", "2027-04-03T15:30:00Z"),  // after it
        ("Asia/Tokyo", "2027-01-12T08:00", "2027-01-11T23:00:00Z"),
        ("Asia/Kolkata", "2027-01-12T10:00", "2027-01-12T04:30:00Z"),
        ("Asia/Kathmandu", "2027-01-12T10:00", "2027-01-12T04:15:00Z"),
        ("America/Sao_Paulo", "2027-01-12T22:00", "2027-01-13T01:00:00Z"),
        ("UTC", "2027-01-12T22:00", "2027-01-12T22:00:00Z"),
        ("Etc/UTC", "2028-02-29T23:59:59", "2028-02-29T23:59:59Z"),
        ("Pacific/Apia", "2011-12-31T00:00", "2011-12-30T10:00:00Z"),         // first minute after a skipped day
    ])
    func resolvesTimesThatOccurOnce(zone: String, wall: String, expected: String) throws {
        let instant = try TimeZoneResolver.resolve(local(wall), in: zone)
        #expect(UTCTimestamp.string(from: instant) == expected)
        // A choice for a time that is not ambiguous is a form default, not an error, and changes nothing.
        for choice in AmbiguityChoice.allCases {
            #expect(try TimeZoneResolver.resolve(local(wall), in: zone, ambiguity: choice) == instant)
        }
        #expect(try TimeZoneResolver.occurrence(of: instant, in: zone) == nil)
    }

    @Test(arguments: [
        // zone, local in the gap, last reading before, first reading after
        ("Europe/Paris", "2027-03-28T02:30", "2027-03-28T02:00", "2027-03-28T03:00"),
        ("Europe/Paris", "2027-03-28T02:00", "2027-03-28T02:00", "2027-03-28T03:00"),
        ("Europe/Paris", "2027-03-28T02:59:59", "2027-03-28T02:00", "2027-03-28T03:00"),
        ("Europe/Paris", "2026-03-29T02:15", "2026-03-29T02:00", "2026-03-29T03:00"),
        ("America/New_York", "2027-03-14T02:30", "2027-03-14T02:00", "2027-03-14T03:00"),
        ("Australia/Lord_Howe", "2027-10-03T02:15", "2027-10-03T02:00", "2027-10-03T02:30"),
        ("Australia/Lord_Howe", "2027-10-03T02:00", "2027-10-03T02:00", "2027-10-03T02:30"),
        ("Pacific/Apia", "2011-12-30T12:00", "2011-12-30T00:00", "2011-12-31T00:00"),   // a whole day skipped
    ])
    func refusesTimesInAGap(zone: String, wall: String, gapStart: String, gapEnd: String) {
        let expected = ScheduleError.nonexistent(local(wall), zoneID: zone, gapStart: local(gapStart), gapEnd: local(gapEnd))
        #expect(throws: expected) { try TimeZoneResolver.resolve(local(wall), in: zone) }
        // A choice cannot rescue a time that never happens.
        #expect(throws: expected) { try TimeZoneResolver.resolve(local(wall), in: zone, ambiguity: .later) }
        #expect(expected.suggestedTime == local(gapEnd))
        #expect(expected.message.contains("does not exist in \(zone)"))
        // The suggestion must itself be accepted.
        #expect(throws: Never.self) { try TimeZoneResolver.resolve(local(gapEnd), in: zone) }
    }

    @Test(arguments: [
        // zone, local, first occurrence, second occurrence, offsets (s), distance (s)
        ("Europe/Paris", "2026-10-25T02:30", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", 7_200, 3_600, 3_600.0),
        ("Europe/Paris", "2026-10-25T02:00", "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", 7_200, 3_600, 3_600),
        ("Europe/Paris", "2027-10-31T02:59:59", "2027-10-31T00:59:59Z", "2027-10-31T01:59:59Z", 7_200, 3_600, 3_600),
        ("America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", -14_400, -18_000, 3_600),
        ("Australia/Lord_Howe", "2027-04-04T01:45", "2027-04-03T14:45:00Z", "2027-04-03T15:15:00Z", 39_600, 37_800, 1_800),
        ("Australia/Lord_Howe", "2027-04-04T01:30", "2027-04-03T14:30:00Z", "2027-04-03T15:00:00Z", 39_600, 37_800, 1_800),
        ("Europe/Moscow", "2014-10-26T01:30", "2014-10-25T21:30:00Z", "2014-10-25T22:30:00Z", 14_400, 10_800, 3_600), // not DST: a standard-offset change
    ])
    func repeatedTimesNeedAChoice(zone: String, wall: String, first: String, second: String, firstOffset: Int, secondOffset: Int, distance: TimeInterval) throws {
        let expected = ScheduleError.ambiguous(local(wall), zoneID: zone, earlier: utc(first), later: utc(second), earlierOffset: firstOffset, laterOffset: secondOffset)
        #expect(throws: expected) { try TimeZoneResolver.resolve(local(wall), in: zone) }

        let earlier = try TimeZoneResolver.resolve(local(wall), in: zone, ambiguity: .earlier)
        let later = try TimeZoneResolver.resolve(local(wall), in: zone, ambiguity: .later)
        #expect(UTCTimestamp.string(from: earlier) == first)
        #expect(UTCTimestamp.string(from: later) == second)
        #expect(later.timeIntervalSince(earlier) == distance)
        #expect(try TimeZoneResolver.occurrence(of: earlier, in: zone) == .earlier)
        #expect(try TimeZoneResolver.occurrence(of: later, in: zone) == .later)
        #expect(try TimeZoneResolver.localDateTime(of: earlier, in: zone) == local(wall))
        #expect(try TimeZoneResolver.localDateTime(of: later, in: zone) == local(wall))
    }

    @Test func gapAndOverlapMessagesAreActionable() throws {
        #expect(ScheduleError.nonexistent(local("2027-03-28T02:30"), zoneID: "Europe/Paris", gapStart: local("2027-03-28T02:00"), gapEnd: local("2027-03-28T03:00")).message
            == "2027-03-28 02:30 does not exist in Europe/Paris: the clocks jump from 02:00 to 03:00. The nearest valid time is 03:00.")
        #expect(ScheduleError.nonexistent(local("2011-12-30T12:00"), zoneID: "Pacific/Apia", gapStart: local("2011-12-30T00:00"), gapEnd: local("2011-12-31T00:00")).message
            == "2011-12-30 12:00 does not exist in Pacific/Apia: the clocks jump from 2011-12-30 00:00 to 2011-12-31 00:00. The nearest valid time is 2011-12-31 00:00.")

        let paris = #expect(throws: ScheduleError.self) { try TimeZoneResolver.resolve(local("2026-10-25T02:30"), in: "Europe/Paris") }
        #expect(paris?.message == "2026-10-25 02:30 happens twice in Europe/Paris because the clocks go back: first at 02:30 CEST (00:30 UTC), then at 02:30 CET (01:30 UTC). Choose the first or the second occurrence.")
        // No abbreviation for Lord Howe: the offsets tell the two readings apart.
        let lordHowe = #expect(throws: ScheduleError.self) { try TimeZoneResolver.resolve(local("2027-04-04T01:45"), in: "Australia/Lord_Howe") }
        #expect(lordHowe?.message == "2027-04-04 01:45 happens twice in Australia/Lord_Howe because the clocks go back: first at 01:45 UTC+11:00 (2027-04-03 14:45 UTC), then at 01:45 UTC+10:30 (2027-04-03 15:15 UTC). Choose the first or the second occurrence.")
    }

    // Foundation's own conversion moves gap times silently (see FIELD-NOTES); this pins the reason the resolver exists.
    @Test func foundationCalendarWouldHaveAcceptedTheGapTime() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try TimeZoneResolver.zone("Europe/Paris")
        let shifted = calendar.date(from: DateComponents(year: 2027, month: 3, day: 28, hour: 2, minute: 30))
        #expect(shifted != nil)
        #expect(throws: ScheduleError.self) { try TimeZoneResolver.resolve(local("2027-03-28T02:30"), in: "Europe/Paris") }
    }

    // Every quarter hour around each 2026–2027 transition: reading an instant's wall clock and resolving it back,
    // with the occurrence the instant reports, must give the same instant.
    @Test(arguments: ["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Auckland"])
    func wallClockRoundTripsAroundTransitions(zone: String) throws {
        let foundation = try TimeZoneResolver.zone(zone)
        var transitions: [Date] = []
        var cursor = utc("2026-01-01T00:00:00Z")
        while let next = foundation.nextDaylightSavingTimeTransition(after: cursor), next < utc("2028-01-01T00:00:00Z") {
            transitions.append(next)
            cursor = next
        }
        if zone == "Asia/Kolkata" { #expect(transitions.isEmpty) } else { #expect(transitions.count == 4) }
        var failures: [String] = []
        for transition in transitions + [utc("2027-06-15T12:00:00Z")] {
            for step in -16...16 {
                let instant = transition.addingTimeInterval(TimeInterval(step * 900))
                let wall = try TimeZoneResolver.localDateTime(of: instant, in: zone)
                let choice = try TimeZoneResolver.occurrence(of: instant, in: zone)
                let back = try TimeZoneResolver.resolve(wall, in: zone, ambiguity: choice)
                if back != instant { failures.append("\(UTCTimestamp.string(from: instant)) → \(wall) → \(UTCTimestamp.string(from: back))") }
            }
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test(arguments: [
        ("Europe/Pariss", "Europe/Paris"),
        ("europe/paris", "Europe/Paris"),
        ("Paris", "Europe/Paris"),
        ("new york", "America/New_York"),
        (" Europe/Paris", "Europe/Paris"),
        ("America/NewYork", "America/New_York"),
    ])
    func unknownZonesSuggestAKnownOne(input: String, suggestion: String) {
        #expect(throws: ScheduleError.unknownTimeZone(input, suggestion: suggestion)) {
            try TimeZoneResolver.resolve(local("2027-01-12T22:00"), in: input)
        }
        #expect(ScheduleError.unknownTimeZone(input, suggestion: suggestion).message == "Unknown time zone “\(input)”. Did you mean \(suggestion)?")
    }

    @Test func unknownZonesWithoutACloseMatch() {
        #expect(throws: ScheduleError.unknownTimeZone("Mars/Olympus_Mons", suggestion: nil)) {
            try TimeZoneResolver.zone("Mars/Olympus_Mons")
        }
        #expect(ScheduleError.unknownTimeZone("Mars/Olympus_Mons", suggestion: nil).message
            == "Unknown time zone “Mars/Olympus_Mons”. Use an IANA zone name such as Europe/Paris or America/New_York.")
        #expect(throws: ScheduleError.unknownTimeZone("", suggestion: nil)) { try TimeZoneResolver.zone("") }
        #expect(ScheduleError.unknownTimeZone("", suggestion: nil).message.hasPrefix("Choose a time zone."))
    }

    @Test(arguments: [
        ("Europe/Paris", "2027-01-12T21:00:00Z", "CET"),
        ("Europe/Paris", "2027-07-12T21:00:00Z", "CEST"),
        ("America/New_York", "2027-01-12T21:00:00Z", "EST"),
        ("America/New_York", "2027-07-12T21:00:00Z", "EDT"),
        ("Europe/London", "2027-01-12T21:00:00Z", "GMT"),
        ("Europe/London", "2027-07-12T21:00:00Z", "BST"),
        ("Asia/Kolkata", "2027-01-12T21:00:00Z", "IST"),
        ("Asia/Tokyo", "2027-01-12T21:00:00Z", "JST"),
        ("Australia/Sydney", "2027-01-12T21:00:00Z", "AEDT"),
        ("Australia/Lord_Howe", "2027-01-12T21:00:00Z", "UTC+11:00"),
        ("Australia/Lord_Howe", "2027-07-12T21:00:00Z", "UTC+10:30"),
        ("Asia/Kathmandu", "2027-01-12T21:00:00Z", "UTC+05:45"),
        ("America/Sao_Paulo", "2027-01-12T21:00:00Z", "UTC-03:00"),
        ("UTC", "2027-01-12T21:00:00Z", "UTC"),
        ("Etc/UTC", "2027-01-12T21:00:00Z", "UTC"),
        ("Europe/Paris", "1900-01-01T00:00:00Z", "UTC+00:09:21"),   // Paris Mean Time: the table never guesses
    ])
    func labels(zone: String, instant: String, expected: String) throws {
        #expect(try TimeZoneResolver.label(at: utc(instant), in: zone) == expected)
    }

    @Test(arguments: [(3_600, "UTC+01:00"), (-18_000, "UTC-05:00"), (37_800, "UTC+10:30"), (20_700, "UTC+05:45"), (0, "UTC+00:00"), (-561, "UTC-00:09:21")])
    func offsetText(seconds: Int, expected: String) {
        #expect(ZoneLabel.offsetText(seconds) == expected)
    }
}
