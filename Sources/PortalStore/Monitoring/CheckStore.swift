import Foundation
import PortalCore

/// Checks: the definitions the scheduler runs. Writes run inside the caller's transaction.
public enum CheckStore {
    static let targetColumns: [(ObjectKind, String)] = [(.service, "service_id"), (.server, "server_id"), (.cluster, "cluster_id")]

    static let select = """
        SELECT c.id, c.name, c.kind, c.service_id, c.server_id, c.cluster_id,
               COALESCE((SELECT name FROM services WHERE id = c.service_id), (SELECT name FROM servers WHERE id = c.server_id),
                        (SELECT name FROM clusters WHERE id = c.cluster_id)),
               c.url, c.method, c.host, c.port, c.expect_status, c.expect_body, c.timeout_ms, c.max_response_ms, c.cert_min_days,
               c.interval_seconds, c.alert_below_percent, c.alert_window_seconds, c.opens_incident, c.paused, c.created_at, c.updated_at
          FROM checks c
        """

    static func record(_ s: Statement) -> CheckRecord {
        let target: ObjectRef = !s.isNull(at: 3) ? .service(s.int64(at: 3)) : !s.isNull(at: 4) ? .server(s.int64(at: 4)) : .cluster(s.int64(at: 5))
        var spec = CheckSpec(name: s.string(at: 1) ?? "", kind: CheckKind(rawValue: s.string(at: 2) ?? "") ?? .http,
                             targetKind: target.kind.rawValue, targetName: s.string(at: 6) ?? "", intervalSeconds: s.double(at: 16))
        spec.url = s.string(at: 7) ?? ""
        spec.method = s.string(at: 8) ?? "GET"
        spec.host = s.string(at: 9) ?? ""
        spec.port = s.optionalInt(at: 10)
        spec.expectStatus = s.string(at: 11) ?? "200-399"
        spec.expectBody = s.string(at: 12) ?? ""
        spec.timeoutMS = Int(s.int64(at: 13))
        spec.maxResponseMS = s.optionalInt(at: 14)
        spec.certMinDays = Int(s.int64(at: 15))
        spec.alertBelowPercent = s.double(at: 17)
        spec.alertWindowSeconds = Int(s.int64(at: 18))
        spec.opensIncident = s.int64(at: 19) == 1
        spec.paused = s.int64(at: 20) == 1
        let created = s.date(at: 21) ?? Date(timeIntervalSince1970: 0)
        return CheckRecord(id: s.int64(at: 0), spec: spec, target: target, createdAt: created, updatedAt: s.date(at: 22) ?? created)
    }

    static func values(_ spec: CheckSpec, target: ObjectRef) -> [SQLBindable] {
        let ids = targetColumns.map { kind, _ in target.kind == kind ? Optional(target.id) : nil }
        return [spec.name, spec.kind.rawValue, ids[0], ids[1], ids[2], spec.url, spec.method, spec.host, spec.port, spec.expectStatus,
                spec.expectBody, spec.timeoutMS, spec.maxResponseMS, spec.certMinDays, spec.intervalSeconds, spec.alertBelowPercent,
                spec.alertWindowSeconds, spec.opensIncident, spec.paused]
    }

