import Foundation
import PortalCore

/// Downtimes, their targets, history and impact snapshots (change freezes are in `BlackoutStore`). Writes run inside the caller's transaction.
public enum DowntimeStore {
    static let targetColumns: [(ObjectKind, String, String)] = [
        (.region, "region_id", "regions"), (.cluster, "cluster_id", "clusters"), (.server, "server_id", "servers"), (.service, "service_id", "services"),
    ]

    static let select = """
        SELECT d.id, d.title, d.kind, d.state, d.starts_at, d.ends_at, d.time_zone, d.change_ticket, d.change_url, d.reason, d.note,
               d.coordinator_id, c.name, c.email, d.comms_manager_id, m.name, m.email, d.override_reason, d.created_at, d.updated_at
          FROM downtimes d LEFT JOIN people c ON c.id = d.coordinator_id LEFT JOIN people m ON m.id = d.comms_manager_id
        """

    static func record(_ s: Statement) -> DowntimeRecord? {
        guard let start = StoreTime.parse(s.string(at: 4) ?? ""), let end = StoreTime.parse(s.string(at: 5) ?? ""),
              let window = try? TimeWindow(start: start, end: end, timeZone: s.string(at: 6) ?? "UTC", maximumDuration: nil) else { return nil }
        return DowntimeRecord(
            id: s.int64(at: 0), title: s.string(at: 1) ?? "", kind: DowntimeKind(rawValue: s.string(at: 2) ?? "") ?? .planned,
            state: DowntimeState(rawValue: s.string(at: 3) ?? "") ?? .draft, window: window,
            changeTicket: s.string(at: 7) ?? "", changeURL: s.string(at: 8) ?? "", reason: s.string(at: 9) ?? "", note: s.string(at: 10) ?? "",
            coordinatorID: s.isNull(at: 11) ? nil : s.int64(at: 11), coordinatorName: s.string(at: 12) ?? "", coordinatorEmail: s.string(at: 13) ?? "",
            commsManagerID: s.isNull(at: 14) ? nil : s.int64(at: 14), commsManagerName: s.string(at: 15) ?? "", commsManagerEmail: s.string(at: 16) ?? "",
            overrideReason: s.string(at: 17) ?? "", targets: [],
            createdAt: StoreTime.parse(s.string(at: 18) ?? "") ?? Date(timeIntervalSince1970: 0),
            updatedAt: StoreTime.parse(s.string(at: 19) ?? "") ?? Date(timeIntervalSince1970: 0))
    }

    /// One downtime with its targets.
    public static func fetch(_ db: Database, id: Int64) throws -> DowntimeRecord? {
        var found: DowntimeRecord?
        try db.forEach(select + " WHERE d.id = ?", [id]) { found = record($0) }
        guard var downtime = found else { return nil }
        downtime.targets = try targets(db, downtimeID: id)
        return downtime
    }

    public static func targets(_ db: Database, downtimeID: Int64) throws -> [DowntimeTarget] {
        var result: [DowntimeTarget] = []
        try db.forEach("""
            SELECT t.region_id, t.cluster_id, t.server_id, t.service_id,
                   COALESCE((SELECT name FROM regions WHERE id = t.region_id), (SELECT name FROM clusters WHERE id = t.cluster_id),
                            (SELECT name FROM servers WHERE id = t.server_id), (SELECT name FROM services WHERE id = t.service_id))
              FROM downtime_targets t WHERE t.downtime_id = ? ORDER BY t.id
            """, [downtimeID]) { s in
            for (offset, (kind, _, _)) in targetColumns.enumerated() where !s.isNull(at: offset) {
                result.append(DowntimeTarget(object: ObjectRef(kind: kind, id: s.int64(at: offset)), name: s.string(at: 4) ?? ""))
            }
        }
        return result
    }

    /// Downtimes whose window meets [from, to), newest start first, optionally by state and kind.
    public static func list(_ db: Database, from: Date?, to: Date?, states: [DowntimeState] = [], kind: DowntimeKind? = nil,
                            targetName: String? = nil, ascending: Bool = true, limit: Int = 200) throws -> [DowntimeRecord] {
        let query = listQuery(from: from, to: to, states: states, kind: kind, targetName: targetName, ascending: ascending, limit: limit)
        var result: [DowntimeRecord] = []
        try db.forEach(query.sql, query.values) { s in
            if let r = record(s) { result.append(r) }
        }
        try attachTargets(db, &result)
        return result
    }

