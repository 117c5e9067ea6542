import Foundation
import PortalCore

/// A heartbeat as stored, with its service's name and the alert rules' memory.
public struct HeartbeatRecord: Sendable, Equatable {
    public var id: Int64
    public var uuid: String
    public var name: String
    public var serviceID: Int64
    public var serviceName: String
    public var periodSeconds: Int
    public var graceSeconds: Int
    public var state: HeartbeatState
    public var lastPingAt: Date?
    public var stateChangedAt: Date
    public var phase: MonitorPhase
    public var createdAt: Date
}

/// One ping of a heartbeat.
public struct HeartbeatPing: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case success, start, fail, log }
    public var at: Date
    public var kind: Kind
    public var source: String
    public var body: String

    public init(at: Date, kind: Kind, source: String, body: String) {
        self.at = at
        self.kind = kind
        self.source = source
        self.body = body
    }
}

/// One outage of a heartbeat, from alert to recovery.
public struct HeartbeatAlertRecord: Sendable, Equatable {
    public enum Kind: String, Sendable { case down, stillDown = "still_down" }
    public var id: Int64
    public var heartbeatID: Int64
    public var kind: Kind
    public var downtimeID: Int64?
    public var startedAt: Date
    public var endedAt: Date?
    public var message: String
    public var recoveryMessage: String
}

/// Heartbeats, their pings, state moves and alerts. Writes run inside the caller's transaction.
public enum HeartbeatStore {
    /// Longest stored ping body (the body of a `/fail` ping: the job's output).
    public static let bodyLimit = 10_000

    static let select = """
        SELECT h.id, h.uuid, h.name, h.service_id, s.name, h.period_seconds, h.grace_seconds, h.state, h.last_ping_at, h.state_changed_at,
               h.phase, h.phase_downtime_id, h.maintenance_ended_at, h.created_at
          FROM heartbeats h JOIN services s ON s.id = h.service_id
        """

    static func record(_ s: Statement) -> HeartbeatRecord {
        var phase = MonitorPhase.normal
        if let downtime = s.optionalInt64(at: 11) {
            switch s.string(at: 10) {
            case "maintenance": phase = .maintenance(downtimeID: downtime)
            case "after_maintenance": phase = .afterMaintenance(downtimeID: downtime, endedAt: s.date(at: 12) ?? Date())
            default: break
            }
        }
        return HeartbeatRecord(id: s.int64(at: 0), uuid: s.string(at: 1) ?? "", name: s.string(at: 2) ?? "", serviceID: s.int64(at: 3),
                               serviceName: s.string(at: 4) ?? "", periodSeconds: Int(s.int64(at: 5)), graceSeconds: Int(s.int64(at: 6)),
                               state: HeartbeatState(rawValue: s.string(at: 7) ?? "") ?? .new, lastPingAt: s.date(at: 8),
                               stateChangedAt: s.date(at: 9) ?? Date(timeIntervalSince1970: 0), phase: phase,
                               createdAt: s.date(at: 13) ?? Date(timeIntervalSince1970: 0))
    }

    /// Creates a heartbeat in state `new` and returns its id.
    public static func insert(_ db: Database, name: String, serviceID: Int64, periodSeconds: Int, graceSeconds: Int, uuid: String,
                              now: Date) throws -> Int64 {
        try db.run("""
            INSERT INTO heartbeats (uuid, name, service_id, period_seconds, grace_seconds, state, state_changed_at, created_at)
            VALUES (?, ?, ?, ?, ?, 'new', ?, ?)
            """, [uuid.lowercased(), name, serviceID, periodSeconds, graceSeconds, StoreTime.format(now), StoreTime.format(now)])
        return db.lastInsertRowID
    }

    public static func delete(_ db: Database, id: Int64) throws {
        try db.run("DELETE FROM heartbeats WHERE id = ?", [id])
    }

    public static func fetch(_ db: Database, id: Int64) throws -> HeartbeatRecord? {
        var found: HeartbeatRecord?
        try db.forEach(select + " WHERE h.id = ?", [id]) { found = record($0) }
        return found
    }

