import Foundation
import PortalCore

/// Alerts of checks: one row per outage, from alert to recovery. Writes run inside the caller's transaction.
public enum AlertStore {
    static let select = """
        SELECT a.id, a.check_id, c.name, c.service_id, c.server_id, c.cluster_id,
               COALESCE((SELECT name FROM services WHERE id = c.service_id), (SELECT name FROM servers WHERE id = c.server_id),
                        (SELECT name FROM clusters WHERE id = c.cluster_id)),
               a.kind, a.downtime_id, a.incident_id, a.started_at, a.ended_at, a.availability, a.message, a.recovery_message
          FROM check_alerts a JOIN checks c ON c.id = a.check_id
        """

    static func record(_ s: Statement) -> AlertRecord {
        let target: ObjectRef? = !s.isNull(at: 3) ? .service(s.int64(at: 3)) : !s.isNull(at: 4) ? .server(s.int64(at: 4))
            : !s.isNull(at: 5) ? .cluster(s.int64(at: 5)) : nil
        return AlertRecord(id: s.int64(at: 0), checkID: s.int64(at: 1), checkName: s.string(at: 2) ?? "", target: target, targetName: s.string(at: 6) ?? "",
                           kind: AlertRecord.Kind(rawValue: s.string(at: 7) ?? "") ?? .down, downtimeID: s.optionalInt64(at: 8),
                           incidentID: s.optionalInt64(at: 9), startedAt: s.date(at: 10) ?? Date(timeIntervalSince1970: 0), endedAt: s.date(at: 11),
                           availability: s.double(at: 12), message: s.string(at: 13) ?? "", recoveryMessage: s.string(at: 14) ?? "")
    }

    /// Opens an alert and returns its id; the unique index refuses a second open alert for the same check.
    public static func open(_ db: Database, checkID: Int64, kind: AlertRecord.Kind, downtimeID: Int64?, at: Date, availability: Double,
                            message: String) throws -> Int64 {
        try db.run("""
            INSERT INTO check_alerts (check_id, kind, downtime_id, started_at, availability, message) VALUES (?, ?, ?, ?, ?, ?)
            """, [checkID, kind.rawValue, downtimeID, StoreTime.format(at), availability, String(message.prefix(2000))])
        return db.lastInsertRowID
    }

    /// Closes an alert with its recovery message.
    public static func close(_ db: Database, id: Int64, at: Date, message: String) throws {
        try db.run("UPDATE check_alerts SET ended_at = ?, recovery_message = ? WHERE id = ?", [StoreTime.format(at), String(message.prefix(2000)), id])
    }

    /// Records the incident an alert opened.
    public static func setIncident(_ db: Database, id: Int64, incidentID: Int64) throws {
        try db.run("UPDATE check_alerts SET incident_id = ? WHERE id = ?", [incidentID, id])
    }

    /// The open outage alert of a check (down or still down), or nil.
    public static func openAlert(_ db: Database, checkID: Int64) throws -> AlertRecord? {
        var found: AlertRecord?
        try db.forEach(select + " WHERE a.check_id = ? AND a.ended_at IS NULL AND a.kind != 'certificate'", [checkID]) { found = record($0) }
        return found
    }

    /// The open certificate warning of a check, or nil.
    public static func openCertificateAlert(_ db: Database, checkID: Int64) throws -> AlertRecord? {
        var found: AlertRecord?
        try db.forEach(select + " WHERE a.check_id = ? AND a.ended_at IS NULL AND a.kind = 'certificate'", [checkID]) { found = record($0) }
        return found
    }

    /// The ids of checks with an open outage alert.
    public static func openCheckIDs(_ db: Database) throws -> Set<Int64> {
        var ids = Set<Int64>()
        try db.forEach("SELECT check_id FROM check_alerts WHERE ended_at IS NULL AND kind != 'certificate'") { ids.insert($0.int64(at: 0)) }
        return ids
    }

    public static func fetch(_ db: Database, id: Int64) throws -> AlertRecord? {
        var found: AlertRecord?
        try db.forEach(select + " WHERE a.id = ?", [id]) { found = record($0) }
        return found
    }

    /// Alerts newest first, filtered by check, target name, open or closed, and overlap with `[from, to)`.
    public static func list(_ db: Database, _ filter: AlertFilter) throws -> [AlertRecord] {
        var conditions: [String] = []
        var values: [SQLBindable] = []
        if let check = filter.checkID { conditions.append("a.check_id = ?"); values.append(check) }
        if let open = filter.open { conditions.append(open ? "a.ended_at IS NULL" : "a.ended_at IS NOT NULL") }
        if let to = filter.to { conditions.append("a.started_at < ?"); values.append(StoreTime.format(to)) }
        if let from = filter.from { conditions.append("(a.ended_at IS NULL OR a.ended_at >= ?)"); values.append(StoreTime.format(from)) }
        if let name = filter.targetName, !name.isEmpty {
            conditions.append("""
                (c.service_id = (SELECT id FROM services WHERE name = ?) OR c.server_id = (SELECT id FROM servers WHERE name = ?)
                 OR c.cluster_id = (SELECT id FROM clusters WHERE name = ?))
                """)
            values += [name, name, name]
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        var result: [AlertRecord] = []
        try db.forEach(select + whereClause + " ORDER BY a.started_at DESC, a.id DESC LIMIT ?", values + [filter.limit]) { result.append(record($0)) }
        return result
    }
}