    /// The statement of `list` (its targets come in one more query).
    static func listQuery(from: Date?, to: Date?, states: [DowntimeState] = [], kind: DowntimeKind? = nil,
                          targetName: String? = nil, ascending: Bool = true, limit: Int = 200) -> (sql: String, values: [SQLBindable]) {
        var conditions: [String] = []
        var values: [SQLBindable] = []
        if let from { conditions.append("d.ends_at > ?"); values.append(StoreTime.format(from)) }
        if let to { conditions.append("d.starts_at < ?"); values.append(StoreTime.format(to)) }
        if !states.isEmpty {
            conditions.append("d.state IN (\(states.map { _ in "?" }.joined(separator: ", ")))")
            values += states.map(\.rawValue)
        }
        if let kind { conditions.append("d.kind = ?"); values.append(kind.rawValue) }
        if let targetName, !targetName.isEmpty {
            conditions.append("""
                d.id IN (SELECT t.downtime_id FROM downtime_targets t WHERE
                    t.region_id = (SELECT id FROM regions WHERE name = ?) OR t.cluster_id = (SELECT id FROM clusters WHERE name = ?)
                    OR t.server_id = (SELECT id FROM servers WHERE name = ?) OR t.service_id = (SELECT id FROM services WHERE name = ?))
                """)
            values += [targetName, targetName, targetName, targetName]
        }
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return (select + whereClause + " ORDER BY d.starts_at \(ascending ? "ASC" : "DESC"), d.id LIMIT ?", values + [limit])
    }

    /// The targets of many downtimes in one query (a list page must not ask once per row).
    public static func targets(_ db: Database, downtimeIDs: [Int64]) throws -> [Int64: [DowntimeTarget]] {
        guard !downtimeIDs.isEmpty else { return [:] }
        var result: [Int64: [DowntimeTarget]] = [:]
        try db.forEach("""
            SELECT t.region_id, t.cluster_id, t.server_id, t.service_id,
                   COALESCE((SELECT name FROM regions WHERE id = t.region_id), (SELECT name FROM clusters WHERE id = t.cluster_id),
                            (SELECT name FROM servers WHERE id = t.server_id), (SELECT name FROM services WHERE id = t.service_id)),
                   t.downtime_id
              FROM downtime_targets t WHERE t.downtime_id IN (SELECT value FROM json_each(?)) ORDER BY t.downtime_id, t.id
            """, ["[" + downtimeIDs.map(String.init).joined(separator: ",") + "]"]) { s in
            for (offset, (kind, _, _)) in targetColumns.enumerated() where !s.isNull(at: offset) {
                result[s.int64(at: 5), default: []].append(DowntimeTarget(object: ObjectRef(kind: kind, id: s.int64(at: offset)), name: s.string(at: 4) ?? ""))
            }
        }
        return result
    }

    static func attachTargets(_ db: Database, _ rows: inout [DowntimeRecord]) throws {
        let all = try targets(db, downtimeIDs: rows.map(\.id))
        for index in rows.indices { rows[index].targets = all[rows[index].id] ?? [] }
    }

    /// Downtimes a person leads (coordinator or comms manager) or a login declared, not finished, soonest first.
    public static func involving(_ db: Database, personID: Int64?, login: String, limit: Int = 20) throws -> [DowntimeRecord] {
        var result: [DowntimeRecord] = []
        try db.forEach(select + """
             WHERE d.state IN ('draft', 'scheduled', 'in_progress')
               AND (d.coordinator_id = ?1 OR d.comms_manager_id = ?1
                    OR d.id IN (SELECT e.downtime_id FROM downtime_events e WHERE e.event = 'create' AND e.actor = ?2))
             ORDER BY d.starts_at, d.id LIMIT ?3
            """, [personID, login, limit]) { s in
            if let r = record(s) { result.append(r) }
        }
        try attachTargets(db, &result)
        return result
    }

