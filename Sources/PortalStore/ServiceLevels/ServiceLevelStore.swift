import Foundation
import PortalCore

/// Service levels: the per-minute signal of every service (`service_level_minutes`, with hourly and daily roll-ups;
/// `ServiceLevelStore+Minutes`), the signals read from checks, heartbeats, log rules and incidents
/// (`ServiceLevelStore+Signals`), and the change log of published levels (`service_level_events`) that Server-Sent
/// Events resume from.
public enum ServiceLevelStore {
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
        try db.run("""
            INSERT INTO service_level_events (at, service_id, process_id, region_id, overall, name, percent, mood, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [StoreTime.format(at)] + state.subject.columnValues
                + [String(state.name.prefix(200)), state.percent.map { SQLValue.real($0) } ?? .null, state.mood.rawValue, state.reason])
        return db.lastInsertRowID
    }

    static let eventColumns = "id, at, service_id, process_id, region_id, overall, name, percent, mood, reason"

    static func event(_ s: Statement) -> Event {
        let subject = ServiceLevelSubject.read(s, at: 2)
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
}

extension Statement {
    func optionalDouble(at index: Int) -> Double? { isNull(at: index) ? nil : double(at: index) }
}
