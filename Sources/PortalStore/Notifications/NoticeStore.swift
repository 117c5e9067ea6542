import Foundation
import PortalCore

/// Notice events, the e-mail outbox and webhook deliveries. Writes run inside the caller's transaction, so a notice
/// is queued exactly when the action that causes it commits.
public enum NoticeStore {
    /// Queues an event for its recipients and for every active webhook. Returns the event id, or nil when an event
    /// with the same key was queued before (nothing is written then).
    @discardableResult
    public static func enqueue(_ db: Database, _ draft: NoticeDraft, messageDomain: String, at now: Date = Date()) throws -> Int64? {
        let stamp = StoreTime.format(now)
        let inserted = try db.run("""
            INSERT OR IGNORE INTO notice_events (event_key, event, downtime_id, incident_id, check_alert_id, heartbeat_alert_id, log_rule_id,
                                                 level_crossing_id, sequence, attach_pdf, payload_json, actor, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [draft.eventKey, draft.event, draft.downtimeID, draft.incidentID, draft.checkAlertID, draft.heartbeatAlertID, draft.logRuleID,
                  draft.levelCrossingID, draft.sequence, draft.attachPDF ? 1 : 0, draft.payloadJSON, draft.actor, stamp])
        guard inserted > 0 else { return nil }
        let eventID = db.lastInsertRowID
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for recipient in draft.recipients {
            let reasons = String(decoding: try encoder.encode(StoredReasons(lines: recipient.reasons, subscriptionID: recipient.subscriptionID)), as: UTF8.self)
            try db.run("""
                INSERT OR IGNORE INTO outbox (notice_event_id, recipient, recipient_name, person_id, team_id, time_zone, reasons_json, message_id, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [eventID, recipient.address, String(recipient.name.prefix(200)), recipient.personID, recipient.teamID, recipient.timeZone,
                      reasons, messageID(eventID: eventID, recipient: recipient.address, domain: messageDomain), stamp])
        }
        if draft.toActiveWebhooks {
            try db.run("""
                INSERT INTO webhook_deliveries (notice_event_id, webhook_id, next_attempt_at)
                SELECT ?, id, ? FROM webhooks WHERE active = 1
                """, [eventID, stamp])
        }
        for webhookID in draft.webhookIDs {
            try db.run("INSERT OR IGNORE INTO webhook_deliveries (notice_event_id, webhook_id, next_attempt_at) VALUES (?, ?, ?)",
                       [eventID, webhookID, stamp])
        }
        return eventID
    }

    /// The reasons column: the lines shown in the mail and the subscription that caused it, if any.
    public struct StoredReasons: Codable, Sendable, Equatable {
        public var lines: [String]
        public var subscriptionID: Int64?

        public init(lines: [String], subscriptionID: Int64?) {
            self.lines = lines
            self.subscriptionID = subscriptionID
        }
    }

    /// `forewarn.<event>.<hash of the address>@domain`: the same for every attempt, so a receiving system can drop a
    /// second copy, and different for each recipient of the event.
    public static func messageID(eventID: Int64, recipient: String, domain: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in recipient.lowercased().utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return "forewarn.n\(eventID).\(String(hash, radix: 16))@\(domain)"
    }

    /// Whether an event with this key exists.
    public static func hasEvent(_ db: Database, key: String) throws -> Bool {
        try db.scalar("SELECT 1 FROM notice_events WHERE event_key = ?", [key]) != nil
    }

    /// The newest iCalendar SEQUENCE sent for a downtime, or nil when its invite never went out.
    public static func lastSequence(_ db: Database, downtimeID: Int64) throws -> Int? {
        guard case .integer(let value)? = try db.scalar("SELECT MAX(sequence) FROM notice_events WHERE downtime_id = ?", [downtimeID]) else { return nil }
        return Int(value)
    }

    /// When a downtime was first announced (its first 'announce' event), for reminder planning.
    public static func announcedAt(_ db: Database, downtimeID: Int64) throws -> Date? {
        guard case .text(let text)? = try db.scalar(
            "SELECT created_at FROM notice_events WHERE downtime_id = ? AND event = 'announce' ORDER BY id LIMIT 1", [downtimeID]) else { return nil }
        return StoreTime.parse(text)
    }

