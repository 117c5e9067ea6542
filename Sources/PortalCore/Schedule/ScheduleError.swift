import Foundation

/// A date, time zone, window or lifecycle input that cannot be accepted, with a message the person can act on.
public enum ScheduleError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// Text that is not a local date and time; `problem` says which part is wrong.
    case invalidDateTime(input: String, problem: String)
    /// Text that is not a `2027-01-12T21:00:00Z` timestamp.
    case invalidTimestamp(input: String)
    /// An identifier that is not a known IANA zone, with a close match when there is one.
    case unknownTimeZone(String, suggestion: String?)
    /// A local time skipped when the clocks went forward; the gap runs from `gapStart` up to `gapEnd`.
    case nonexistent(LocalDateTime, zoneID: String, gapStart: LocalDateTime, gapEnd: LocalDateTime)
    /// A local time that happens twice when the clocks go back; offsets are seconds east of UTC.
    case ambiguous(LocalDateTime, zoneID: String, earlier: Date, later: Date, earlierOffset: Int, laterOffset: Int)
    /// A window whose end is not after its start.
    case endNotAfterStart(start: Date, end: Date, zoneID: String)
    /// A window longer than the allowed maximum (seconds).
    case windowTooLong(start: Date, end: Date, maximum: TimeInterval)
    /// An extension whose new end is not later than the current end.
    case extensionNotLater(currentEnd: Date, requestedEnd: Date, zoneID: String)
    /// A lifecycle event that the transition table does not allow in that state.
    case illegalTransition(from: DowntimeState, event: DowntimeEvent)

    /// For a time that does not exist: the first valid time after the gap, which is the moment the clocks changed.
    public var suggestedTime: LocalDateTime? {
        if case .nonexistent(_, _, _, let gapEnd) = self { return gapEnd }
        return nil
    }

    /// The message shown to the person, next to the field or at the top of the form.
    public var message: String {
        switch self {
        case .invalidDateTime(let input, let problem):
            return "“\(input)” is not a valid date and time: \(problem). Use the form 2027-01-12T22:00."
        case .invalidTimestamp(let input):
            return "“\(input)” is not a UTC timestamp. Use the form 2027-01-12T21:00:00Z."
        case .unknownTimeZone(let zoneID, let suggestion):
            let hint = suggestion.map { " Did you mean \($0)?" } ?? " Use an IANA zone name such as Europe/Paris or America/New_York."
            return zoneID.isEmpty ? "Choose a time zone.\(hint)" : "Unknown time zone “\(zoneID)”.\(hint)"
        case .nonexistent(let local, let zoneID, let gapStart, let gapEnd):
            // Within one day the times alone say it; across days (Pacific/Apia skipped 30 Dec 2011) dates are needed.
            let sameDay = gapStart.isSameDate(as: local) && gapEnd.isSameDate(as: local)
            let from = sameDay ? gapStart.timeText : gapStart.readable
            let to = sameDay ? gapEnd.timeText : gapEnd.readable
            return "\(local.readable) does not exist in \(zoneID): the clocks jump from \(from) to \(to). "
                + "The nearest valid time is \(to)."
        case .ambiguous(let local, let zoneID, let earlier, let later, let earlierOffset, let laterOffset):
            var first = ZoneLabel.label(zoneID: zoneID, offsetSeconds: earlierOffset)
            var second = ZoneLabel.label(zoneID: zoneID, offsetSeconds: laterOffset)
            if first == second {
                first = ZoneLabel.offsetText(earlierOffset)
                second = ZoneLabel.offsetText(laterOffset)
            }
            return "\(local.readable) happens twice in \(zoneID) because the clocks go back: "
                + "first at \(local.timeText) \(first) (\(ScheduleText.utcTime(earlier, besides: local))), "
                + "then at \(local.timeText) \(second) (\(ScheduleText.utcTime(later, besides: local))). "
                + "Choose the first or the second occurrence."
        case .endNotAfterStart(let start, let end, let zoneID):
            let zone = TimeZone(identifier: zoneID) ?? TimeZone(secondsFromGMT: 0)!
            let startText = ScheduleText.instant(start, zone: zone, zoneID: zoneID)
            if start == end { return "The end must be after the start; both are \(startText)." }
            return "The end (\(ScheduleText.instant(end, zone: zone, zoneID: zoneID))) must be after the start (\(startText))."
        case .windowTooLong(let start, let end, let maximum):
            return "This window lasts \(DurationText.format(end.timeIntervalSince(start))); a downtime may last at most "
                + "\(DurationText.format(maximum)). Check the dates, or split the work into several downtimes."
        case .extensionNotLater(let currentEnd, let requestedEnd, let zoneID):
            let zone = TimeZone(identifier: zoneID) ?? TimeZone(secondsFromGMT: 0)!
            return "The new end (\(ScheduleText.instant(requestedEnd, zone: zone, zoneID: zoneID))) must be later than "
                + "the current end (\(ScheduleText.instant(currentEnd, zone: zone, zoneID: zoneID))). "
                + "To finish early, complete the downtime when the work is done."
        case .illegalTransition(let state, let event):
            return DowntimeLifecycle.refusalMessage(from: state, event: event)
        }
    }

    /// The same as `message`, so logs and `print` show what the person saw.
    public var description: String { message }

    /// The same as `message`, for code that reads `localizedDescription`.
    public var errorDescription: String? { message }
}
