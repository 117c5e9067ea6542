import Foundation
import PortalCore

/// Service levels: the per-minute signal of every service (`service_level_minutes`), the sums per window, and the
/// change log of published levels (`service_level_events`) that Server-Sent Events resume from.
public enum ServiceLevelStore {
    /// One check's minute rollup, with the service it watches.
    public struct CheckMinute: Sendable {
        public let serviceID: Int64
        public let minute: Int
        public let signal: MinuteSignal
    }

    /// The minute rollups of checks on services since `fromMinute` (inclusive), as each check's signal.
    public static func checkMinutes(_ db: Database, fromMinute: Int) throws -> [CheckMinute] {
        var result: [CheckMinute] = []
        try db.forEach("""
            SELECT c.service_id, r.bucket, r.samples, r.up, r.maintenance_samples, r.maintenance_up
              FROM check_rollups r JOIN checks c ON c.id = r.check_id
             WHERE r.resolution = 'minute' AND r.bucket >= ? AND c.service_id IS NOT NULL
            """, [StoreTime.format(Date(timeIntervalSince1970: Double(fromMinute) * 60))]) { s in
            guard let bucket = s.date(at: 1) else { return }
            result.append(CheckMinute(serviceID: s.int64(at: 0), minute: Int(bucket.timeIntervalSince1970 / 60),
                                      signal: MinuteSignal(samples: Int(s.int64(at: 2)), up: Int(s.int64(at: 3)),
                                                           maintenanceSamples: Int(s.int64(at: 4)), maintenanceUp: Int(s.int64(at: 5)))))
        }
        return result
    }

    /// Stores (or replaces) one service's minute; a minute without a signal removes the row.
    public static func setMinute(_ db: Database, serviceID: Int64, minute: Int, signal: MinuteSignal) throws {
        if let name = signal.storedName {
            try db.run("INSERT OR REPLACE INTO service_level_minutes (service_id, minute, signal) VALUES (?, ?, ?)", [serviceID, minute, name])
        } else {
            try db.run("DELETE FROM service_level_minutes WHERE service_id = ? AND minute = ?", [serviceID, minute])
        }
    }

    /// Good, bad and maintenance minutes of every service with a signal in `(now - minutes, now]`.
    public static func counts(_ db: Database, now: Int, minutes: Int) throws -> [Int64: (good: Int, bad: Int, maintenance: Int)] {
        var result: [Int64: (good: Int, bad: Int, maintenance: Int)] = [:]
        // Short windows seek the minute index; long ones read the table in key order (service, minute), which needs no
        // temporary B-tree for the grouping: 15x faster over a day of 1,000 services (`+minute` keeps the index out).
        let range = minutes >= 1440 ? "+minute > ? AND +minute <= ?" : "minute > ? AND minute <= ?"
        try db.forEach("""
            SELECT service_id, sum(signal = 'good'), sum(signal = 'bad'), sum(signal = 'maintenance') FROM service_level_minutes
             WHERE \(range) GROUP BY service_id
            """, [now - minutes, now]) { s in
            result[s.int64(at: 0)] = (Int(s.int64(at: 1)), Int(s.int64(at: 2)), Int(s.int64(at: 3)))
        }
        return result
    }

    /// The newest minute with a signal in `(now - minutes, now]` of every service that has one.
    public static func latest(_ db: Database, now: Int, minutes: Int) throws -> [Int64: MinuteSignal] {
        var result: [Int64: MinuteSignal] = [:]
        try db.forEach("""
            SELECT m.service_id, m.signal FROM service_level_minutes m
              JOIN (SELECT service_id, max(minute) AS minute FROM service_level_minutes WHERE minute > ? AND minute <= ? GROUP BY service_id) l
                ON l.service_id = m.service_id AND l.minute = m.minute
            """, [now - minutes, now]) { s in result[s.int64(at: 0)] = MinuteSignal(storedName: s.string(at: 1) ?? "") }
        return result
    }

    /// One service's minutes in `(now - minutes, now]`, for charts.
    public static func minutes(_ db: Database, serviceID: Int64, now: Int, minutes: Int) throws -> [Int: MinuteSignal] {
        var result: [Int: MinuteSignal] = [:]
        try db.forEach("SELECT minute, signal FROM service_level_minutes WHERE service_id = ? AND minute > ? AND minute <= ?",
                       [serviceID, now - minutes, now]) { s in result[Int(s.int64(at: 0))] = MinuteSignal(storedName: s.string(at: 1) ?? "") }
        return result
    }

    /// The advertised SLA of every service that has one: percent and period (`month`, `30d` or '').
    public static func slas(_ db: Database) throws -> [Int64: (percent: Double, period: String)] {
        var result: [Int64: (percent: Double, period: String)] = [:]
        try db.forEach("SELECT id, sla_percent, sla_period FROM services WHERE sla_percent IS NOT NULL") { s in
            result[s.int64(at: 0)] = (s.double(at: 1), s.string(at: 2) ?? "")
        }
        return result
    }

