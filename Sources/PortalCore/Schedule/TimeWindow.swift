import Foundation

/// A stretch of time between two instants, declared in the IANA zone it is shown in; `end` is exclusive.
public struct TimeWindow: Sendable, Hashable {
    /// First instant inside the window, to the whole second.
    public let start: Date
    /// First instant after the window, to the whole second.
    public let end: Date
    /// IANA identifier the window was declared in, e.g. `Europe/Paris`.
    public let timeZone: String

    /// The longest window accepted by default: a longer "downtime" is almost always a typo in the year or month.
    public static let defaultMaximumDuration: TimeInterval = 30 * 86_400

    /// Validates and creates a window; pass `maximumDuration: nil` to skip the length limit.
    ///
    /// Instants are rounded down to whole seconds: storage keeps seconds, and a window must equal itself after
    /// a round trip through the database.
    public init(start: Date, end: Date, timeZone: String, maximumDuration: TimeInterval? = TimeWindow.defaultMaximumDuration) throws {
        _ = try TimeZoneResolver.zone(timeZone)
        let start = Date(timeIntervalSince1970: TimeInterval(LocalDateTime.wholeSeconds(start)))
        let end = Date(timeIntervalSince1970: TimeInterval(LocalDateTime.wholeSeconds(end)))
        guard end > start else {
            throw ScheduleError.endNotAfterStart(start: start, end: end, zoneID: timeZone)
        }
        if let maximumDuration, end.timeIntervalSince(start) > maximumDuration {
            throw ScheduleError.windowTooLong(start: start, end: end, maximum: maximumDuration)
        }
        self.start = start
        self.end = end
        self.timeZone = timeZone
    }

    /// Creates a window from the wall-clock start and end a person entered in `timeZone`.
    public init(
        localStart: LocalDateTime, localEnd: LocalDateTime, timeZone: String,
        startAmbiguity: AmbiguityChoice? = nil, endAmbiguity: AmbiguityChoice? = nil,
        maximumDuration: TimeInterval? = TimeWindow.defaultMaximumDuration
    ) throws {
        let start = try TimeZoneResolver.resolve(localStart, in: timeZone, ambiguity: startAmbiguity)
        let end = try TimeZoneResolver.resolve(localEnd, in: timeZone, ambiguity: endAmbiguity)
        try self.init(start: start, end: end, timeZone: timeZone, maximumDuration: maximumDuration)
    }

    /// Length of the window in seconds.
    public var duration: TimeInterval {
        end.timeIntervalSince(start)
    }

    /// True when both windows share some instant; windows that only touch (one ends as the other starts) do not.
    public func overlaps(_ other: TimeWindow) -> Bool {
        start < other.end && other.start < end
    }

    /// True when `date` lies in the window: from `start` included to `end` excluded.
    public func contains(_ date: Date) -> Bool {
        start <= date && date < end
    }

    /// The same window ending later, as when a downtime is extended; the new end must be after the current one.
    public func extended(to newEnd: Date, maximumDuration: TimeInterval? = TimeWindow.defaultMaximumDuration) throws -> TimeWindow {
        let newEnd = Date(timeIntervalSince1970: TimeInterval(LocalDateTime.wholeSeconds(newEnd)))
        guard newEnd > end else {
            throw ScheduleError.extensionNotLater(currentEnd: end, requestedEnd: newEnd, zoneID: timeZone)
        }
        return try TimeWindow(start: start, end: newEnd, timeZone: timeZone, maximumDuration: maximumDuration)
    }

    /// The start as read on clocks in the window's zone, e.g. to refill a `datetime-local` field.
    public var localStart: LocalDateTime {
        TimeZoneResolver.localDateTime(of: start, in: zone)
    }

    /// The end as read on clocks in the window's zone.
    public var localEnd: LocalDateTime {
        TimeZoneResolver.localDateTime(of: end, in: zone)
    }

    /// Which occurrence the start is when its local time happens twice (clocks going back), else nil.
    public var startAmbiguity: AmbiguityChoice? {
        try? TimeZoneResolver.occurrence(of: start, in: timeZone)
    }

    /// Which occurrence the end is when its local time happens twice (clocks going back), else nil.
    public var endAmbiguity: AmbiguityChoice? {
        try? TimeZoneResolver.occurrence(of: end, in: timeZone)
    }

    var zone: TimeZone {
        // The identifier was checked when the window was made, so the fallback is never used.
        TimeZone(identifier: timeZone) ?? TimeZone(secondsFromGMT: 0)!
    }
}
