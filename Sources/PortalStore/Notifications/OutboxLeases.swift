import Foundation

/// Several instances share the outbox and the webhook calls: an instance claims due rows for a while (`claimed_by`,
/// `lease_until`) before it sends them, renews a row's lease right before sending it, and clears the claim when it marks
/// the row sent, retried or failed (`NoticeStore.mark…`). A row whose lease ran out (its instance died) is claimed again
/// by whoever looks next. The claims differ by engine, side by side here: PostgreSQL skips rows another instance is
/// claiming this moment (`FOR UPDATE SKIP LOCKED`); SQLite has one writer at a time, so the plain statement is enough.
public enum OutboxLeases {
    /// Claims up to `limit` due messages for `instance` until `now + lease`; returns them, oldest first.
    public static func claimMail(_ db: Database, instance: String, now: Date, lease: TimeInterval, limit: Int = 20) throws -> [OutboxRecord] {
        let until = StoreTime.format(now.addingTimeInterval(lease))
        let due = """
            SELECT id FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
             ORDER BY next_attempt_at, id LIMIT ?
            """
        let pick: String
        switch db.dialect {
        case .sqlite: pick = due
        case .postgres: pick = due + " FOR UPDATE SKIP LOCKED"
        }
        let nowText = StoreTime.format(now)
        let ids = try claimed(db, "UPDATE outbox SET claimed_by = ?, lease_until = ? WHERE id IN (\(pick)) RETURNING id", [instance, until, nowText, nowText, limit])
        var result: [OutboxRecord] = []
        try db.forEach(NoticeStore.outboxSelect + " WHERE o.claimed_by = ? AND o.lease_until = ? AND o.status = 'queued' ORDER BY o.next_attempt_at, o.id",
                       [instance, until]) { if ids.contains($0.int64(at: 0)) { result.append(NoticeStore.outboxRecord($0)) } }
        return result
    }

    /// Claims up to `limit` due webhook calls (of active webhooks) for `instance` until `now + lease`.
    public static func claimWebhooks(_ db: Database, instance: String, now: Date, lease: TimeInterval, limit: Int = 20) throws -> [WebhookDeliveryRecord] {
        let until = StoreTime.format(now.addingTimeInterval(lease))
        let due = """
            SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
             WHERE d.status = 'queued' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?) AND w.active = 1
             ORDER BY d.next_attempt_at, d.id LIMIT ?
            """
        let pick: String
        switch db.dialect {
        case .sqlite: pick = due
        case .postgres: pick = due + " FOR UPDATE OF d SKIP LOCKED"
        }
        let nowText = StoreTime.format(now)
        let ids = try claimed(db, "UPDATE webhook_deliveries SET claimed_by = ?, lease_until = ? WHERE id IN (\(pick)) RETURNING id",
                              [instance, until, nowText, nowText, limit])
        var result: [WebhookDeliveryRecord] = []
        try db.forEach(NoticeStore.deliverySelect + " WHERE d.claimed_by = ? AND d.lease_until = ? AND d.status = 'queued' ORDER BY d.next_attempt_at, d.id",
                       [instance, until]) { if ids.contains($0.int64(at: 0)) { result.append(NoticeStore.deliveryRecord($0)) } }
        return result
    }

    /// The ids an `UPDATE … RETURNING id` claimed (an earlier claim in the same second has the same lease end).
    private static func claimed(_ db: Database, _ sql: String, _ values: [SQLBindable]) throws -> Set<Int64> {
        var ids = Set<Int64>()
        try db.forEach(sql, values) { ids.insert($0.int64(at: 0)) }
        return ids
    }

    /// Extends this instance's claim on a message right before it is sent; false when the claim is gone (another
    /// instance took the row over after the lease ran out, or it is no longer queued): then it must not be sent.
    public static func renewMail(_ db: Database, id: Int64, instance: String, now: Date, lease: TimeInterval) throws -> Bool {
        try db.run("UPDATE outbox SET lease_until = ? WHERE id = ? AND claimed_by = ? AND status = 'queued'",
                   [StoreTime.format(now.addingTimeInterval(lease)), id, instance]) == 1
    }

    /// The same for a webhook call.
    public static func renewWebhook(_ db: Database, id: Int64, instance: String, now: Date, lease: TimeInterval) throws -> Bool {
        try db.run("UPDATE webhook_deliveries SET lease_until = ? WHERE id = ? AND claimed_by = ? AND status = 'queued'",
                   [StoreTime.format(now.addingTimeInterval(lease)), id, instance]) == 1
    }

    /// Gives back this instance's unfinished claims (on a clean stop), so another instance need not wait for the lease.
    @discardableResult
    public static func release(_ db: Database, instance: String) throws -> Int {
        try db.run("UPDATE outbox SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = ? AND status = 'queued'", [instance])
            + db.run("UPDATE webhook_deliveries SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = ? AND status = 'queued'", [instance])
    }

    /// The instances holding unexpired claims now (the worker releases those of dead processes on its own host).
    public static func claimants(_ db: Database, now: Date) throws -> Set<String> {
        var result = Set<String>()
        for table in ["outbox", "webhook_deliveries"] {
            try db.forEach("SELECT DISTINCT claimed_by FROM \(table) WHERE status = 'queued' AND claimed_by IS NOT NULL AND lease_until > ?",
                           [StoreTime.format(now)]) { if let name = $0.string(at: 0) { result.insert(name) } }
        }
        return result
    }

    /// How many rows an instance holds now (tests, `/healthz`-style checks).
    public static func held(_ db: Database, instance: String) throws -> Int {
        guard case .integer(let count)? = try db.scalar("SELECT count(*) FROM outbox WHERE claimed_by = ? AND status = 'queued'", [instance]) else { return 0 }
        return Int(count)
    }
}
