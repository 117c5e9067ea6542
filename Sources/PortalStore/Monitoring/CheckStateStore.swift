import Foundation
import PortalCore

/// The alert rules' memory of each check (normal, in maintenance, just after maintenance), kept across restarts.
public enum CheckStateStore {
    /// The phase of a check; `.normal` when nothing was stored.
    public static func phase(_ db: Database, checkID: Int64) throws -> MonitorPhase {
        var phase = MonitorPhase.normal
        try db.forEach("SELECT phase, downtime_id, maintenance_ended_at FROM check_states WHERE check_id = ?", [checkID]) { s in
            guard let downtime = s.optionalInt64(at: 1) else { return }
            switch s.string(at: 0) {
            case "maintenance": phase = .maintenance(downtimeID: downtime)
            case "after_maintenance": phase = .afterMaintenance(downtimeID: downtime, endedAt: s.date(at: 2) ?? Date())
            default: break
            }
        }
        return phase
    }

    /// The checks in maintenance now, with the downtime that covers each.
    public static func inMaintenance(_ db: Database) throws -> [Int64: Int64] {
        var result: [Int64: Int64] = [:]
        try db.forEach("SELECT check_id, downtime_id FROM check_states WHERE phase = 'maintenance' AND downtime_id IS NOT NULL") { s in
            result[s.int64(at: 0)] = s.int64(at: 1)
        }
        return result
    }

    /// Stores the phase of a check.
    public static func save(_ db: Database, checkID: Int64, phase: MonitorPhase, now: Date = Date()) throws {
        let (name, downtime, ended): (String, Int64?, Date?) = switch phase {
        case .normal: ("normal", nil, nil)
        case .maintenance(let id): ("maintenance", id, nil)
        case .afterMaintenance(let id, let at): ("after_maintenance", id, at)
        }
        try db.run("""
            INSERT INTO check_states (check_id, phase, downtime_id, maintenance_ended_at, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (check_id) DO UPDATE SET phase = excluded.phase, downtime_id = excluded.downtime_id,
                maintenance_ended_at = excluded.maintenance_ended_at, updated_at = excluded.updated_at
            """, [checkID, name, downtime, ended.map(StoreTime.format), StoreTime.format(now)])
    }
}
