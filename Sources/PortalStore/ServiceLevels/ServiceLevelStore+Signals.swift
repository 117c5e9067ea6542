import Foundation
import PortalCore

/// What the level worker reads from the other parts of Forewarn: checks' minute rollups, heartbeats' state history,
/// log rules' windows and open incidents.
extension ServiceLevelStore {
    /// One check's minute rollup, with the service it watches.
    public struct CheckMinute: Sendable {
        public let serviceID: Int64
        public let minute: Int
        public let observation: MinuteObservation
    }

    /// The minute rollups of checks on services since `fromMinute` (inclusive), as each check's observation.
    public static func checkMinutes(_ db: Database, fromMinute: Int) throws -> [CheckMinute] {
        var result: [CheckMinute] = []
        try db.forEach("""
            SELECT c.service_id, r.bucket, r.samples, r.up, r.maintenance_samples, r.maintenance_up, c.name
              FROM check_rollups r JOIN checks c ON c.id = r.check_id
             WHERE r.resolution = 'minute' AND r.bucket >= ? AND c.service_id IS NOT NULL
            """, [StoreTime.format(Date(timeIntervalSince1970: Double(fromMinute) * 60))]) { s in
            guard let bucket = s.date(at: 1) else { return }
            let signal = MinuteSignal(samples: Int(s.int64(at: 2)), up: Int(s.int64(at: 3)),
                                      maintenanceSamples: Int(s.int64(at: 4)), maintenanceUp: Int(s.int64(at: 5)))
            let name = s.string(at: 6) ?? ""
            let cause = signal == .maintenance ? "check \(name) in declared downtime" : "check \(name) failed"
            result.append(CheckMinute(serviceID: s.int64(at: 0), minute: Int(bucket.timeIntervalSince1970 / 60),
                                      observation: MinuteObservation(signal, cause: cause)))
        }
        return result
    }

    /// A heartbeat on a service, its state when a range began and its moves within the range.
    public struct HeartbeatHistory: Sendable {
        public let serviceID: Int64
        public let name: String
        public let inMaintenance: Bool
        public let stateAtStart: HeartbeatState
        public var transitions: [(at: Date, to: HeartbeatState)]
    }

    /// Every heartbeat on a service with its state at `from` and its transitions in `[from, to)`.
    public static func heartbeatHistories(_ db: Database, from: Date, to: Date) throws -> [HeartbeatHistory] {
        var byID: [Int64: HeartbeatHistory] = [:]
        let start = StoreTime.format(from)
        try db.forEach("""
            SELECT h.id, h.service_id, h.name, h.phase = 'maintenance',
                   (SELECT t.to_state FROM heartbeat_transitions t WHERE t.heartbeat_id = h.id AND t.at < ? ORDER BY t.at DESC, t.id DESC LIMIT 1)
              FROM heartbeats h
            """, [start]) { s in
            byID[s.int64(at: 0)] = HeartbeatHistory(serviceID: s.int64(at: 1), name: s.string(at: 2) ?? "", inMaintenance: s.int64(at: 3) == 1,
                                                    stateAtStart: s.string(at: 4).flatMap(HeartbeatState.init(rawValue:)) ?? .new, transitions: [])
        }
        try db.forEach("""
            SELECT t.heartbeat_id, t.at, t.to_state FROM heartbeats h
              JOIN heartbeat_transitions t ON t.heartbeat_id = h.id AND t.at >= ? AND t.at < ?
             ORDER BY t.at, t.id
            """, [start, StoreTime.format(to)]) { s in
            guard let at = s.date(at: 1), let state = s.string(at: 2).flatMap(HeartbeatState.init(rawValue:)) else { return }
            byID[s.int64(at: 0)]?.transitions.append((at, state))
        }
        return byID.keys.sorted().compactMap { byID[$0] }
    }

    /// A log rule on a service: when it began watching and its current window (fired or not).
    public struct RuleWindow: Sendable {
        public let serviceID: Int64
        public let name: String
        public let createdAt: Date
        public let firedAt: Date?
        public let windowEnd: Date?
        public let silenced: Bool
    }

    /// Every log rule on a service, with its current window.
    public static func ruleWindows(_ db: Database) throws -> [RuleWindow] {
        var result: [RuleWindow] = []
        try db.forEach("""
            SELECT r.service_id, r.name, r.created_at, w.fired_at, w.started_at, r.window_seconds, w.silenced_by IS NOT NULL
              FROM log_rules r LEFT JOIN log_rule_windows w ON w.rule_id = r.id
             WHERE r.service_id IS NOT NULL ORDER BY r.id
            """) { s in
            result.append(RuleWindow(serviceID: s.int64(at: 0), name: s.string(at: 1) ?? "", createdAt: s.date(at: 2) ?? Date(),
                                     firedAt: s.date(at: 3), windowEnd: s.date(at: 4)?.addingTimeInterval(Double(s.int64(at: 5))),
                                     silenced: s.int64(at: 6) == 1))
        }
        return result
    }

    /// Open incidents on each service, as `INC-n`, oldest first: the incidents naming the service as a target and those
    /// whose computed impact takes it down or degrades it.
    public static func openIncidents(_ db: Database) throws -> [Int64: [String]] {
        var result: [Int64: [String]] = [:]
        try db.forEach("""
            SELECT t.service_id, i.id FROM incidents i JOIN incident_targets t ON t.incident_id = i.id
             WHERE i.ended_at IS NULL AND t.service_id IS NOT NULL
            UNION
            SELECT s.service_id, i.id FROM incidents i JOIN incident_services s ON s.incident_id = i.id
             WHERE i.ended_at IS NULL AND s.state IN ('down', 'degraded')
            ORDER BY 1, 2
            """) { s in result[s.int64(at: 0), default: []].append("INC-\(s.int64(at: 1))") }
        return result
    }
}
