import Foundation
import PortalCore

/// Per-minute and per-hour aggregates of check samples.
public enum RollupStore {
    public enum Resolution: String, Sendable { case minute, hour }

    /// Merges `aggregate` into the bucket's row (created when missing).
    public static func add(_ db: Database, checkID: Int64, resolution: Resolution, bucket: Date, _ aggregate: SampleAggregate) throws {
        let stamp = StoreTime.format(bucket)
        var merged = aggregate
        try db.forEach("""
            SELECT samples, up, maintenance_samples, maintenance_up, timed, sum_ms, min_ms, max_ms, histogram FROM check_rollups
             WHERE check_id = ? AND resolution = ? AND bucket = ?
            """, [checkID, resolution.rawValue, stamp]) { s in merged.merge(aggregateRow(s, from: 0)) }
        try db.run("""
            INSERT OR REPLACE INTO check_rollups (check_id, resolution, bucket, samples, up, maintenance_samples, maintenance_up, timed, sum_ms,
                                                  min_ms, max_ms, histogram)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [checkID, resolution.rawValue, stamp, merged.samples, merged.up, merged.maintenanceSamples, merged.maintenanceUp, merged.timed,
                  merged.sumMS, merged.minMS, merged.maxMS, merged.histogram.text])
    }

    static func aggregateRow(_ s: Statement, from i: Int) -> SampleAggregate {
        SampleAggregate(samples: Int(s.int64(at: i)), up: Int(s.int64(at: i + 1)), maintenanceSamples: Int(s.int64(at: i + 2)),
                        maintenanceUp: Int(s.int64(at: i + 3)), timed: Int(s.int64(at: i + 4)), sumMS: Int(s.int64(at: i + 5)),
                        minMS: s.optionalInt(at: i + 6), maxMS: s.optionalInt(at: i + 7), histogram: LatencyHistogram(text: s.string(at: i + 8) ?? ""))
    }

    /// The buckets of one check in `[from, to)`, oldest first.
    public static func series(_ db: Database, checkID: Int64, resolution: Resolution, from: Date, to: Date) throws -> [(Date, SampleAggregate)] {
        var result: [(Date, SampleAggregate)] = []
        try db.forEach("""
            SELECT bucket, samples, up, maintenance_samples, maintenance_up, timed, sum_ms, min_ms, max_ms, histogram FROM check_rollups
             WHERE check_id = ? AND resolution = ? AND bucket >= ? AND bucket < ? ORDER BY bucket
            """, [checkID, resolution.rawValue, StoreTime.format(from), StoreTime.format(to)]) { s in
            if let bucket = s.date(at: 0) { result.append((bucket, aggregateRow(s, from: 1))) }
        }
        return result
    }

    /// Everything of one check in `[from, to)` merged: whole hours from the hour rollups, the edges from minutes.
    public static func total(_ db: Database, checkID: Int64, from: Date, to: Date) throws -> SampleAggregate {
        var total = SampleAggregate()
        let firstHour = RollupBuckets.hour(from.addingTimeInterval(3599))
        let lastHour = RollupBuckets.hour(to)
        if firstHour < lastHour {
            for (_, part) in try series(db, checkID: checkID, resolution: .hour, from: firstHour, to: lastHour) { total.merge(part) }
            for (_, part) in try series(db, checkID: checkID, resolution: .minute, from: from, to: firstHour) { total.merge(part) }
            for (_, part) in try series(db, checkID: checkID, resolution: .minute, from: lastHour, to: to) { total.merge(part) }
        } else {
            for (_, part) in try series(db, checkID: checkID, resolution: .minute, from: from, to: to) { total.merge(part) }
        }
        return total
    }

    /// Daily totals of the hour rollups since `from` of the checks of each service (by service id, then UTC day `2027-01-12`).
    public static func dailyByService(_ db: Database, from: Date) throws -> [Int64: [String: SampleAggregate]] {
        var result: [Int64: [String: SampleAggregate]] = [:]
        try db.forEach("""
            SELECT c.service_id, substr(r.bucket, 1, 10) AS day, sum(r.samples), sum(r.up), sum(r.maintenance_samples), sum(r.maintenance_up)
              FROM check_rollups r JOIN checks c ON c.id = r.check_id
             WHERE r.resolution = 'hour' AND r.bucket >= ? AND c.service_id IS NOT NULL
             GROUP BY c.service_id, day
            """, [StoreTime.format(from)]) { s in
            result[s.int64(at: 0), default: [:]][s.string(at: 1) ?? ""] = SampleAggregate(
                samples: Int(s.int64(at: 2)), up: Int(s.int64(at: 3)), maintenanceSamples: Int(s.int64(at: 4)), maintenanceUp: Int(s.int64(at: 5)),
                timed: 0, sumMS: 0, minMS: nil, maxMS: nil, histogram: LatencyHistogram())
        }
        return result
    }

    /// Deletes buckets of `resolution` that start before `before`; returns how many.
    @discardableResult
    public static func purge(_ db: Database, resolution: Resolution, before: Date) throws -> Int {
        try db.run("DELETE FROM check_rollups WHERE resolution = ? AND bucket < ?", [resolution.rawValue, StoreTime.format(before)])
    }
}
