import Foundation

/// The half-open span of time a timeline shows, `[from, to)`, at most one year long.
public struct TimelineRange: Sendable, Hashable, CustomStringConvertible {
    /// The longest range shown: one leap year, so any calendar year fits.
    public static let maximumDays = 366

    public let from: Date
    public let to: Date

    /// A range between two instants; `to` must be after `from` and at most `maximumDays` later.
    public init(from: Date, to: Date) throws(TimelineRangeError) {
        guard to > from else {
            throw .reversed(from: TimelineDateText.rfc3339(from), to: TimelineDateText.rfc3339(to))
        }
        // One hour of slack: a range of whole local days gains an hour when it crosses a daylight-saving change.
        let seconds = to.timeIntervalSince(from)
        guard seconds <= Double(Self.maximumDays) * 86_400 + 3_600 else {
            throw .tooLong(from: TimelineDateText.rfc3339(from), to: TimelineDateText.rfc3339(to),
                           days: Int((seconds / 86_400).rounded(.up)))
        }
        self.from = from
        self.to = to
    }

    /// For spans the type builds itself from constants, which are valid by construction.
    init(unchecked from: Date, to: Date) {
        self.from = from
        self.to = to
    }

    public var duration: TimeInterval { to.timeIntervalSince(from) }

    /// The middle of the range, kept when zooming.
    public var center: Date { from.addingTimeInterval(duration / 2) }

    /// True for `from <= date < to`.
    public func contains(_ date: Date) -> Bool {
        from <= date && date < to
    }

    public var description: String {
        "\(TimelineDateText.rfc3339(from)) ..< \(TimelineDateText.rfc3339(to))"
    }

    /// The dashboard's range when the URL names none: the last 7 days and the next 7 days, `now` in the middle.
    public static func `default`(now: Date) -> TimelineRange {
        TimelineRange(unchecked: now.addingTimeInterval(-7 * 86_400), to: now.addingTimeInterval(7 * 86_400))
    }

    /// The zoom levels offered as buttons; each is a whole number of local days so its URL is `?from=...&to=...`.
    public enum Zoom: String, Sendable, CaseIterable {
        /// The local day.
        case day
        /// Seven days: three before the day, the day, three after.
        case week
        /// Thirty-one days: fifteen before the day, the day, fifteen after.
        case month

        /// Days shown before the centre day.
        var daysBefore: Int {
            switch self {
            case .day: 0
            case .week: 3
            case .month: 15
            }
        }
    }

    /// The preset range of whole local days around the day that contains `center`.
    public static func preset(_ zoom: Zoom, around center: Date, timeZone: TimeZone = .timelineUTC) -> TimelineRange {
        let calendar = Calendar.timeline(timeZone)
        let day = calendar.startOfDay(for: center)
        let from = calendar.date(byAdding: .day, value: -zoom.daysBefore, to: day)!
        let to = calendar.date(byAdding: .day, value: zoom.daysBefore + 1, to: day)!
        return TimelineRange(unchecked: from, to: to)
    }

    /// The preset range of `zoom` around this range's centre: the "Day / Week / Month" buttons.
    public func zoomed(to zoom: Zoom, timeZone: TimeZone = .timelineUTC) -> TimelineRange {
        Self.preset(zoom, around: center, timeZone: timeZone)
    }

    /// The range of the same length just before this one (the "earlier" link).
    public var previous: TimelineRange {
        TimelineRange(unchecked: from.addingTimeInterval(-duration), to: from)
    }

    /// The range of the same length just after this one (the "later" link).
    public var next: TimelineRange {
        TimelineRange(unchecked: to, to: to.addingTimeInterval(duration))
    }
}

extension TimeZone {
    /// UTC, the timeline's default zone.
    public static let timelineUTC = TimeZone(identifier: "UTC")!
}

extension Calendar {
    /// A Gregorian calendar in `timeZone`, used for day and month boundaries.
    package static func timeline(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        return calendar
    }
}