    static let outboxSelect = """
        SELECT o.id, o.notice_event_id, e.event, e.downtime_id, e.incident_id, e.sequence, e.attach_pdf, e.payload_json, e.created_at,
               o.recipient, o.recipient_name, o.person_id, o.team_id, o.time_zone, o.reasons_json, o.message_id, o.status, o.attempts,
               o.next_attempt_at, o.last_error, o.sent_at, e.check_alert_id, e.heartbeat_alert_id, e.log_rule_id
          FROM outbox o JOIN notice_events e ON e.id = o.notice_event_id
        """

    static func outboxRecord(_ s: Statement) -> OutboxRecord {
        func date(_ i: Int) -> Date { StoreTime.parse(s.string(at: i) ?? "") ?? Date(timeIntervalSince1970: 0) }
        var record = OutboxRecord(
            id: s.int64(at: 0), noticeEventID: s.int64(at: 1), event: s.string(at: 2) ?? "",
            downtimeID: s.isNull(at: 3) ? nil : s.int64(at: 3), incidentID: s.isNull(at: 4) ? nil : s.int64(at: 4),
            sequence: Int(s.int64(at: 5)), attachPDF: s.int64(at: 6) == 1, payloadJSON: s.string(at: 7) ?? "{}", createdAt: date(8),
            recipient: s.string(at: 9) ?? "", recipientName: s.string(at: 10) ?? "", personID: s.isNull(at: 11) ? nil : s.int64(at: 11),
            teamID: s.isNull(at: 12) ? nil : s.int64(at: 12), timeZone: s.string(at: 13) ?? "UTC", reasonsJSON: s.string(at: 14) ?? "{}",
            messageID: s.string(at: 15) ?? "", status: DeliveryStatus(rawValue: s.string(at: 16) ?? "") ?? .queued, attempts: Int(s.int64(at: 17)),
            nextAttemptAt: date(18), lastError: s.string(at: 19) ?? "", sentAt: s.isNull(at: 20) ? nil : date(20))
        record.checkAlertID = s.optionalInt64(at: 21)
        record.heartbeatAlertID = s.optionalInt64(at: 22)
        record.logRuleID = s.optionalInt64(at: 23)
        return record
    }

    /// Queued messages whose time has come, oldest first.
    public static func due(_ db: Database, now: Date, limit: Int = 20) throws -> [OutboxRecord] {
        var result: [OutboxRecord] = []
        try db.forEach(outboxSelect + " WHERE o.status = 'queued' AND o.next_attempt_at <= ? ORDER BY o.next_attempt_at, o.id LIMIT ?",
                       [StoreTime.format(now), limit]) { result.append(outboxRecord($0)) }
        return result
    }

    /// The earliest time a queued message or webhook call is due, for the worker's sleep.
    public static func nextDue(_ db: Database) throws -> Date? {
        guard case .text(let text)? = try db.scalar("""
            SELECT MIN(t) FROM (SELECT MIN(next_attempt_at) AS t FROM outbox WHERE status = 'queued'
                                UNION ALL SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'queued')
            """) else { return nil }
        return StoreTime.parse(text)
    }

    public static func markSent(_ db: Database, id: Int64, attempts: Int, at: Date) throws {
        try db.run("UPDATE outbox SET status = 'sent', attempts = ?, sent_at = ?, last_error = '', claimed_by = NULL, lease_until = NULL WHERE id = ? AND status = 'queued'",
                   [attempts, StoreTime.format(at), id])
    }

    public static func markRetry(_ db: Database, id: Int64, attempts: Int, next: Date, error: String) throws {
        try db.run("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL, lease_until = NULL WHERE id = ? AND status = 'queued'",
                   [attempts, StoreTime.format(next), String(error.prefix(2000)), id])
    }

    public static func markFailed(_ db: Database, id: Int64, attempts: Int, error: String) throws {
        try db.run("UPDATE outbox SET status = 'failed', attempts = ?, last_error = ?, claimed_by = NULL, lease_until = NULL WHERE id = ? AND status = 'queued'",
                   [attempts, String(error.prefix(2000)), id])
    }