    // MARK: The change log

    /// One published change.
    public struct Event: Sendable, Equatable {
        public let id: Int64
        public let at: Date
        public let state: ServiceLevelState

        public init(id: Int64, at: Date, state: ServiceLevelState) {
            self.id = id
            self.at = at
            self.state = state
        }
    }

    /// Appends a change; returns its id.
    @discardableResult
    public static func append(_ db: Database, _ state: ServiceLevelState, at: Date) throws -> Int64 {
        var service: Int64?, process: Int64?, region: Int64?, overall = 0
        switch state.subject {
        case .service(let id): service = id
        case .process(let id): process = id
        case .region(let id): region = id
        case .overall: overall = 1
        }
        try db.run("""
            INSERT INTO service_level_events (at, service_id, process_id, region_id, overall, name, percent, mood, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [StoreTime.format(at), service.map { SQLValue.integer($0) } ?? .null, process.map { SQLValue.integer($0) } ?? .null,
                  region.map { SQLValue.integer($0) } ?? .null, overall, String(state.name.prefix(200)),
                  state.percent.map { SQLValue.real($0) } ?? .null, state.mood.rawValue, state.reason])
        return db.lastInsertRowID
    }

    static let eventColumns = "id, at, service_id, process_id, region_id, overall, name, percent, mood, reason"

    static func event(_ s: Statement) -> Event {
        let subject: ServiceLevelSubject
        if let id = s.optionalInt64(at: 2) { subject = .service(id) }
        else if let id = s.optionalInt64(at: 3) { subject = .process(id) }
        else if let id = s.optionalInt64(at: 4) { subject = .region(id) }
        else { subject = .overall }
        let state = ServiceLevelState(subject: subject, name: s.string(at: 6) ?? "", percent: s.optionalDouble(at: 7),
                                      mood: ServiceMood(rawValue: s.string(at: 8) ?? "") ?? .unknown, reason: s.string(at: 9) ?? "")
        return Event(id: s.int64(at: 0), at: s.date(at: 1) ?? Date(timeIntervalSince1970: 0), state: state)
    }

    /// Changes after `afterID`, oldest first, at most `limit`.
    public static func events(_ db: Database, after afterID: Int64, limit: Int = 1000) throws -> [Event] {
        var result: [Event] = []
        try db.forEach("SELECT \(eventColumns) FROM service_level_events WHERE id > ? ORDER BY id LIMIT ?", [afterID, limit]) { result.append(event($0)) }
        return result
    }

    /// The latest published state of every subject.
    public static func current(_ db: Database) throws -> [Event] {
        var result: [Event] = []
        try db.forEach("""
            SELECT \(eventColumns) FROM service_level_events WHERE id IN
              (SELECT max(id) FROM service_level_events GROUP BY service_id, process_id, region_id, overall)
            """) { result.append(event($0)) }
        return result
    }

    /// The newest change id, 0 when none.
    public static func lastEventID(_ db: Database) throws -> Int64 {
        if case .integer(let id)? = try db.scalar("SELECT max(id) FROM service_level_events") { return id }
        return 0
    }

    /// Deletes minutes before `beforeMinute` and changes before `before`; returns how many rows went.
    @discardableResult
    public static func purge(_ db: Database, beforeMinute: Int, before: Date) throws -> Int {
        try db.run("DELETE FROM service_level_minutes WHERE minute < ?", [beforeMinute])
            + db.run("DELETE FROM service_level_events WHERE at < ?", [StoreTime.format(before)])
    }
}

extension Statement {
    func optionalDouble(at index: Int) -> Double? { isNull(at: index) ? nil : double(at: index) }
}

extension ServiceLevelStore {
    /// Good and bad minutes per UTC day (day index = minute / 1440) of the given services since `fromMinute`.
    public static func daily(_ db: Database, serviceIDs: [Int64], fromMinute: Int) throws -> [Int64: [Int: (good: Int, bad: Int)]] {
        var result: [Int64: [Int: (good: Int, bad: Int)]] = [:]
        guard !serviceIDs.isEmpty else { return result }
        let marks = serviceIDs.map { _ in "?" }.joined(separator: ", ")
        try db.forEach("""
            SELECT service_id, minute / 1440 AS day, sum(signal = 'good'), sum(signal = 'bad') FROM service_level_minutes
             WHERE service_id IN (\(marks)) AND minute >= ? GROUP BY service_id, day
            """, serviceIDs.map { $0 as SQLBindable } + [fromMinute]) { s in
            result[s.int64(at: 0), default: [:]][Int(s.int64(at: 1))] = (Int(s.int64(at: 2)), Int(s.int64(at: 3)))
        }
        return result
    }
}