    /// Inserts a check and returns its id.
    public static func insert(_ db: Database, _ spec: CheckSpec, target: ObjectRef, now: Date = Date()) throws -> Int64 {
        let stamp = StoreTime.format(now)
        try db.run("""
            INSERT INTO checks (name, kind, service_id, server_id, cluster_id, url, method, host, port, expect_status, expect_body, timeout_ms,
                                max_response_ms, cert_min_days, interval_seconds, alert_below_percent, alert_window_seconds, opens_incident,
                                paused, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, values(spec, target: target) + [stamp, stamp])
        return db.lastInsertRowID
    }

    /// Replaces a check's definition; false when there is no such check.
    @discardableResult
    public static func update(_ db: Database, id: Int64, _ spec: CheckSpec, target: ObjectRef, now: Date = Date()) throws -> Bool {
        try db.run("""
            UPDATE checks SET name = ?, kind = ?, service_id = ?, server_id = ?, cluster_id = ?, url = ?, method = ?, host = ?, port = ?,
                   expect_status = ?, expect_body = ?, timeout_ms = ?, max_response_ms = ?, cert_min_days = ?, interval_seconds = ?,
                   alert_below_percent = ?, alert_window_seconds = ?, opens_incident = ?, paused = ?, updated_at = ?
             WHERE id = ?
            """, values(spec, target: target) + [StoreTime.format(now), id]) > 0
    }

    /// Pauses or resumes a check; false when there is no such check.
    @discardableResult
    public static func setPaused(_ db: Database, id: Int64, paused: Bool, now: Date = Date()) throws -> Bool {
        try db.run("UPDATE checks SET paused = ?, updated_at = ? WHERE id = ?", [paused, StoreTime.format(now), id]) > 0
    }

    /// Deletes a check with its samples, rollups, alerts and state; false when there is no such check.
    @discardableResult
    public static func delete(_ db: Database, id: Int64) throws -> Bool {
        try db.run("DELETE FROM checks WHERE id = ?", [id]) > 0
    }

    public static func fetch(_ db: Database, id: Int64) throws -> CheckRecord? {
        var found: CheckRecord?
        try db.forEach(select + " WHERE c.id = ?", [id]) { found = record($0) }
        return found
    }

    public static func fetch(_ db: Database, name: String) throws -> CheckRecord? {
        var found: CheckRecord?
        try db.forEach(select + " WHERE c.name = ?", [name]) { found = record($0) }
        return found
    }

    /// Checks by name, filtered by kind, target name (service, server or cluster) and whether paused.
    public static func list(_ db: Database, kind: CheckKind? = nil, targetName: String? = nil, paused: Bool? = nil, ids: [Int64]? = nil,
                            limit: Int = 100_000, offset: Int = 0) throws -> [CheckRecord] {
        var conditions: [String] = []
        var values: [SQLBindable] = []
        if let kind { conditions.append("c.kind = ?"); values.append(kind.rawValue) }
        if let paused { conditions.append("c.paused = ?"); values.append(paused) }
        if let ids { conditions.append("c.id IN (SELECT value FROM json_each(?))"); values.append("[" + ids.map(String.init).joined(separator: ",") + "]") }
        if let targetName, !targetName.isEmpty {
            conditions.append("""
                (c.service_id = (SELECT id FROM services WHERE name = ?) OR c.server_id = (SELECT id FROM servers WHERE name = ?)
                 OR c.cluster_id = (SELECT id FROM clusters WHERE name = ?))
                """)
            values += [targetName, targetName, targetName]
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        var result: [CheckRecord] = []
        try db.forEach(select + whereClause + " ORDER BY c.name LIMIT ? OFFSET ?", values + [limit, offset]) { result.append(record($0)) }
        return result
    }

    /// Which of `ids` still exist (a check deleted while its probe ran must not sink the batch of samples).
    public static func existing(_ db: Database, ids: [Int64]) throws -> Set<Int64> {
        var found = Set<Int64>()
        try db.forEach("SELECT id FROM checks WHERE id IN (SELECT value FROM json_each(?))", ["[" + ids.map(String.init).joined(separator: ",") + "]"]) {
            found.insert($0.int64(at: 0))
        }
        return found
    }

    /// How many checks there are.
    public static func count(_ db: Database) throws -> Int {
        if case .integer(let n)? = try db.scalar("SELECT count(*) FROM checks") { return Int(n) }
        return 0
    }

    /// The id of the service, server or cluster with this name, or nil.
    public static func target(_ db: Database, kind: String, name: String) throws -> ObjectRef? {
        let table: String
        let objectKind: ObjectKind
        switch kind {
        case "service": (table, objectKind) = ("services", .service)
        case "server": (table, objectKind) = ("servers", .server)
        case "cluster": (table, objectKind) = ("clusters", .cluster)
        default: return nil
        }
        guard case .integer(let id)? = try db.scalar("SELECT id FROM \(table) WHERE name = ?", [name]) else { return nil }
        return ObjectRef(kind: objectKind, id: id)
    }
}