    public static func fetch(_ db: Database, uuid: String) throws -> HeartbeatRecord? {
        var found: HeartbeatRecord?
        try db.forEach(select + " WHERE h.uuid = ?", [uuid.lowercased()]) { found = record($0) }
        return found
    }

    /// A heartbeat read to be changed in this transaction. On PostgreSQL its row stays locked until the commit, so a
    /// ping and the clock of any instance judge it one after the other, each seeing the other's result; SQLite has one
    /// writer at a time, which does the same.
    public static func fetchLocked(_ db: Database, id: Int64) throws -> HeartbeatRecord? {
        var found: HeartbeatRecord?
        try db.forEach(select + " WHERE h.id = ?" + lockClause(db), [id]) { found = record($0) }
        return found
    }

    /// `fetchLocked` by the ping UUID.
    public static func fetchLocked(_ db: Database, uuid: String) throws -> HeartbeatRecord? {
        var found: HeartbeatRecord?
        try db.forEach(select + " WHERE h.uuid = ?" + lockClause(db), [uuid.lowercased()]) { found = record($0) }
        return found
    }

    static func lockClause(_ db: Database) -> String {
        switch db.dialect {
        case .sqlite: ""
        case .postgres: " FOR UPDATE OF h"
        }
    }

    public static func fetch(_ db: Database, name: String) throws -> HeartbeatRecord? {
        var found: HeartbeatRecord?
        try db.forEach(select + " WHERE h.name = ?", [name]) { found = record($0) }
        return found
    }

    /// Every heartbeat by name, or those of one service.
    public static func list(_ db: Database, serviceID: Int64? = nil) throws -> [HeartbeatRecord] {
        var result: [HeartbeatRecord] = []
        if let serviceID {
            try db.forEach(select + " WHERE h.service_id = ? ORDER BY h.name", [serviceID]) { result.append(record($0)) }
        } else {
            try db.forEach(select + " ORDER BY h.name") { result.append(record($0)) }
        }
        return result
    }

    /// Records a ping (body capped) and, for pings that count as a beat, the time of the last one.
    public static func recordPing(_ db: Database, heartbeatID: Int64, _ ping: HeartbeatPing) throws {
        try db.run("INSERT INTO heartbeat_pings (heartbeat_id, at, kind, source, body) VALUES (?, ?, ?, ?, ?)",
                   [heartbeatID, StoreTime.format(ping.at), ping.kind.rawValue, String(ping.source.prefix(100)), String(ping.body.prefix(bodyLimit))])
        if ping.kind == .success || ping.kind == .log {
            try db.run("UPDATE heartbeats SET last_ping_at = ? WHERE id = ?", [StoreTime.format(ping.at), heartbeatID])
        }
    }

    /// The newest pings first.
    public static func pings(_ db: Database, heartbeatID: Int64, limit: Int = 50) throws -> [HeartbeatPing] {
        var result: [HeartbeatPing] = []
        try db.forEach("SELECT at, kind, source, body FROM heartbeat_pings WHERE heartbeat_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                       [heartbeatID, limit]) { s in
            result.append(HeartbeatPing(at: s.date(at: 0) ?? Date(timeIntervalSince1970: 0), kind: HeartbeatPing.Kind(rawValue: s.string(at: 1) ?? "") ?? .success,
                                        source: s.string(at: 2) ?? "", body: s.string(at: 3) ?? ""))
        }
        return result
    }

    /// Moves a heartbeat to `to` and records the move.
    public static func move(_ db: Database, heartbeatID: Int64, from: HeartbeatState, to: HeartbeatState, signal: HeartbeatSignal, at: Date) throws {
        try db.run("UPDATE heartbeats SET state = ?, state_changed_at = ? WHERE id = ?", [to.rawValue, StoreTime.format(at), heartbeatID])
        try db.run("INSERT INTO heartbeat_transitions (heartbeat_id, at, from_state, to_state, signal) VALUES (?, ?, ?, ?, ?)",
                   [heartbeatID, StoreTime.format(at), from.rawValue, to.rawValue, signal.rawValue])
    }

