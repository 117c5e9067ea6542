import CICal
import Foundation
import PortalCore

/// Expands a series: libical turns the rule into wall-clock readings from the first start, PortalCore places
/// each reading on the clocks of the series' zone (DST gaps and overlaps), and UNTIL bounds the result in UTC.
public enum RecurrenceExpander {
    /// Occurrences of `rule` from the first reading `firstStart` in `timeZone`, each `duration` seconds long,
    /// that start at or before `through` (and at or after `from`), at most `limit` of them.
    public static func occurrences(of rule: RecurrenceRule, firstStart: LocalDateTime, timeZone: String, duration: Int,
                                   from: Date? = nil, through: Date, limit: Int = 2000) throws -> [PlannedOccurrence] {
        // Readings are bounded generously on the wall clock (offsets never exceed ±14 h), then exactly in UTC.
        let bound = (rule.until.map { min($0, through) } ?? through).addingTimeInterval(15 * 3600)
        let limitWall = try TimeZoneResolver.localDateTime(of: bound, in: "UTC")
        let limitSeconds = Int64(limitWall.secondsSinceEpochAsIfUTC)
        let capacity = max(1, min(limit + 1, 20_000))
        var buffer = [Int64](repeating: 0, count: capacity)
        let found = buffer.withUnsafeMutableBufferPointer { out in
            CICal_expand(rule.text, Int32(firstStart.year), Int32(firstStart.month), Int32(firstStart.day),
                         Int32(firstStart.hour), Int32(firstStart.minute), Int32(firstStart.second),
                         limitSeconds, out.baseAddress, Int32(capacity))
        }
        guard found >= 0 else { throw RecurrenceError.invalid("“\(rule.text)” is not a valid RFC 5545 recurrence rule.") }
        let readings = buffer.prefix(Int(found)).map { LocalDateTime(wallSecondsAsIfUTC: Int($0)) }
        let until = rule.until.map { min($0, through) } ?? through
        return Array(try OccurrencePlacement.plan(readings: readings, timeZone: timeZone, duration: duration, until: until, from: from).prefix(limit))
    }

    /// The next `count` occurrences starting at or after `after`, for previews; looks up to ten years ahead.
    public static func next(_ count: Int, of rule: RecurrenceRule, firstStart: LocalDateTime, timeZone: String, duration: Int,
                            after: Date) throws -> [PlannedOccurrence] {
        let horizon = after.addingTimeInterval(10 * 366 * 86_400)
        var all = try occurrences(of: rule, firstStart: firstStart, timeZone: timeZone, duration: duration, through: horizon, limit: 5000)
        all.removeAll { $0.window.start < after }
        return Array(all.prefix(count))
    }
}
