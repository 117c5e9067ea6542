import Foundation
import PortalCore

/// Incidents, their targets, updates, impact snapshots, affected services and follow-ups. Writes run inside the caller's transaction.
public enum IncidentStore {
    static let targetColumns: [(ObjectKind, String, String)] = [
        (.region, "region_id", "regions"), (.cluster, "cluster_id", "clusters"), (.server, "server_id", "servers"),
        (.service, "service_id", "services"), (.process, "process_id", "processes"), (.dataset, "dataset_id", "datasets"),
    ]

    static let select = """
        SELECT i.id, i.title, i.ticket, i.ticket_url, i.severity, i.status, i.engineer_id, p.name, p.email, i.started_at, i.ended_at,
               i.description, i.resolution, i.root_cause, i.downtime_id, i.created_by, i.created_at, i.updated_at
          FROM incidents i LEFT JOIN people p ON p.id = i.engineer_id
        """

    static func record(_ s: Statement) -> IncidentRecord? {
        guard let start = StoreTime.parse(s.string(at: 9) ?? "") else { return nil }
        return IncidentRecord(
            id: s.int64(at: 0), title: s.string(at: 1) ?? "", ticket: s.string(at: 2) ?? "", ticketURL: s.string(at: 3) ?? "",
            severity: IncidentSeverity(rawValue: s.string(at: 4) ?? "") ?? .minor, status: IncidentStatus(rawValue: s.string(at: 5) ?? "") ?? .investigating,
            engineerID: s.isNull(at: 6) ? nil : s.int64(at: 6), engineerName: s.string(at: 7) ?? "", engineerEmail: s.string(at: 8) ?? "",
            startedAt: start, endedAt: s.string(at: 10).flatMap(StoreTime.parse), description: s.string(at: 11) ?? "",
            resolution: s.string(at: 12) ?? "", rootCause: s.string(at: 13) ?? "", downtimeID: s.isNull(at: 14) ? nil : s.int64(at: 14),
            createdBy: s.string(at: 15) ?? "", createdAt: StoreTime.parse(s.string(at: 16) ?? "") ?? start,
            updatedAt: StoreTime.parse(s.string(at: 17) ?? "") ?? start, targets: [])
    }

    /// One incident with its targets.
    public static func fetch(_ db: Database, id: Int64) throws -> IncidentRecord? {
        var found: IncidentRecord?
        try db.forEach(select + " WHERE i.id = ?", [id]) { found = record($0) }
        guard var incident = found else { return nil }
        incident.targets = try targets(db, incidentIDs: [id])[id] ?? []
        return incident
    }

    /// The targets of many incidents in one query, by incident id.
    public static func targets(_ db: Database, incidentIDs: [Int64]) throws -> [Int64: [DowntimeTarget]] {
        guard !incidentIDs.isEmpty else { return [:] }
        var result: [Int64: [DowntimeTarget]] = [:]
        try db.forEach("""
            SELECT t.incident_id, t.region_id, t.cluster_id, t.server_id, t.service_id, t.process_id, t.dataset_id,
                   COALESCE((SELECT name FROM regions WHERE id = t.region_id), (SELECT name FROM clusters WHERE id = t.cluster_id),
                            (SELECT name FROM servers WHERE id = t.server_id), (SELECT name FROM services WHERE id = t.service_id),
                            (SELECT name FROM processes WHERE id = t.process_id), (SELECT name FROM datasets WHERE id = t.dataset_id))
              FROM incident_targets t WHERE t.incident_id IN (SELECT value FROM json_each(?)) ORDER BY t.id
            """, ["[" + incidentIDs.map(String.init).joined(separator: ",") + "]"]) { s in
            for (offset, (kind, _, _)) in targetColumns.enumerated() where !s.isNull(at: offset + 1) {
                result[s.int64(at: 0), default: []].append(DowntimeTarget(object: ObjectRef(kind: kind, id: s.int64(at: offset + 1)), name: s.string(at: 7) ?? ""))
            }
        }
        return result
    }