    /// The newest moves first: (time, from, to, signal).
    public static func transitions(_ db: Database, heartbeatID: Int64, limit: Int = 50) throws -> [(at: Date, from: String, to: String, signal: String)] {
        var result: [(at: Date, from: String, to: String, signal: String)] = []
        try db.forEach("SELECT at, from_state, to_state, signal FROM heartbeat_transitions WHERE heartbeat_id = ? ORDER BY at DESC, id DESC LIMIT ?",
                       [heartbeatID, limit]) { s in
            result.append((s.date(at: 0) ?? Date(timeIntervalSince1970: 0), s.string(at: 1) ?? "", s.string(at: 2) ?? "", s.string(at: 3) ?? ""))
        }
        return result
    }

    /// Stores the alert rules' phase of a heartbeat.
    public static func savePhase(_ db: Database, heartbeatID: Int64, phase: MonitorPhase) throws {
        let (name, downtime, ended): (String, Int64?, Date?) = switch phase {
        case .normal: ("normal", nil, nil)
        case .maintenance(let id): ("maintenance", id, nil)
        case .afterMaintenance(let id, let at): ("after_maintenance", id, at)
        }
        try db.run("UPDATE heartbeats SET phase = ?, phase_downtime_id = ?, maintenance_ended_at = ? WHERE id = ?",
                   [name, downtime, ended.map(StoreTime.format), heartbeatID])
    }

    static let selectAlert = """
        SELECT id, heartbeat_id, kind, downtime_id, started_at, ended_at, message, recovery_message FROM heartbeat_alerts
        """

    static func alert(_ s: Statement) -> HeartbeatAlertRecord {
        HeartbeatAlertRecord(id: s.int64(at: 0), heartbeatID: s.int64(at: 1), kind: HeartbeatAlertRecord.Kind(rawValue: s.string(at: 2) ?? "") ?? .down,
                             downtimeID: s.optionalInt64(at: 3), startedAt: s.date(at: 4) ?? Date(timeIntervalSince1970: 0), endedAt: s.date(at: 5),
                             message: s.string(at: 6) ?? "", recoveryMessage: s.string(at: 7) ?? "")
    }

    /// Opens an alert; the unique index refuses a second open one for the same heartbeat.
    public static func openAlert(_ db: Database, heartbeatID: Int64, kind: HeartbeatAlertRecord.Kind, downtimeID: Int64?, at: Date,
                                 message: String) throws -> Int64 {
        try db.run("INSERT INTO heartbeat_alerts (heartbeat_id, kind, downtime_id, started_at, message) VALUES (?, ?, ?, ?, ?)",
                   [heartbeatID, kind.rawValue, downtimeID, StoreTime.format(at), String(message.prefix(2000))])
        return db.lastInsertRowID
    }

    public static func closeAlert(_ db: Database, id: Int64, at: Date, message: String) throws {
        try db.run("UPDATE heartbeat_alerts SET ended_at = ?, recovery_message = ? WHERE id = ?", [StoreTime.format(at), String(message.prefix(2000)), id])
    }

    /// The open alert of a heartbeat, or nil.
    public static func openAlert(_ db: Database, heartbeatID: Int64) throws -> HeartbeatAlertRecord? {
        var found: HeartbeatAlertRecord?
        try db.forEach(selectAlert + " WHERE heartbeat_id = ? AND ended_at IS NULL", [heartbeatID]) { found = alert($0) }
        return found
    }

    /// A heartbeat's alerts, newest first.
    public static func alerts(_ db: Database, heartbeatID: Int64, limit: Int = 50) throws -> [HeartbeatAlertRecord] {
        var result: [HeartbeatAlertRecord] = []
        try db.forEach(selectAlert + " WHERE heartbeat_id = ? ORDER BY started_at DESC, id DESC LIMIT ?", [heartbeatID, limit]) { result.append(alert($0)) }
        return result
    }
}
