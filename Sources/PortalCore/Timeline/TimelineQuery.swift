import Foundation

/// Which events a timeline range shows, with one rule for the dashboard list, the chart and the feeds.
///
/// An event covers `[start, effectiveEnd)`; open events run to `now`. It is shown when that overlaps the
/// range `[from, to)`: crossing either edge is in (and clipped when drawn), ending exactly at `from` or
/// starting exactly at `to` is out, and a zero-length event is in when its instant is in `[from, to)`.
public enum TimelineQuery {
    /// The events shown in `range`, ordered by start, then end, then id.
    public static func select(_ events: [TimelineEvent], in range: TimelineRange, now: Date) -> [TimelineEvent] {
        spans(events, in: range, now: now).map { events[$0.index] }
    }

    /// True when `event` is shown in `range` (the rule above, for one event).
    public static func shows(_ event: TimelineEvent, in range: TimelineRange, now: Date) -> Bool {
        overlaps(start: event.start, end: event.effectiveEnd(now: now), range: range)
    }

    static func overlaps(start: Date, end: Date, range: TimelineRange) -> Bool {
        start == end ? range.contains(start) : (start < range.to && end > range.from)
    }

    /// The shown events with their visible part, sorted as `select` sorts.
    package static func spans(_ events: [TimelineEvent], in range: TimelineRange, now: Date) -> [TimelineSpan] {
        var spans: [TimelineSpan] = []
        spans.reserveCapacity(events.count)
        for (index, event) in events.enumerated() {
            let end = event.effectiveEnd(now: now)
            guard overlaps(start: event.start, end: end, range: range) else { continue }
            spans.append(TimelineSpan(
                index: index, start: event.start, end: end,
                visibleStart: max(event.start, range.from), visibleEnd: min(end, range.to)))
        }
        spans.sort { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.end != b.end { return a.end < b.end }
            return events[a.index].id < events[b.index].id
        }
        return spans
    }
}

/// One shown event: its index in the input, its effective extent and the part inside the range.
package struct TimelineSpan {
    package let index: Int
    package let start: Date
    package let end: Date
    package let visibleStart: Date
    package let visibleEnd: Date

    package var continuesBefore: Bool { start < visibleStart }
    package var continuesAfter: Bool { end > visibleEnd }
}
