import Foundation
import PortalCore

/// One row of the per-minute roll-up: a minute (`2027-01-12T21:05`), a stage (`""`: none), a product id (0: none), a level.
struct LogMinuteKey: Hashable {
    let minute: String
    let stage: String
    let product: Int64
    let level: Int
}

/// The per-minute count roll-up `log_minute_counts`: how many messages each minute holds per stage, product and level.
///
/// The batch writer adds to it in the transaction that inserts the messages; a trigger on `log_messages` subtracts for
/// every deleted message (retention, `forewarn logs purge`, a deleted product), so it always equals counting the messages.
/// The histogram of a long range without a text query reads it instead of every message.
enum LogMinuteCounts {
    /// Adds the counts of one batch (inside the caller's transaction).
    static func add(_ db: Database, _ counts: [LogMinuteKey: Int]) throws {
        guard !counts.isEmpty else { return }
        let statement = try db.prepare("""
            INSERT INTO log_minute_counts (minute, stage, product_id, level, count) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (minute, stage, product_id, level) DO UPDATE SET count = log_minute_counts.count + excluded.count
            """)
        for (key, count) in counts {
            try statement.bind([.text(key.minute), .text(key.stage), .integer(key.product), .integer(Int64(key.level)), .integer(Int64(count))])
            defer { statement.reset() }
            while try statement.step() {}
        }
    }

    /// Removes the rows whose messages are all deleted, up to the minute of `before`.
    static func dropEmpty(_ db: Database, through before: Date) throws {
        try db.run("DELETE FROM log_minute_counts WHERE minute <= ? AND count <= 0", [minute(before)])
    }

    /// The minute of an instant, as stored (`2027-01-12T21:05`).
    static func minute(_ date: Date) -> String { String(LogTimestamp.string(from: date).prefix(16)) }

    /// The histogram's counts from the roll-up, or nil when the query filters on what it does not keep (text, version, host).
    static func perMinute(_ db: Database, _ query: LogQuery) throws -> [(minute: String, count: Int)]? {
        guard query.text == nil, query.version == nil, query.host == nil else { return nil }
        let floorFrom = Date(timeIntervalSince1970: (query.from.timeIntervalSince1970 / 60).rounded(.down) * 60)
        let firstWhole = floorFrom < query.from ? floorFrom.addingTimeInterval(60) : floorFrom
        let endWhole = Date(timeIntervalSince1970: (query.to.timeIntervalSince1970 / 60).rounded(.down) * 60)
        guard firstWhole < endWhole else { return nil }
        var head = query
        head.to = firstWhole
        var tail = query
        tail.from = endWhole
        var counts = firstWhole > query.from ? try LogStore.countedPerMinute(db, head) : []
        var parts = ["minute >= ?", "minute < ?"]
        var values: [SQLBindable] = [minute(firstWhole), minute(endWhole)]
        if let stage = query.stage { parts.append("stage = ?"); values.append(stage.rawValue) }
        if let product = query.product {
            parts.append("product_id IN \(LogStore.productIDs)")
            values += [product, product]
        }
        if let level = query.minimumLevel { parts.append("level <= ?"); values.append(level.rawValue) }
        try db.forEach("""
            SELECT minute, sum(count) FROM log_minute_counts WHERE \(parts.joined(separator: " AND "))
            GROUP BY minute HAVING sum(count) > 0 ORDER BY minute
            """, values) { counts.append(($0.string(at: 0) ?? "", Int($0.int64(at: 1)))) }
        if query.to > endWhole { counts += try LogStore.countedPerMinute(db, tail) }
        return counts
    }
}
