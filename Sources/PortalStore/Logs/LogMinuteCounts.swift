import Foundation
import PortalCore

/// One row of the per-minute roll-up: a minute (`2027-01-12T21:05`), a stage (`""`: none), a product id (0: none), a level.
struct LogMinuteKey: Hashable {
    let minute: String
    let stage: String
    let product: Int64
    let level: Int
}

/// The per-minute count roll-up `log_minute_counts` and its per-hour twin `log_hour_counts`: how many messages each minute
/// (hour) holds per stage, product and level.
///
/// The batch writer adds to both in the transaction that inserts the messages; triggers on `log_messages` subtract for
/// every deleted message (retention, `forewarn logs purge`, a deleted product), so they always equal counting the
/// messages. The histogram of a range without a text query reads them instead of every message: hours for ranges over
/// `LogStore.hourlyAbove`, minutes otherwise.
enum LogMinuteCounts {
    /// Adds the counts of one batch to both tables (inside the caller's transaction).
    static func add(_ db: Database, _ counts: [LogMinuteKey: Int]) throws {
        guard !counts.isEmpty else { return }
        var hours: [LogMinuteKey: Int] = [:]
        for (key, count) in counts {
            hours[LogMinuteKey(minute: String(key.minute.prefix(13)), stage: key.stage, product: key.product, level: key.level), default: 0] += count
        }
        for (table, column, rows) in [("log_minute_counts", "minute", counts), ("log_hour_counts", "hour", hours)] {
            let statement = try db.prepare("""
                INSERT INTO \(table) (\(column), stage, product_id, level, count) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (\(column), stage, product_id, level) DO UPDATE SET count = \(table).count + excluded.count
                """)
            for (key, count) in rows {
                try statement.bind([.text(key.minute), .text(key.stage), .integer(key.product), .integer(Int64(key.level)), .integer(Int64(count))])
                defer { statement.reset() }
                while try statement.step() {}
            }
        }
    }

    /// Removes the rows whose messages are all deleted, up to the minute (hour) of `before`.
    static func dropEmpty(_ db: Database, through before: Date) throws {
        try db.run("DELETE FROM log_minute_counts WHERE minute <= ? AND count <= 0", [minute(before)])
        try db.run("DELETE FROM log_hour_counts WHERE hour <= ? AND count <= 0", [String(minute(before).prefix(13))])
    }

    /// The minute of an instant, as stored (`2027-01-12T21:05`).
    static func minute(_ date: Date) -> String { String(LogTimestamp.string(from: date).prefix(16)) }

    static func floor(_ date: Date, _ step: TimeInterval) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / step).rounded(.down) * step)
    }

    static func ceiling(_ date: Date, _ step: TimeInterval) -> Date {
        let down = floor(date, step)
        return down < date ? down.addingTimeInterval(step) : down
    }

    /// The histogram's counts from the roll-ups, or nil when the query filters on what they do not keep (text,
    /// version, host). Partial minutes at either end are counted in the messages; over `LogStore.hourlyAbove` the
    /// whole hours come from the hourly table (each hour's count at its first minute, `2027-01-12T21:00`).
    static func perMinute(_ db: Database, _ query: LogQuery) throws -> [(minute: String, count: Int)]? {
        guard query.text == nil, query.version == nil, query.host == nil else { return nil }
        let firstWhole = ceiling(query.from, 60)
        let endWhole = floor(query.to, 60)
        guard firstWhole < endWhole else { return nil }
        var head = query
        head.to = firstWhole
        var tail = query
        tail.from = endWhole
        var counts = firstWhole > query.from ? try LogStore.countedPerMinute(db, head) : []
        let firstHour = ceiling(firstWhole, 3_600)
        let endHour = floor(endWhole, 3_600)
        if query.to.timeIntervalSince(query.from) > LogStore.hourlyAbove && firstHour < endHour {
            counts += try rolledUp(db, query, table: "log_hour_counts", column: "hour", from: firstHour, to: endHour, suffix: ":00", start: firstWhole, end: endWhole)
        } else {
            counts += try rolledUp(db, query, table: "log_minute_counts", column: "minute", from: firstWhole, to: endWhole, suffix: "", start: nil, end: nil)
        }
        if query.to > endWhole { counts += try LogStore.countedPerMinute(db, tail) }
        return counts
    }

    /// Rows of one roll-up table in `[from, to)` summed over the filters; with `start`/`end` the minutes from `start` to
    /// `from` and from `to` to `end` come from the per-minute table around them.
    static func rolledUp(_ db: Database, _ query: LogQuery, table: String, column: String, from: Date, to: Date, suffix: String,
                         start: Date?, end: Date?) throws -> [(minute: String, count: Int)] {
        var counts: [(minute: String, count: Int)] = []
        if let start, start < from {
            counts += try rolledUp(db, query, table: "log_minute_counts", column: "minute", from: start, to: from, suffix: "", start: nil, end: nil)
        }
        let width = column == "hour" ? 13 : 16
        var parts = ["\(column) >= ?", "\(column) < ?"]
        var values: [SQLBindable] = [String(minute(from).prefix(width)), String(minute(to).prefix(width))]
        if let stage = query.stage { parts.append("stage = ?"); values.append(stage.rawValue) }
        if let product = query.product {
            parts.append("product_id IN \(LogStore.productIDs)")
            values += [product, product]
        }
        if let level = query.minimumLevel { parts.append("level <= ?"); values.append(level.rawValue) }
        try db.forEach("""
            SELECT \(column), sum(count) FROM \(table) WHERE \(parts.joined(separator: " AND "))
            GROUP BY \(column) HAVING sum(count) > 0 ORDER BY \(column)
            """, values) { counts.append((($0.string(at: 0) ?? "") + suffix, Int($0.int64(at: 1)))) }
        if let end, to < end {
            counts += try rolledUp(db, query, table: "log_minute_counts", column: "minute", from: to, to: end, suffix: "", start: nil, end: nil)
        }
        return counts
    }
}
