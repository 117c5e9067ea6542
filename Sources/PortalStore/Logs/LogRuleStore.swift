import Foundation
import PortalCore

/// A stored log rule with its service and current window.
public struct LogRuleRecord: Sendable, Equatable {
    public var id: Int64
    public var spec: LogRuleSpec
    public var serviceID: Int64?
    public var window: LogRuleWindow?
    public var windowFiredAt: Date?
    public var silencedBy: Int64?
    /// The heartbeat a match pings, by id and UUID.
    public var heartbeatID: Int64?
    public var heartbeatUUID: String?
    /// The chosen webhook's id.
    public var webhookID: Int64?
    /// The people and teams named in `notify`, by id: a renamed person is still told.
    public var recipients: [LogRuleRecipient] = []
}

/// A person or team a rule names, stored by id (`log_rule_recipients`).
public enum LogRuleRecipient: Sendable, Hashable {
    case person(Int64)
    case team(Int64)
}

/// Log rules and their windows; the candidates a committed batch offers them. Writes run inside the caller's transaction.
public enum LogRuleStore {
    static let select = """
        SELECT r.id, r.name, r.stage, s.name, r.min_level, r.text_kind, r.text, r.count, r.window_seconds, r.notify_contacts, r.service_id,
               w.started_at, w.count, w.fired_at, w.silenced_by, r.heartbeat_id, h.name, h.uuid,
               (SELECT group_concat(n.label, ', ') FROM (SELECT CASE WHEN x.team_id IS NOT NULL THEN t.name
                                                                     WHEN (SELECT count(*) FROM people q WHERE q.name = p.name) > 1 THEN p.email
                                                                     ELSE p.name END AS label
                                                           FROM log_rule_recipients x LEFT JOIN people p ON p.id = x.person_id
                                                                LEFT JOIN teams t ON t.id = x.team_id
                                                          WHERE x.rule_id = r.id ORDER BY x.position) n),
               r.incident_severity, r.webhook_id, k.url,
               (SELECT group_concat(x.stage) FROM log_rule_stages x WHERE x.rule_id = r.id),
               (SELECT group_concat(coalesce('p' || x.person_id, 't' || x.team_id)) FROM
                   (SELECT * FROM log_rule_recipients WHERE rule_id = r.id ORDER BY position) x)
          FROM log_rules r LEFT JOIN services s ON s.id = r.service_id LEFT JOIN log_rule_windows w ON w.rule_id = r.id
               LEFT JOIN heartbeats h ON h.id = r.heartbeat_id LEFT JOIN webhooks k ON k.id = r.webhook_id
        """

    static func record(_ s: Statement) -> LogRuleRecord {
        let spec = LogRuleSpec(name: s.string(at: 1) ?? "", stage: Environment(rawValue: s.string(at: 2) ?? "") ?? .prod, service: s.string(at: 3) ?? "",
                               minimumLevel: LogLevel(rawValue: Int(s.int64(at: 4))) ?? .error,
                               textKind: LogRuleTextKind(rawValue: s.string(at: 5) ?? "") ?? .any, text: s.string(at: 6) ?? "",
                               count: Int(s.int64(at: 7)), windowSeconds: Int(s.int64(at: 8)), notifyContacts: s.int64(at: 9) != 0,
                               heartbeat: s.string(at: 16) ?? "", notify: s.string(at: 18) ?? "",
                               incidentSeverity: IncidentSeverity(rawValue: s.string(at: 19) ?? ""), webhook: s.string(at: 21) ?? "",
                               otherStages: (s.string(at: 22) ?? "").split(separator: ",").compactMap { Environment(rawValue: String($0)) })
        let window = s.date(at: 11).map { LogRuleWindow(start: $0, count: Int(s.int64(at: 12)), fired: !s.isNull(at: 13)) }
        let recipients: [LogRuleRecipient] = (s.string(at: 23) ?? "").split(separator: ",").compactMap { item in
            guard let id = Int64(item.dropFirst()) else { return nil }
            return item.first == "p" ? .person(id) : .team(id)
        }
        return LogRuleRecord(id: s.int64(at: 0), spec: spec, serviceID: s.optionalInt64(at: 10), window: window, windowFiredAt: s.date(at: 13),
                             silencedBy: s.optionalInt64(at: 14), heartbeatID: s.optionalInt64(at: 15), heartbeatUUID: s.string(at: 17),
                             webhookID: s.optionalInt64(at: 20), recipients: recipients)
    }

