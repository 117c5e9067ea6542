import Foundation

/// Outage minutes per service per calendar month (UTC), from the incidents that affected each service.
///
/// Each incident counts from its start to its end (an open one to `now`), clipped to each month it touches.
/// Incidents of the same service that overlap are merged first, so one bad hour is never counted twice.
public enum OutageMinutes {
    /// One incident's effect on one service, from `start` to `end`, or to `now` while open.
    public struct Interval: Sendable, Hashable {
        public var service: String
        public var start: Date
        public var end: Date?

        /// A service affected by one incident over `[start, end)`, open when `end` is nil.
        public init(service: String, start: Date, end: Date?) {
            self.service = service
            self.start = start
            self.end = end
        }
    }

    /// Minutes of outage of one service in one month (`2027-01`).
    public struct Row: Sendable, Hashable {
        public let service: String
        public let month: String
        public let minutes: Int
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Rows sorted by month, then service; months without outage are left out. Minutes round down per month.
    public static func perMonth(_ intervals: [Interval], now: Date) -> [Row] {
        var rows: [Row] = []
        for (service, items) in Dictionary(grouping: intervals, by: \.service) {
            var seconds: [String: TimeInterval] = [:]
            for span in merged(items.map { ($0.start, max($0.start, $0.end ?? now)) }) {
                var cursor = span.0
                while cursor < span.1 {
                    let parts = calendar.dateComponents([.year, .month], from: cursor)
                    let monthStart = calendar.date(from: parts)!
                    let next = calendar.date(byAdding: .month, value: 1, to: monthStart)!
                    let stop = min(next, span.1)
                    seconds[String(format: "%04d-%02d", parts.year!, parts.month!), default: 0] += stop.timeIntervalSince(cursor)
                    cursor = stop
                }
            }
            for (month, total) in seconds where total >= 60 {
                rows.append(Row(service: service, month: month, minutes: Int(total / 60)))
            }
        }
        return rows.sorted { ($0.month, $0.service) < ($1.month, $1.service) }
    }

    /// Overlapping or touching spans joined, in start order.
    static func merged(_ spans: [(Date, Date)]) -> [(Date, Date)] {
        var result: [(Date, Date)] = []
        for span in spans.sorted(by: { $0.0 < $1.0 }) {
            if let last = result.last, span.0 <= last.1 {
                result[result.count - 1].1 = max(last.1, span.1)
            } else {
                result.append(span)
            }
        }
        return result
    }
}