    /// Inserts a draft downtime with its targets and its first history line.
    public static func insert(_ db: Database, _ draft: DowntimeDraft, actor: String, now: Date = Date()) throws -> Int64 {
        let stamp = StoreTime.format(now)
        try db.run("""
            INSERT INTO downtimes (title, kind, state, starts_at, ends_at, time_zone, change_ticket, change_url, reason, note,
                                   coordinator_id, comms_manager_id, override_reason, created_at, updated_at)
            VALUES (?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [draft.title, draft.kind.rawValue, StoreTime.format(draft.window.start), StoreTime.format(draft.window.end), draft.window.timeZone,
                  draft.changeTicket, draft.changeURL, draft.reason, draft.note, draft.coordinatorID, draft.commsManagerID,
                  draft.overrideReason, stamp, stamp])
        let id = db.lastInsertRowID
        try replaceTargets(db, downtimeID: id, targets: draft.targets)
        try ChangePackStore.apply(db, downtimeID: id, draft)
        try addEvent(db, downtimeID: id, actor: actor, event: "create", from: nil, to: .draft, at: now)
        return id
    }

    /// Rewrites the editable fields of a downtime.
    public static func update(_ db: Database, id: Int64, _ draft: DowntimeDraft, now: Date = Date()) throws {
        try db.run("""
            UPDATE downtimes SET title = ?, kind = ?, starts_at = ?, ends_at = ?, time_zone = ?, change_ticket = ?, change_url = ?,
                   reason = ?, note = ?, coordinator_id = ?, comms_manager_id = ?, override_reason = ?, updated_at = ? WHERE id = ?
            """, [draft.title, draft.kind.rawValue, StoreTime.format(draft.window.start), StoreTime.format(draft.window.end), draft.window.timeZone,
                  draft.changeTicket, draft.changeURL, draft.reason, draft.note, draft.coordinatorID, draft.commsManagerID,
                  draft.overrideReason, StoreTime.format(now), id])
        try replaceTargets(db, downtimeID: id, targets: draft.targets)
        try ChangePackStore.apply(db, downtimeID: id, draft)
    }

    static func replaceTargets(_ db: Database, downtimeID: Int64, targets: [ObjectRef]) throws {
        try db.run("DELETE FROM downtime_targets WHERE downtime_id = ?", [downtimeID])
        for target in targets {
            guard let column = targetColumns.first(where: { $0.0 == target.kind })?.1 else { continue }
            try db.run("INSERT INTO downtime_targets (downtime_id, \(column)) VALUES (?, ?)", [downtimeID, target.id])
        }
    }

    /// Moves a downtime to a new state (and end, for extensions) and records the history line.
    public static func transition(_ db: Database, id: Int64, from: DowntimeState, to: DowntimeState, event: String,
                                  newEnd: Date? = nil, actor: String, note: String = "", at: Date = Date()) throws {
        if let newEnd {
            try db.run("UPDATE downtimes SET state = ?, ends_at = ?, updated_at = ? WHERE id = ?", [to.rawValue, StoreTime.format(newEnd), StoreTime.format(at), id])
        } else {
            try db.run("UPDATE downtimes SET state = ?, updated_at = ? WHERE id = ?", [to.rawValue, StoreTime.format(at), id])
        }
        try addEvent(db, downtimeID: id, actor: actor, event: event, from: from, to: to, note: note, at: at)
    }

    public static func addEvent(_ db: Database, downtimeID: Int64, actor: String, event: String, from: DowntimeState?, to: DowntimeState,
                                note: String = "", at: Date = Date()) throws {
        try db.run("INSERT INTO downtime_events (downtime_id, at, actor, event, from_state, to_state, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [downtimeID, StoreTime.format(at), actor, event, from?.rawValue, to.rawValue, note])
    }

    public static func events(_ db: Database, downtimeID: Int64) throws -> [DowntimeEventRecord] {
        var result: [DowntimeEventRecord] = []
        try db.forEach("SELECT at, actor, event, from_state, to_state, note FROM downtime_events WHERE downtime_id = ? ORDER BY id", [downtimeID]) { s in
            result.append(DowntimeEventRecord(at: StoreTime.parse(s.string(at: 0) ?? "") ?? Date(timeIntervalSince1970: 0), actor: s.string(at: 1) ?? "",
                                              event: s.string(at: 2) ?? "", fromState: s.string(at: 3), toState: s.string(at: 4) ?? "", note: s.string(at: 5) ?? ""))
        }
        return result
    }

    /// Freezes an impact for a downtime and returns the snapshot id.
    @discardableResult
    public static func saveSnapshot(_ db: Database, downtimeID: Int64, impact: Impact, at: Date = Date()) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(impact), as: UTF8.self)
        let takenAt = StoreTime.format(at)
        try db.run("INSERT INTO impact_snapshots (downtime_id, taken_at, impact_json, affected_count, contact_count) VALUES (?, ?, ?, ?, ?)",
                   [downtimeID, takenAt, json, impact.affected.count, impact.contacts.count])
        let id = db.lastInsertRowID
        // The impact in hand is what the notices queued in this transaction need next; decoding it again costs far more.
        SnapshotCache.shared.put(ImpactSnapshotRecord(id: id, takenAt: StoreTime.parse(takenAt) ?? at, impact: impact),
                                 key: snapshotKey(db, id: id, downtimeID: downtimeID, takenAt: takenAt))
        return id
    }

    /// Cache key of a snapshot. A rolled-back insert can leave an entry whose rowid is later reused, so the key also
    /// carries the downtime and the time it was taken.
    static func snapshotKey(_ db: Database, id: Int64, downtimeID: Int64, takenAt: String) -> String {
        "\(db.path)#\(id)#\(downtimeID)#\(takenAt)"
    }

    /// The newest snapshot of a downtime, if it was ever announced. Snapshots never change once written, so the
    /// decoded impact is kept in memory by snapshot id (decoding a large one costs hundreds of milliseconds).
    public static func latestSnapshot(_ db: Database, downtimeID: Int64) throws -> ImpactSnapshotRecord? {
        guard let newest = try db.query("SELECT id, taken_at FROM impact_snapshots WHERE downtime_id = ? ORDER BY id DESC LIMIT 1", [downtimeID]).first,
              let id = newest.int("id") else {
            return nil
        }
        let key = snapshotKey(db, id: id, downtimeID: downtimeID, takenAt: newest.string("taken_at") ?? "")
        if let cached = SnapshotCache.shared.get(key) { return cached }
        var found: ImpactSnapshotRecord?
        try db.forEach("SELECT id, taken_at, impact_json FROM impact_snapshots WHERE id = ?", [id]) { s in
            if let impact = try? JSONDecoder().decode(Impact.self, from: Data((s.string(at: 2) ?? "").utf8)) {
                found = ImpactSnapshotRecord(id: s.int64(at: 0), takenAt: StoreTime.parse(s.string(at: 1) ?? "") ?? Date(timeIntervalSince1970: 0), impact: impact)
            }
        }
        if let found { SnapshotCache.shared.put(found, key: key) }
        return found
    }

    /// Whether a downtime with this id exists.
    public static func exists(_ db: Database, id: Int64) throws -> Bool {
        if case .integer? = try db.scalar("SELECT id FROM downtimes WHERE id = ?", [id]) { return true }
        return false
    }

    /// How many downtimes there are, in any state.
    public static func count(_ db: Database) throws -> Int64 {
        if case .integer(let count)? = try db.scalar("SELECT count(*) FROM downtimes") { return count }
        return 0
    }

    /// Moves a downtime to a new window (the caller records the event and the audit row).
    public static func reschedule(_ db: Database, id: Int64, to window: TimeWindow, overrideReason: String, now: Date) throws {
        try db.run("UPDATE downtimes SET starts_at = ?, ends_at = ?, override_reason = ?, updated_at = ? WHERE id = ?",
                   [StoreTime.format(window.start), StoreTime.format(window.end), overrideReason, StoreTime.format(now), id])
    }

    /// Downtimes that are not cancelled or finished and overlap a window, for conflict checks and combined impact.
    public static func active(_ db: Database, overlapping window: DateInterval, excluding id: Int64? = nil) throws -> [ExistingDowntime] {
        existing(try list(db, from: window.start, to: window.end, states: activeStates, limit: 10_000), excluding: id)
    }

    static let activeStates: [DowntimeState] = [.draft, .scheduled, .inProgress]

    static func existing(_ records: [DowntimeRecord], excluding id: Int64?) -> [ExistingDowntime] {
        records.filter { $0.id != id }
            .map { ExistingDowntime(id: $0.id, title: $0.title, targets: $0.targets.map(\.object),
                                    window: DateInterval(start: $0.window.start, end: $0.window.end), coordinatorID: $0.coordinatorID,
                                    isActive: $0.state != .draft) }
    }
}

/// Decoded impact snapshots by database file and id; immutable rows, so entries never go stale. Bounded to 64.
final class SnapshotCache: @unchecked Sendable {
    static let shared = SnapshotCache()
    private let lock = NSLock()
    private var entries: [String: ImpactSnapshotRecord] = [:]
    private var order: [String] = []

    func get(_ key: String) -> ImpactSnapshotRecord? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func put(_ record: ImpactSnapshotRecord, key: String) {
        lock.lock()
        defer { lock.unlock() }
        if entries[key] == nil { order.append(key) }
        entries[key] = record
        while order.count > 64 { entries[order.removeFirst()] = nil }
    }
}
