import Foundation

/// Places the wall-clock readings a recurrence rule gives on the clocks of a zone, the way RFC 5545 asks, so
/// that Forewarn's list and every calendar reading the series' RRULE agree.
///
/// Foundation's `Calendar` cannot be used here: it silently moves non-existent readings (FIELD-NOTES), and it
/// would move them by its own rule rather than by the standard's.
public enum OccurrencePlacement {
    /// The instant of `local` in `zoneID`. A reading that does not exist is read with the offset in force before
    /// the gap (RFC 5545 §3.3.5), which moves it forward by the gap's length (02:30 → 03:30 in Europe/Berlin);
    /// a reading that happens twice is the first of the two (§3.3.5: "the first occurrence").
    public static func place(_ local: LocalDateTime, in zoneID: String) throws -> (instant: Date, adjustment: OccurrenceAdjustment) {
        let zone = try TimeZoneResolver.zone(zoneID)
        let candidates = TimeZoneResolver.instants(for: local, in: zone)
        if let first = candidates.first {
            return (date(first), candidates.count > 1 ? .ambiguous : .none)
        }
        let wall = local.secondsAsIfUTC
        for change in TimeZoneResolver.transitions(near: wall, in: zone) where change.after > change.before {
            let gapStart = change.at + change.before
            if gapStart <= wall, wall < change.at + change.after {
                return (date(wall - change.before), .gap)
            }
        }
        // Not reached with tzdata: a reading with no instant always lies in a forward jump.
        throw ScheduleError.nonexistent(local, zoneID: zoneID, gapStart: local, gapEnd: local)
    }

    /// Occurrences for the rule's readings (ascending), each lasting `duration` seconds, keeping those that start
    /// at or before `until` (the rule's UNTIL, inclusive) and whose identity is at or after `from`.
    public static func plan(readings: [LocalDateTime], timeZone: String, duration: Int, until: Date? = nil, from: Date? = nil) throws -> [PlannedOccurrence] {
        var result: [PlannedOccurrence] = []
        for reading in readings {
            let (instant, adjustment) = try place(reading, in: timeZone)
            if let until, instant > until { break }
            if let from, instant < from { continue }
            let window = try TimeWindow(start: instant, end: instant.addingTimeInterval(TimeInterval(duration)), timeZone: timeZone, maximumDuration: nil)
            result.append(PlannedOccurrence(ruleStart: reading, recurrenceID: instant, window: window, adjustment: adjustment))
        }
        return result
    }

    private static func date(_ seconds: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