    /// Incidents that meet `[from, to)` and the other filters. The range uses the `incidents_started` index: an
    /// incident is in when it started before `to` and is still open or ended after `from`.
    public static func list(_ db: Database, _ filter: IncidentFilter) throws -> [IncidentRecord] {
        var conditions: [String] = []
        var values: [SQLBindable] = []
        if let to = filter.to { conditions.append("i.started_at < ?"); values.append(StoreTime.format(to)) }
        if let from = filter.from { conditions.append("(i.ended_at IS NULL OR i.ended_at > ? OR i.ended_at = i.started_at AND i.started_at >= ?)"); values += [StoreTime.format(from), StoreTime.format(from)] }
        if !filter.statuses.isEmpty {
            conditions.append("i.status IN (\(filter.statuses.map { _ in "?" }.joined(separator: ", ")))")
            values += filter.statuses.map(\.rawValue)
        }
        if let severity = filter.severity { conditions.append("i.severity = ?"); values.append(severity.rawValue) }
        if let name = filter.targetName, !name.isEmpty {
            conditions.append("""
                i.id IN (SELECT t.incident_id FROM incident_targets t WHERE
                    t.region_id = (SELECT id FROM regions WHERE name = ?) OR t.cluster_id = (SELECT id FROM clusters WHERE name = ?)
                    OR t.server_id = (SELECT id FROM servers WHERE name = ?) OR t.service_id = (SELECT id FROM services WHERE name = ?)
                    OR t.process_id = (SELECT id FROM processes WHERE name = ?) OR t.dataset_id = (SELECT id FROM datasets WHERE name = ?)
                 UNION SELECT s.incident_id FROM incident_services s WHERE s.service_id = (SELECT id FROM services WHERE name = ?))
                """)
            values += Array(repeating: name, count: 7)
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        var result: [IncidentRecord] = []
        try db.forEach(select + whereClause + " ORDER BY i.started_at \(filter.ascending ? "ASC" : "DESC"), i.id LIMIT ?", values + [filter.limit]) { s in
            if let r = record(s) { result.append(r) }
        }
        let targets = try targets(db, incidentIDs: result.map(\.id))
        for index in result.indices { result[index].targets = targets[result[index].id] ?? [] }
        return result
    }

    /// Inserts an incident with its targets; the caller writes its first update.
    public static func insert(_ db: Database, _ draft: IncidentDraft, actor: String, now: Date = Date()) throws -> Int64 {
        let stamp = StoreTime.format(now)
        try db.run("""
            INSERT INTO incidents (title, ticket, ticket_url, severity, status, engineer_id, started_at, description, downtime_id,
                                   created_by, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'investigating', ?, ?, ?, ?, ?, ?, ?)
            """, [draft.title, draft.ticket, draft.ticketURL, draft.severity.rawValue, draft.engineerID, StoreTime.format(draft.startedAt),
                  draft.description, draft.downtimeID, actor, stamp, stamp])
        let id = db.lastInsertRowID
        for target in draft.targets {
            guard let column = targetColumns.first(where: { $0.0 == target.kind })?.1 else { continue }
            try db.run("INSERT INTO incident_targets (incident_id, \(column)) VALUES (?, ?)", [id, target.id])
        }
        return id
    }

    /// Appends a line to the incident's timeline and returns its id.
    @discardableResult
    public static func addUpdate(_ db: Database, incidentID: Int64, kind: String, status: IncidentStatus, message: String,
                                 notify: Bool, actor: String, at: Date = Date()) throws -> Int64 {
        try db.run("INSERT INTO incident_updates (incident_id, at, actor, kind, status, message, notify) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [incidentID, StoreTime.format(at), actor, kind, status.rawValue, message, notify])
        return db.lastInsertRowID
    }

    /// Sets the status; resolving sets the end and resolution, anything else clears the end (reopening).
    public static func setStatus(_ db: Database, id: Int64, status: IncidentStatus, endedAt: Date? = nil, resolution: String? = nil, at: Date = Date()) throws {
        try db.run("UPDATE incidents SET status = ?, ended_at = ?, resolution = COALESCE(?, resolution), updated_at = ? WHERE id = ?",
                   [status.rawValue, endedAt.map(StoreTime.format), resolution, StoreTime.format(at), id])
    }

    /// The timeline of one incident, oldest first.
    public static func updates(_ db: Database, incidentID: Int64) throws -> [IncidentUpdateRecord] {
        try updates(db, incidentIDs: [incidentID])[incidentID] ?? []
    }

    /// The timelines of many incidents in one query, oldest first.
    public static func updates(_ db: Database, incidentIDs: [Int64]) throws -> [Int64: [IncidentUpdateRecord]] {
        guard !incidentIDs.isEmpty else { return [:] }
        var result: [Int64: [IncidentUpdateRecord]] = [:]
        try db.forEach("""
            SELECT incident_id, id, at, actor, kind, status, message, notify FROM incident_updates
             WHERE incident_id IN (SELECT value FROM json_each(?)) ORDER BY incident_id, id
            """, ["[" + incidentIDs.map(String.init).joined(separator: ",") + "]"]) { s in
            result[s.int64(at: 0), default: []].append(IncidentUpdateRecord(
                id: s.int64(at: 1), at: StoreTime.parse(s.string(at: 2) ?? "") ?? Date(timeIntervalSince1970: 0), actor: s.string(at: 3) ?? "",
                kind: s.string(at: 4) ?? "", status: IncidentStatus(rawValue: s.string(at: 5) ?? "") ?? .investigating,
                message: s.string(at: 6) ?? "", notify: s.int64(at: 7) == 1))
        }
        return result
    }

    /// Freezes an impact for an incident and rewrites the services it affects from it.
    public static func saveSnapshot(_ db: Database, incidentID: Int64, impact: Impact, at: Date = Date()) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(impact), as: UTF8.self)
        try db.run("INSERT INTO incident_snapshots (incident_id, taken_at, impact_json, affected_count, contact_count) VALUES (?, ?, ?, ?, ?)",
                   [incidentID, StoreTime.format(at), json, impact.affected.count, impact.contacts.count])
        try db.run("DELETE FROM incident_services WHERE incident_id = ?", [incidentID])
        for object in impact.affected(ofKind: .service) {
            try db.run("INSERT INTO incident_services (incident_id, service_id, state) VALUES (?, ?, ?)",
                       [incidentID, object.object.id, object.state.rawValue])
        }
    }

