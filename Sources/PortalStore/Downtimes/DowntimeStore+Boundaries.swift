import Foundation

extension DowntimeStore {
    /// The first instant from about `now` on at which a list of downtimes filtered by the clock (`list` with `from`/`to`
    /// relative to now, windows begun or not yet begun) can change without a write: the next start, the next end, or
    /// the next start that comes within `horizon` of the clock. Over every row whatever its state or a list's limit, so
    /// a page built from such lists at `now` stays exact until then. Instants up to a second before `now` count (stored
    /// times have whole seconds and a comparison may flip at the next one): the answer is then ≤ now, meaning "do not
    /// keep". `.distantFuture` when no row will change a list by the clock alone.
    public static func nextClockBoundary(_ db: Database, after now: Date, horizon: TimeInterval) throws -> Date {
        var next = Date.distantFuture
        try db.forEach("""
            SELECT (SELECT min(starts_at) FROM downtimes WHERE starts_at >= ?1),
                   (SELECT min(ends_at) FROM downtimes WHERE ends_at >= ?1),
                   (SELECT min(starts_at) FROM downtimes WHERE starts_at >= ?2)
            """, [StoreTime.format(now.addingTimeInterval(-1)), StoreTime.format(now.addingTimeInterval(horizon - 1))]) { s in
            for (column, shift) in [(0, 0.0), (1, 0), (2, -horizon)] {
                if let text = s.string(at: column), let at = StoreTime.parse(text) { next = min(next, at.addingTimeInterval(shift)) }
            }
        }
        return next
    }
}