    /// Rules by stage then name; one stage or all.
    public static func list(_ db: Database, stage: Environment? = nil) throws -> [LogRuleRecord] {
        var result: [LogRuleRecord] = []
        if let stage {
            try db.forEach(select + " WHERE r.stage = ? ORDER BY r.name", [stage.rawValue]) { result.append(record($0)) }
        } else {
            try db.forEach(select + " ORDER BY r.stage, r.name") { result.append(record($0)) }
        }
        return result
    }

    public static func fetch(_ db: Database, id: Int64) throws -> LogRuleRecord? {
        var found: LogRuleRecord?
        try db.forEach(select + " WHERE r.id = ?", [id]) { found = record($0) }
        return found
    }

    public static func fetch(_ db: Database, name: String) throws -> LogRuleRecord? {
        var found: LogRuleRecord?
        try db.forEach(select + " WHERE r.name = ?", [name]) { found = record($0) }
        return found
    }

    /// The ids a rule refers to, resolved by the caller from the names people typed.
    public struct References: Sendable, Equatable {
        public var serviceID: Int64?
        public var heartbeatID: Int64?
        public var webhookID: Int64?
        public var recipients: [LogRuleRecipient]

        public init(serviceID: Int64? = nil, heartbeatID: Int64? = nil, webhookID: Int64? = nil, recipients: [LogRuleRecipient] = []) {
            self.serviceID = serviceID
            self.heartbeatID = heartbeatID
            self.webhookID = webhookID
            self.recipients = recipients
        }
    }