    /// The newest frozen impact of an incident.
    public static func latestSnapshot(_ db: Database, incidentID: Int64) throws -> ImpactSnapshotRecord? {
        var found: ImpactSnapshotRecord?
        try db.forEach("SELECT id, taken_at, impact_json FROM incident_snapshots WHERE incident_id = ? ORDER BY id DESC LIMIT 1", [incidentID]) { s in
            if let impact = try? JSONDecoder().decode(Impact.self, from: Data((s.string(at: 2) ?? "").utf8)) {
                found = ImpactSnapshotRecord(id: s.int64(at: 0), takenAt: StoreTime.parse(s.string(at: 1) ?? "") ?? Date(timeIntervalSince1970: 0), impact: impact)
            }
        }
        return found
    }

    /// One affected service of one incident, for the status page and outage minutes.
    public struct AffectedService: Sendable, Equatable {
        public let incidentID: Int64
        public let serviceID: Int64
        public let serviceName: String
        /// down, degraded or at_risk.
        public let state: String
    }

    /// The affected services of many incidents in one query.
    public static func services(_ db: Database, incidentIDs: [Int64]) throws -> [AffectedService] {
        guard !incidentIDs.isEmpty else { return [] }
        var result: [AffectedService] = []
        try db.forEach("""
            SELECT s.incident_id, s.service_id, v.name, s.state FROM incident_services s JOIN services v ON v.id = s.service_id
             WHERE s.incident_id IN (SELECT value FROM json_each(?)) ORDER BY s.incident_id, v.name
            """, ["[" + incidentIDs.map(String.init).joined(separator: ",") + "]"]) { s in
            result.append(AffectedService(incidentID: s.int64(at: 0), serviceID: s.int64(at: 1), serviceName: s.string(at: 2) ?? "", state: s.string(at: 3) ?? ""))
        }
        return result
    }

    /// Writes the postmortem's root cause.
    public static func setRootCause(_ db: Database, id: Int64, rootCause: String, at: Date = Date()) throws {
        try db.run("UPDATE incidents SET root_cause = ?, updated_at = ? WHERE id = ?", [rootCause, StoreTime.format(at), id])
    }

    /// Links (or unlinks, with nil) the unplanned-outage downtime about the same objects.
    public static func setDowntime(_ db: Database, id: Int64, downtimeID: Int64?, at: Date = Date()) throws {
        try db.run("UPDATE incidents SET downtime_id = ?, updated_at = ? WHERE id = ?", [downtimeID, StoreTime.format(at), id])
    }

    /// The incidents linked to a downtime.
    public static func linked(_ db: Database, downtimeID: Int64) throws -> [IncidentRecord] {
        var result: [IncidentRecord] = []
        try db.forEach(select + " WHERE i.downtime_id = ? ORDER BY i.id", [downtimeID]) { s in
            if let r = record(s) { result.append(r) }
        }
        return result
    }

    /// Adds a follow-up action and returns its id.
    @discardableResult
    public static func addFollowup(_ db: Database, incidentID: Int64, action: String, ownerID: Int64?, dueOn: String, at: Date = Date()) throws -> Int64 {
        try db.run("INSERT INTO incident_followups (incident_id, action, owner_id, due_on, created_at) VALUES (?, ?, ?, ?, ?)",
                   [incidentID, action, ownerID, dueOn, StoreTime.format(at)])
        return db.lastInsertRowID
    }

    /// The follow-up actions of an incident, soonest due first.
    /// Marks a follow-up done (or open again); false when the incident has no such follow-up.
    public static func setFollowupDone(_ db: Database, incidentID: Int64, followupID: Int64, done: Bool, at: Date = Date()) throws -> Bool {
        try db.run("UPDATE incident_followups SET done_at = ? WHERE id = ? AND incident_id = ?",
                   [done ? StoreTime.format(at) : nil, followupID, incidentID]) > 0
    }

    public static func followups(_ db: Database, incidentID: Int64) throws -> [IncidentFollowupRecord] {
        var result: [IncidentFollowupRecord] = []
        try db.forEach("""
            SELECT f.id, f.action, f.owner_id, p.name, p.email, f.due_on, f.done_at FROM incident_followups f
              LEFT JOIN people p ON p.id = f.owner_id WHERE f.incident_id = ? ORDER BY f.due_on, f.id
            """, [incidentID]) { s in
            result.append(IncidentFollowupRecord(id: s.int64(at: 0), action: s.string(at: 1) ?? "", ownerID: s.isNull(at: 2) ? nil : s.int64(at: 2),
                                                 ownerName: s.string(at: 3) ?? "", ownerEmail: s.string(at: 4) ?? "", dueOn: s.string(at: 5) ?? "",
                                                 doneAt: s.string(at: 6).flatMap(StoreTime.parse)))
        }
        return result
    }
}
