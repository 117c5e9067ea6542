import Foundation
import PortalCore

/// Good, bad and maintenance minutes (of a window, an hour or a day).
public struct MinuteCounts: Sendable, Equatable {
    public var good = 0, bad = 0, maintenance = 0

    public init(good: Int = 0, bad: Int = 0, maintenance: Int = 0) {
        self.good = good
        self.bad = bad
        self.maintenance = maintenance
    }

    /// The counts of one minute with `signal` (all zero for no signal).
    init(_ signal: MinuteSignal, times: Int = 1) {
        switch signal {
        case .good: good = times
        case .bad: bad = times
        case .maintenance: maintenance = times
        case .noSignal: break
        }
    }

    static func + (lhs: Self, rhs: Self) -> Self {
        MinuteCounts(good: lhs.good + rhs.good, bad: lhs.bad + rhs.bad, maintenance: lhs.maintenance + rhs.maintenance)
    }
}

/// The minutes of every service and their roll-ups: `service_level_hours` and `service_level_days` always hold the sums
/// of the minutes of their hour and day (kept in step by `setMinute` in the same transaction), so a 30-day window
/// reads about 110 rows per service instead of 43,200.
extension ServiceLevelStore {
    /// Stores (or replaces) one service's minute and moves its hour's and day's counts by the difference; a minute
    /// without a signal removes the row. `previous` is what the minute held (`.none` when it had no row).
    public static func setMinute(_ db: Database, serviceID: Int64, minute: Int, _ observation: MinuteObservation,
                                 previous: MinuteObservation = .none) throws {
        if let name = observation.signal.storedName {
            try db.run("INSERT OR REPLACE INTO service_level_minutes (service_id, minute, signal, cause) VALUES (?, ?, ?, ?)",
                       [serviceID, minute, name, observation.cause])
        } else {
            try db.run("DELETE FROM service_level_minutes WHERE service_id = ? AND minute = ?", [serviceID, minute])
        }
        guard observation.signal != previous.signal else { return }
        let added = MinuteCounts(observation.signal), removed = MinuteCounts(previous.signal)
        let delta = [added.good - removed.good, added.bad - removed.bad, added.maintenance - removed.maintenance]
        for (table, column, size) in [("service_level_hours", "hour", 60), ("service_level_days", "day", 1440)] {
            // UPDATE then INSERT rather than an upsert: SQLite checks `good >= 0` on the row to insert before it sees the
            // conflict, and a removed minute's delta is negative.
            let changed = try db.run("""
                UPDATE \(table) SET good = good + ?, bad = bad + ?, maintenance = maintenance + ? WHERE \(column) = ? AND service_id = ?
                """, delta.map { $0 as SQLBindable } + [minute / size, serviceID])
            if changed == 0 {
                try db.run("INSERT INTO \(table) (\(column), service_id, good, bad, maintenance) VALUES (?, ?, ?, ?, ?)",
                           [minute / size, serviceID] + delta.map { max(0, $0) as SQLBindable })
            }
        }
    }

    /// Every stored minute in `fromMinute...toMinute`, by service and minute.
    public static func observations(_ db: Database, fromMinute: Int, toMinute: Int) throws -> [Int64: [Int: MinuteObservation]] {
        var result: [Int64: [Int: MinuteObservation]] = [:]
        try db.forEach("SELECT service_id, minute, signal, cause FROM service_level_minutes WHERE minute BETWEEN ? AND ?",
                       [fromMinute, toMinute]) { s in
            result[s.int64(at: 0), default: [:]][Int(s.int64(at: 1))] = MinuteObservation(MinuteSignal(storedName: s.string(at: 2) ?? ""),
                                                                                          cause: s.string(at: 3) ?? "")
        }
        return result
    }

