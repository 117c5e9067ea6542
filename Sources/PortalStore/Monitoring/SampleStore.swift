import Foundation
import PortalCore

/// Raw check samples. Inserting a batch also adds it to the minute and hour rollups, in the caller's transaction.
public enum SampleStore {
    /// Writes a batch of samples and rolls them up.
    public static func insert(_ db: Database, _ samples: [NewSample]) throws {
        var minutes: [RollupKey: SampleAggregate] = [:]
        var hours: [RollupKey: SampleAggregate] = [:]
        for sample in samples {
            try db.run("""
                INSERT INTO check_samples (check_id, at, available, degraded, http_status, response_ms, error, downtime_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [sample.checkID, StoreTime.format(sample.at), sample.available, sample.degraded, sample.httpStatus, sample.responseMS,
                      String(sample.error.prefix(500)), sample.downtimeID])
            minutes[RollupKey(checkID: sample.checkID, bucket: RollupBuckets.minute(sample.at)), default: SampleAggregate()].add(sample.facts)
            hours[RollupKey(checkID: sample.checkID, bucket: RollupBuckets.hour(sample.at)), default: SampleAggregate()].add(sample.facts)
        }
        for (key, aggregate) in minutes { try RollupStore.add(db, checkID: key.checkID, resolution: .minute, bucket: key.bucket, aggregate) }
        for (key, aggregate) in hours { try RollupStore.add(db, checkID: key.checkID, resolution: .hour, bucket: key.bucket, aggregate) }
    }

    struct RollupKey: Hashable {
        let checkID: Int64
        let bucket: Date
    }

    /// Counts, response times and status codes of one check's samples since `since` (inclusive).
    /// `excludingMaintenance` leaves out samples taken while a declared downtime explained the target's state.
    public static func window(_ db: Database, checkID: Int64, since: Date, until: Date? = nil, excludingMaintenance: Bool = false) throws -> WindowStats {
        var stats = WindowStats()
        var sql = "SELECT available, response_ms, http_status FROM check_samples WHERE check_id = ? AND at >= ?"
        if excludingMaintenance { sql += " AND downtime_id IS NULL" }
        var values: [SQLBindable] = [checkID, StoreTime.format(since)]
        if let until { sql += " AND at < ?"; values.append(StoreTime.format(until)) }
        try db.forEach(sql, values) { s in
            stats.samples += 1
            if s.int64(at: 0) == 1 { stats.up += 1 }
            if let ms = s.optionalInt(at: 1) {
                stats.timed += 1
                stats.sumMS += ms
                stats.maxMS = max(stats.maxMS ?? ms, ms)
            }
            stats.statusCounts[s.optionalInt(at: 2).map(String.init) ?? "none", default: 0] += 1
        }
        return stats
    }

    /// The newest sample of a check, or nil.
    public static func latest(_ db: Database, checkID: Int64) throws -> SampleRecord? {
        try list(db, checkID: checkID, from: nil, to: nil, newestFirst: true, limit: 1).first
    }

    /// One check's samples in `[from, to)`, oldest first unless `newestFirst`.
    public static func list(_ db: Database, checkID: Int64, from: Date?, to: Date?, newestFirst: Bool = false, limit: Int = 10_000) throws -> [SampleRecord] {
        var sql = "SELECT id, check_id, at, available, degraded, http_status, response_ms, error, downtime_id FROM check_samples WHERE check_id = ?"
        var values: [SQLBindable] = [checkID]
        if let from { sql += " AND at >= ?"; values.append(StoreTime.format(from)) }
        if let to { sql += " AND at < ?"; values.append(StoreTime.format(to)) }
        sql += newestFirst ? " ORDER BY at DESC, id DESC LIMIT ?" : " ORDER BY at, id LIMIT ?"
        var result: [SampleRecord] = []
        try db.forEach(sql, values + [limit]) { s in
            result.append(SampleRecord(id: s.int64(at: 0), sample: NewSample(
                checkID: s.int64(at: 1), at: s.date(at: 2) ?? Date(timeIntervalSince1970: 0), available: s.int64(at: 3) == 1,
                degraded: s.int64(at: 4) == 1, httpStatus: s.optionalInt(at: 5), responseMS: s.optionalInt(at: 6), error: s.string(at: 7) ?? "",
                downtimeID: s.optionalInt64(at: 8))))
        }
        return result
    }

    /// When a check last failed outside maintenance, or nil.
    public static func lastFailure(_ db: Database, checkID: Int64) throws -> Date? {
        guard case .text(let text)? = try db.scalar(
            "SELECT at FROM check_samples WHERE check_id = ? AND available = 0 ORDER BY at DESC LIMIT 1", [checkID]) else { return nil }
        return StoreTime.parse(text)
    }

    /// Deletes raw samples older than `before`; returns how many.
    @discardableResult
    public static func purge(_ db: Database, before: Date) throws -> Int {
        try db.run("DELETE FROM check_samples WHERE at < ?", [StoreTime.format(before)])
    }
}