    /// Puts a failed message back in the queue for an immediate new try; false when it was not failed.
    public static func resend(_ db: Database, id: Int64, now: Date) throws -> Bool {
        try db.run("UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = ?, last_error = '', claimed_by = NULL, lease_until = NULL WHERE id = ? AND status = 'failed'",
                   [StoreTime.format(now), id]) > 0
    }

    public static func outboxEntry(_ db: Database, id: Int64) throws -> OutboxRecord? {
        var found: OutboxRecord?
        try db.forEach(outboxSelect + " WHERE o.id = ?", [id]) { found = outboxRecord($0) }
        return found
    }

    /// The outbox, newest first, filtered by status, downtime, incident, person or address (any of them optional).
    public static func list(_ db: Database, status: DeliveryStatus? = nil, downtimeID: Int64? = nil, incidentID: Int64? = nil,
                            personID: Int64? = nil, recipient: String? = nil, name: String? = nil, limit: Int = 200, offset: Int = 0) throws -> [OutboxRecord] {
        var conditions: [String] = []
        var values: [SQLBindable] = []
        if let status { conditions.append("o.status = ?"); values.append(status.rawValue) }
        if let downtimeID { conditions.append("e.downtime_id = ?"); values.append(downtimeID) }
        if let incidentID { conditions.append("e.incident_id = ?"); values.append(incidentID) }
        if let personID { conditions.append("o.person_id = ?"); values.append(personID) }
        if let recipient, !recipient.isEmpty { conditions.append("o.recipient = ?"); values.append(recipient) }
        if let name, !name.isEmpty {
            // Part of the person's (or team's) name or address, case-insensitive; % and _ typed are meant literally.
            let pattern = "%" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
            // PostgreSQL: LIKE becomes ILIKE, which refuses the nondeterministic nocase collation of recipient.
            switch db.dialect {
            case .sqlite: conditions.append("(o.recipient_name LIKE ? ESCAPE '\\' OR o.recipient LIKE ? ESCAPE '\\')")
            case .postgres: conditions.append("(o.recipient_name COLLATE \"default\" LIKE ? ESCAPE '\\' OR o.recipient COLLATE \"default\" LIKE ? ESCAPE '\\')")
            }
            values += [pattern, pattern]
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        var result: [OutboxRecord] = []
        try db.forEach(outboxSelect + filter + " ORDER BY o.id DESC LIMIT ? OFFSET ?", values + [limit, offset]) { result.append(outboxRecord($0)) }
        return result
    }

    /// How many messages are queued, sent and failed (optionally for one downtime).
    public static func counts(_ db: Database, downtimeID: Int64? = nil) throws -> [DeliveryStatus: Int] {
        var result: [DeliveryStatus: Int] = [:]
        let filter = downtimeID == nil ? "" : " WHERE o.notice_event_id IN (SELECT id FROM notice_events WHERE downtime_id = ?)"
        try db.forEach("SELECT o.status, COUNT(*) FROM outbox o" + filter + " GROUP BY o.status", downtimeID.map { [$0] } ?? []) { s in
            if let status = DeliveryStatus(rawValue: s.string(at: 0) ?? "") { result[status] = Int(s.int64(at: 1)) }
        }
        return result
    }

    // MARK: Webhooks

    public static func addWebhook(_ db: Database, url: String, secret: String, description: String, at: Date = Date()) throws -> Int64 {
        try db.run("INSERT INTO webhooks (url, secret, description, created_at) VALUES (?, ?, ?, ?)", [url, secret, description, StoreTime.format(at)])
        return db.lastInsertRowID
    }

    public static func webhooks(_ db: Database) throws -> [WebhookRecord] {
        var result: [WebhookRecord] = []
        try db.forEach("SELECT id, url, secret, description, active, created_at FROM webhooks ORDER BY id") { s in
            result.append(WebhookRecord(id: s.int64(at: 0), url: s.string(at: 1) ?? "", secret: s.string(at: 2) ?? "", description: s.string(at: 3) ?? "",
                                        active: s.int64(at: 4) == 1, createdAt: StoreTime.parse(s.string(at: 5) ?? "") ?? Date(timeIntervalSince1970: 0)))
        }
        return result
    }

    public static func deleteWebhook(_ db: Database, id: Int64) throws -> Bool {
        try db.run("DELETE FROM webhooks WHERE id = ?", [id]) > 0
    }

    static let deliverySelect = """
        SELECT d.id, d.webhook_id, w.url, w.secret, d.notice_event_id, e.event, e.payload_json, e.created_at, d.status, d.attempts, d.last_error, d.sent_at
          FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN notice_events e ON e.id = d.notice_event_id
        """

    static func deliveryRecord(_ s: Statement) -> WebhookDeliveryRecord {
        WebhookDeliveryRecord(id: s.int64(at: 0), webhookID: s.int64(at: 1), url: s.string(at: 2) ?? "", secret: s.string(at: 3) ?? "",
                              noticeEventID: s.int64(at: 4), event: s.string(at: 5) ?? "", payloadJSON: s.string(at: 6) ?? "{}",
                              createdAt: StoreTime.parse(s.string(at: 7) ?? "") ?? Date(timeIntervalSince1970: 0),
                              status: DeliveryStatus(rawValue: s.string(at: 8) ?? "") ?? .queued, attempts: Int(s.int64(at: 9)),
                              lastError: s.string(at: 10) ?? "", sentAt: s.isNull(at: 11) ? nil : StoreTime.parse(s.string(at: 11) ?? ""))
    }

    public static func dueDeliveries(_ db: Database, now: Date, limit: Int = 20) throws -> [WebhookDeliveryRecord] {
        var result: [WebhookDeliveryRecord] = []
        try db.forEach(deliverySelect + " WHERE d.status = 'queued' AND d.next_attempt_at <= ? AND w.active = 1 ORDER BY d.next_attempt_at, d.id LIMIT ?",
                       [StoreTime.format(now), limit]) { result.append(deliveryRecord($0)) }
        return result
    }

    public static func deliveries(_ db: Database, webhookID: Int64? = nil, limit: Int = 50) throws -> [WebhookDeliveryRecord] {
        var result: [WebhookDeliveryRecord] = []
        let filter = webhookID == nil ? "" : " WHERE d.webhook_id = ?"
        try db.forEach(deliverySelect + filter + " ORDER BY d.id DESC LIMIT ?", (webhookID.map { [$0] } ?? []) + [limit]) { result.append(deliveryRecord($0)) }
        return result
    }

    public static func markDelivery(_ db: Database, id: Int64, status: DeliveryStatus, attempts: Int, next: Date?, error: String, at: Date) throws {
        try db.run("""
            UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = COALESCE(?, next_attempt_at), last_error = ?,
                   claimed_by = NULL, lease_until = NULL, sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END
             WHERE id = ?
            """, [status.rawValue, attempts, next.map(StoreTime.format), String(error.prefix(2000)), status.rawValue, StoreTime.format(at), id])
    }

    // MARK: Subscriptions

    static let subscriptionColumns: [(ObjectKind, String, String)] = [
        (.region, "region_id", "regions"), (.cluster, "cluster_id", "clusters"), (.server, "server_id", "servers"),
        (.service, "service_id", "services"), (.process, "process_id", "processes"),
    ]

    /// The column of a subscribable kind, nil for data sets (they have owners, not watchers).
    public static func subscriptionColumn(_ kind: ObjectKind) -> String? {
        subscriptionColumns.first { $0.0 == kind }?.1
    }

    /// Subscribes a user to an object; subscribing twice keeps one subscription. Returns its id.
    public static func subscribe(_ db: Database, userID: Int64, object: ObjectRef, at: Date = Date()) throws -> Int64 {
        guard let column = subscriptionColumn(object.kind) else { throw DatabaseError(code: 19, message: "data sets cannot be subscribed to", sql: nil) }
        if case .integer(let existing)? = try db.scalar("SELECT id FROM subscriptions WHERE user_id = ? AND \(column) = ?", [userID, object.id]) {
            return existing
        }
        try db.run("INSERT INTO subscriptions (user_id, \(column), created_at) VALUES (?, ?, ?)", [userID, object.id, StoreTime.format(at)])
        return db.lastInsertRowID
    }

    /// Removes a subscription (only the owner's, when `userID` is given); false when there was none.
    public static func unsubscribe(_ db: Database, id: Int64, userID: Int64?) throws -> Bool {
        if let userID { return try db.run("DELETE FROM subscriptions WHERE id = ? AND user_id = ?", [id, userID]) > 0 }
        return try db.run("DELETE FROM subscriptions WHERE id = ?", [id]) > 0
    }

    static let subscriptionSelect = """
        SELECT s.id, s.user_id, s.region_id, s.cluster_id, s.server_id, s.service_id, s.process_id, s.created_at,
               COALESCE((SELECT name FROM regions WHERE id = s.region_id), (SELECT name FROM clusters WHERE id = s.cluster_id),
                        (SELECT name FROM servers WHERE id = s.server_id), (SELECT name FROM services WHERE id = s.service_id),
                        (SELECT name FROM processes WHERE id = s.process_id), '')
          FROM subscriptions s
        """

    static func subscriptionObject(_ s: Statement, from offset: Int) -> ObjectRef? {
        for (index, (kind, _, _)) in subscriptionColumns.enumerated() where !s.isNull(at: offset + index) {
            return ObjectRef(kind: kind, id: s.int64(at: offset + index))
        }
        return nil
    }

    public static func subscriptions(_ db: Database, userID: Int64) throws -> [SubscriptionRecord] {
        var result: [SubscriptionRecord] = []
        try db.forEach(subscriptionSelect + " WHERE s.user_id = ? ORDER BY s.id", [userID]) { s in
            guard let object = subscriptionObject(s, from: 2) else { return }
            result.append(SubscriptionRecord(id: s.int64(at: 0), userID: s.int64(at: 1), object: object, objectName: s.string(at: 8) ?? "",
                                             createdAt: StoreTime.parse(s.string(at: 7) ?? "") ?? Date(timeIntervalSince1970: 0)))
        }
        return result
    }

    public static func subscription(_ db: Database, id: Int64) throws -> SubscriptionRecord? {
        var found: SubscriptionRecord?
        try db.forEach(subscriptionSelect + " WHERE s.id = ?", [id]) { s in
            guard let object = subscriptionObject(s, from: 2) else { return }
            found = SubscriptionRecord(id: s.int64(at: 0), userID: s.int64(at: 1), object: object, objectName: s.string(at: 8) ?? "",
                                       createdAt: StoreTime.parse(s.string(at: 7) ?? "") ?? Date(timeIntervalSince1970: 0))
        }
        return found
    }

    /// Enabled users subscribed to any of `objects`, with the address to write to (their own, else their person's).
    public static func subscribers(_ db: Database, to objects: Set<ObjectRef>) throws -> [Subscriber] {
        var result: [Subscriber] = []
        try db.forEach("""
            SELECT s.id, u.id, u.display_name, COALESCE(NULLIF(u.email, ''), p.email, ''), COALESCE(p.time_zone, 'UTC'),
                   s.region_id, s.cluster_id, s.server_id, s.service_id, s.process_id
              FROM subscriptions s JOIN users u ON u.id = s.user_id LEFT JOIN people p ON p.id = u.person_id
             WHERE u.disabled = 0 ORDER BY s.id
            """) { s in
            guard let object = subscriptionObject(s, from: 5), objects.contains(object) else { return }
            result.append(Subscriber(subscriptionID: s.int64(at: 0), userID: s.int64(at: 1), displayName: s.string(at: 2) ?? "",
                                     email: s.string(at: 3) ?? "", timeZone: s.string(at: 4) ?? "UTC", object: object))
        }
        return result
    }

    // MARK: Calendar feed tokens

    /// Stores the hash of a person's new feed token, replacing any earlier one (the old link stops working).
    public static func setCalendarToken(_ db: Database, personID: Int64, tokenHash: String, at: Date = Date()) throws {
        try db.run("DELETE FROM calendar_tokens WHERE person_id = ?", [personID])
        try db.run("INSERT INTO calendar_tokens (person_id, token_hash, created_at) VALUES (?, ?, ?)", [personID, tokenHash, StoreTime.format(at)])
    }

    public static func calendarPerson(_ db: Database, tokenHash: String) throws -> Int64? {
        guard case .integer(let id)? = try db.scalar("SELECT person_id FROM calendar_tokens WHERE token_hash = ?", [tokenHash]) else { return nil }
        return id
    }

    public static func hasCalendarToken(_ db: Database, personID: Int64) throws -> Bool {
        try db.scalar("SELECT 1 FROM calendar_tokens WHERE person_id = ?", [personID]) != nil
    }
}