    /// Good, bad and maintenance minutes of every service with a signal in `(now - minutes, now]` (only `serviceIDs`
    /// when given), from the daily and hourly roll-ups for whole days and hours and from the minutes at the edges
    /// (`RollupPieces`). When no minute after `now` is stored in `now`'s UTC day (the usual case: `now` is the present),
    /// the window is read up to the end of that day, which sums the same minutes: the current hour and day then come
    /// from one roll-up row each instead of up to 1,440 minute rows.
    /// (`currentFromRollups: false` reads the current hour and day minute by minute: `make bench` compares the two.)
    public static func counts(_ db: Database, now: Int, minutes: Int, serviceIDs: Set<Int64>? = nil,
                              currentFromRollups: Bool = true) throws -> [Int64: MinuteCounts] {
        let endOfDay = (now / 1440 + 1) * 1440 - 1
        let last = try currentFromRollups && nothingStored(db, after: now, through: endOfDay) ? endOfDay : now
        let pieces = RollupPieces(first: now - minutes + 1, last: last)
        let filter = serviceFilter(serviceIDs)
        var result: [Int64: MinuteCounts] = [:]
        func add(_ s: Statement) {
            let counts = MinuteCounts(good: Int(s.int64(at: 1)), bad: Int(s.int64(at: 2)), maintenance: Int(s.int64(at: 3)))
            result[s.int64(at: 0), default: MinuteCounts()] = result[s.int64(at: 0), default: MinuteCounts()] + counts
        }
        // Summed in SQL per service: the covering index (minute, service_id, signal) answers edge minutes from the index.
        for range in pieces.minutes {
            try db.forEach("""
                SELECT service_id, sum(signal = 'good'), sum(signal = 'bad'), sum(signal = 'maintenance') FROM service_level_minutes
                 WHERE minute BETWEEN ? AND ?\(filter.sql) GROUP BY service_id
                """, [range.lowerBound, range.upperBound] + filter.value, add)
        }
        let rollups = pieces.hours.map { ("service_level_hours", "hour", $0) } + (pieces.days.map { [("service_level_days", "day", $0)] } ?? [])
        for (table, column, range) in rollups {
            try db.forEach("""
                SELECT service_id, sum(good), sum(bad), sum(maintenance) FROM \(table)
                 WHERE \(column) BETWEEN ? AND ?\(filter.sql) GROUP BY service_id
                """, [range.lowerBound, range.upperBound] + filter.value, add)
        }
        return result.filter { $0.value != MinuteCounts() }
    }

    /// `AND <column> IN (...)` with its one bound value (a JSON array) when `serviceIDs` is given, else nothing.
    static func serviceFilter(_ serviceIDs: Set<Int64>?, column: String = "service_id") -> (sql: String, value: [SQLBindable]) {
        guard let serviceIDs else { return ("", []) }
        return (" AND \(column) IN (SELECT value FROM json_each(?))", ["[" + serviceIDs.map(String.init).joined(separator: ",") + "]"])
    }

    /// Whether no service has a minute stored in `(after, through]`.
    static func nothingStored(_ db: Database, after: Int, through: Int) throws -> Bool {
        try db.scalar("SELECT 1 FROM service_level_minutes WHERE minute > ? AND minute <= ? LIMIT 1", [after, through]) == nil
    }

    /// The same counts summed minute by minute: what the roll-ups must agree with (tests and `make bench` compare them).
    public static func countsFromMinutes(_ db: Database, now: Int, minutes: Int) throws -> [Int64: MinuteCounts] {
        var result: [Int64: MinuteCounts] = [:]
        try db.forEach("""
            SELECT service_id, sum(signal = 'good'), sum(signal = 'bad'), sum(signal = 'maintenance') FROM service_level_minutes
             WHERE +minute > ? AND +minute <= ? GROUP BY service_id
            """, [now - minutes, now]) { s in
            result[s.int64(at: 0)] = MinuteCounts(good: Int(s.int64(at: 1)), bad: Int(s.int64(at: 2)), maintenance: Int(s.int64(at: 3)))
        }
        return result
    }

    /// The newest minute with a signal in `(now - minutes, now]` of every service that has one.
    public static func latest(_ db: Database, now: Int, minutes: Int, serviceIDs: Set<Int64>? = nil) throws -> [Int64: MinuteSignal] {
        var result: [Int64: MinuteSignal] = [:]
        let filter = serviceFilter(serviceIDs)
        try db.forEach("""
            SELECT m.service_id, m.signal FROM service_level_minutes m
              JOIN (SELECT service_id, max(minute) AS minute FROM service_level_minutes
                     WHERE minute > ? AND minute <= ?\(filter.sql) GROUP BY service_id) l
                ON l.service_id = m.service_id AND l.minute = m.minute
            """, [now - minutes, now] + filter.value) { s in result[s.int64(at: 0)] = MinuteSignal(storedName: s.string(at: 1) ?? "") }
        return result
    }