    /// Inserts a rule whose references are already resolved; returns its id.
    public static func insert(_ db: Database, _ spec: LogRuleSpec, _ refs: References, now: Date) throws -> Int64 {
        try db.run("""
            INSERT INTO log_rules (name, stage, service_id, min_level, text_kind, text, count, window_seconds, notify_contacts, heartbeat_id,
                                   created_at, updated_at, incident_severity, webhook_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [spec.name, spec.stage.rawValue, refs.serviceID, spec.minimumLevel.rawValue, spec.textKind.rawValue, spec.text, spec.count, spec.windowSeconds,
                  spec.notifyContacts, refs.heartbeatID, StoreTime.format(now), StoreTime.format(now),
                  spec.incidentSeverity?.rawValue ?? "", refs.webhookID])
        let id = db.lastInsertRowID
        try saveLists(db, ruleID: id, spec, refs)
        return id
    }

    /// Changes a rule in place (its id, window and notices stay); the window is cleared when `resetWindow`.
    public static func update(_ db: Database, id: Int64, _ spec: LogRuleSpec, _ refs: References, resetWindow: Bool, now: Date) throws {
        try db.run("""
            UPDATE log_rules SET name = ?, stage = ?, service_id = ?, min_level = ?, text_kind = ?, text = ?, count = ?, window_seconds = ?,
                                 notify_contacts = ?, heartbeat_id = ?, updated_at = ?, incident_severity = ?, webhook_id = ?
             WHERE id = ?
            """, [spec.name, spec.stage.rawValue, refs.serviceID, spec.minimumLevel.rawValue, spec.textKind.rawValue, spec.text, spec.count, spec.windowSeconds,
                  spec.notifyContacts, refs.heartbeatID, StoreTime.format(now), spec.incidentSeverity?.rawValue ?? "", refs.webhookID, id])
        try db.run("DELETE FROM log_rule_stages WHERE rule_id = ?", [id])
        try db.run("DELETE FROM log_rule_recipients WHERE rule_id = ?", [id])
        if resetWindow { try db.run("DELETE FROM log_rule_windows WHERE rule_id = ?", [id]) }
        try saveLists(db, ruleID: id, spec, refs)
    }

    private static func saveLists(_ db: Database, ruleID: Int64, _ spec: LogRuleSpec, _ refs: References) throws {
        for stage in spec.otherStages {
            try db.run("INSERT INTO log_rule_stages (rule_id, stage) VALUES (?, ?)", [ruleID, stage.rawValue])
        }
        for (position, recipient) in refs.recipients.enumerated() {
            switch recipient {
            case .person(let id): try db.run("INSERT INTO log_rule_recipients (rule_id, position, person_id) VALUES (?, ?, ?)", [ruleID, position, id])
            case .team(let id): try db.run("INSERT INTO log_rule_recipients (rule_id, position, team_id) VALUES (?, ?, ?)", [ruleID, position, id])
            }
        }
    }

    /// What a name in a rule's `notify` stands for.
    public enum NamedRecipient: Sendable, Equatable {
        case found(LogRuleRecipient)
        /// Several people have this name: the e-mail tells them apart.
        case ambiguous
        case unknown
    }

    /// A person by e-mail or name, else a team by name (case-insensitive).
    public static func resolve(_ db: Database, name: String) throws -> NamedRecipient {
        var people: [Int64] = []
        try db.forEach("SELECT id FROM people WHERE email = ? COLLATE NOCASE", [name]) { people.append($0.int64(at: 0)) }
        if people.isEmpty { try db.forEach("SELECT id FROM people WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 2", [name]) { people.append($0.int64(at: 0)) } }
        if people.count > 1 { return .ambiguous }
        if let id = people.first { return .found(.person(id)) }
        var team: Int64?
        try db.forEach("SELECT id FROM teams WHERE name = ? COLLATE NOCASE", [name]) { team = $0.int64(at: 0) }
        return team.map { .found(.team($0)) } ?? .unknown
    }

    public static func delete(_ db: Database, id: Int64) throws {
        try db.run("DELETE FROM log_rules WHERE id = ?", [id])
    }

    /// Deletes every rule of a stage (an import replaces the stage's rules); returns how many.
    @discardableResult
    public static func deleteStage(_ db: Database, stage: Environment) throws -> Int {
        try db.run("DELETE FROM log_rules WHERE stage = ?", [stage.rawValue])
    }

    /// The webhook a rule may call, by URL (the oldest when several share it).
    public static func webhookID(_ db: Database, url: String) throws -> Int64? {
        var found: Int64?
        try db.forEach("SELECT id FROM webhooks WHERE url = ? ORDER BY id LIMIT 1", [url]) { found = $0.int64(at: 0) }
        return found
    }

    /// Whether SQLite's FTS5 accepts `query`; nil when it does, else its message.
    public static func ftsError(_ db: Database, query: String) -> String? {
        do {
            switch db.dialect {
            case .sqlite: try db.forEach("SELECT count(*) FROM log_messages_fts WHERE log_messages_fts MATCH ? AND rowid = 0", [query]) { _ in }
            case .postgres: _ = try db.scalar("SELECT to_tsquery('simple', ?)", [LogFullTextQuery.tsquery(query)])
            }
            return nil
        } catch {
            return "The full-text query is not valid (words, \"a phrase\", prefix*)."
        }
    }

    /// The messages with ids in `ids` (one committed batch) that are at least as serious as `minimumLevel`, with the
    /// service of their product, oldest first.
    public static func candidates(_ db: Database, ids: ClosedRange<Int64>, minimumLevel: LogLevel) throws -> [LogRuleCandidate] {
        var result: [LogRuleCandidate] = []
        try db.forEach("""
            SELECT m.id, m.at, m.stage, p.service_id, m.level, m.message FROM log_messages m LEFT JOIN log_products p ON p.id = m.product_id
             WHERE m.id BETWEEN ? AND ? AND m.level <= ? ORDER BY m.at, m.id
            """, [ids.lowerBound, ids.upperBound, minimumLevel.rawValue]) { s in
            result.append(LogRuleCandidate(id: s.int64(at: 0), at: LogTimestamp.date(from: s.string(at: 1) ?? "") ?? Date(),
                                           stage: s.string(at: 2).flatMap(Environment.init(rawValue:)), serviceID: s.optionalInt64(at: 3),
                                           level: LogLevel(rawValue: Int(s.int64(at: 4))) ?? .info, message: s.string(at: 5) ?? ""))
        }
        return result
    }

    /// The ids in `ids` that the FTS5 query matches.
    public static func ftsMatches(_ db: Database, query: String, ids: ClosedRange<Int64>) throws -> Set<Int64> {
        var result = Set<Int64>()
        let sql = switch db.dialect {
        case .sqlite: "SELECT rowid FROM log_messages_fts WHERE log_messages_fts MATCH ? AND rowid BETWEEN ? AND ?"
        case .postgres: "SELECT id FROM log_messages WHERE to_tsvector('simple', message) @@ to_tsquery('simple', ?) AND id BETWEEN ? AND ?"
        }
        let text = db.dialect == .postgres ? LogFullTextQuery.tsquery(query) : query
        try db.forEach(sql, [text, ids.lowerBound, ids.upperBound]) { result.insert($0.int64(at: 0)) }
        return result
    }

    /// Stores a rule's window.
    public static func saveWindow(_ db: Database, ruleID: Int64, _ window: LogRuleWindow, firedAt: Date?, silencedBy: Int64?) throws {
        try db.run("""
            INSERT INTO log_rule_windows (rule_id, started_at, count, fired_at, silenced_by) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (rule_id) DO UPDATE SET started_at = excluded.started_at, count = excluded.count, fired_at = excluded.fired_at,
                silenced_by = excluded.silenced_by
            """, [ruleID, StoreTime.format(window.start), window.count, firedAt.map(StoreTime.format), silencedBy])
    }
}