    /// Why the newest bad minute in `(now - minutes, now]` was bad, for every service that had one with a known cause.
    public static func latestBadCauses(_ db: Database, now: Int, minutes: Int, serviceIDs: Set<Int64>? = nil) throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        let filter = serviceFilter(serviceIDs)
        try db.forEach("""
            SELECT m.service_id, m.cause FROM service_level_minutes m
              JOIN (SELECT service_id, max(minute) AS minute FROM service_level_minutes
                     WHERE minute > ? AND minute <= ? AND signal = 'bad'\(filter.sql) GROUP BY service_id) l
                ON l.service_id = m.service_id AND l.minute = m.minute
             WHERE m.cause <> ''
            """, [now - minutes, now] + filter.value) { s in result[s.int64(at: 0)] = s.string(at: 1) ?? "" }
        return result
    }

    /// The services with a stored minute in the UTC day of `fromMinute` or later (from the daily roll-up: a few rows
    /// per service instead of every minute).
    public static func servicesWithMinutes(_ db: Database, fromMinute: Int) throws -> Set<Int64> {
        var result: Set<Int64> = []
        try db.forEach("SELECT DISTINCT service_id FROM service_level_days WHERE day >= ?", [fromMinute / 1440]) { result.insert($0.int64(at: 0)) }
        return result
    }

    /// One service's minutes in `(now - minutes, now]`, for charts.
    public static func minutes(_ db: Database, serviceID: Int64, now: Int, minutes: Int) throws -> [Int: MinuteSignal] {
        var result: [Int: MinuteSignal] = [:]
        try db.forEach("SELECT minute, signal FROM service_level_minutes WHERE service_id = ? AND minute > ? AND minute <= ?",
                       [serviceID, now - minutes, now]) { s in result[Int(s.int64(at: 0))] = MinuteSignal(storedName: s.string(at: 1) ?? "") }
        return result
    }

    /// Good and bad minutes per UTC day (day index = minute / 1440) of the given services from the day of `fromMinute`,
    /// from the daily roll-up.
    public static func daily(_ db: Database, serviceIDs: [Int64], fromMinute: Int) throws -> [Int64: [Int: (good: Int, bad: Int)]] {
        var result: [Int64: [Int: (good: Int, bad: Int)]] = [:]
        guard !serviceIDs.isEmpty else { return result }
        let marks = serviceIDs.map { _ in "?" }.joined(separator: ", ")
        try db.forEach("SELECT service_id, day, good, bad FROM service_level_days WHERE service_id IN (\(marks)) AND day >= ?",
                       serviceIDs.map { $0 as SQLBindable } + [fromMinute / 1440]) { s in
            result[s.int64(at: 0), default: [:]][Int(s.int64(at: 1))] = (Int(s.int64(at: 2)), Int(s.int64(at: 3)))
        }
        return result
    }

    /// Applies `ServiceLevelRetention`: minutes, hourly and daily roll-ups and changes older than their cut-offs go; the
    /// newest change of every subject stays (it is the subject's current state). Returns how many rows went.
    @discardableResult
    public static func purge(_ db: Database, cutoffs: ServiceLevelRetention.Cutoffs) throws -> Int {
        try db.run("DELETE FROM service_level_minutes WHERE minute < ?", [cutoffs.minute])
            + db.run("DELETE FROM service_level_hours WHERE hour < ?", [cutoffs.hour])
            + db.run("DELETE FROM service_level_days WHERE day < ?", [cutoffs.day])
            + db.run("""
                DELETE FROM service_level_events WHERE at < ? AND id NOT IN
                  (SELECT max(id) FROM service_level_events GROUP BY service_id, process_id, region_id, overall)
                """, [StoreTime.format(cutoffs.event)])
    }
}

extension ServiceLevelStore {
    /// Rebuilds the hourly and daily roll-ups from the minutes (after a bulk load that wrote minutes directly).
    public static func rebuildRollups(_ db: Database) throws {
        try db.execute("""
            DELETE FROM service_level_hours;
            DELETE FROM service_level_days;
            INSERT INTO service_level_hours (hour, service_id, good, bad, maintenance)
                SELECT minute / 60, service_id, sum(signal = 'good'), sum(signal = 'bad'), sum(signal = 'maintenance')
                  FROM service_level_minutes GROUP BY minute / 60, service_id;
            INSERT INTO service_level_days (day, service_id, good, bad, maintenance)
                SELECT minute / 1440, service_id, sum(signal = 'good'), sum(signal = 'bad'), sum(signal = 'maintenance')
                  FROM service_level_minutes GROUP BY minute / 1440, service_id;
            """)
    }
}
