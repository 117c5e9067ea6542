import Foundation

/// Ticket integrations and the pushes of report PDFs to them. Writes run inside the caller's transaction.
public enum TicketStore {
    static let integrationColumns = "i.id, i.kind, i.base_url, i.auth, i.username, i.secret_sealed, i.active, i.created_at"

    static func integration(_ s: Statement, at offset: Int = 0) -> TicketIntegrationRecord {
        TicketIntegrationRecord(id: s.int64(at: offset), system: TicketSystem(rawValue: s.string(at: offset + 1) ?? "") ?? .generic,
                                baseURL: s.string(at: offset + 2) ?? "", auth: TicketAuth(rawValue: s.string(at: offset + 3) ?? "") ?? .basic,
                                username: s.string(at: offset + 4) ?? "", secretSealed: s.string(at: offset + 5) ?? "", active: s.int64(at: offset + 6) != 0,
                                createdAt: StoreTime.parse(s.string(at: offset + 7) ?? "") ?? Date(timeIntervalSince1970: 0))
    }

    /// Adds an integration; `secretSealed` is already sealed by the caller.
    public static func addIntegration(_ db: Database, system: TicketSystem, baseURL: String, auth: TicketAuth, username: String,
                                      secretSealed: String, now: Date = Date()) throws -> Int64 {
        try db.run("""
            INSERT INTO ticket_integrations (kind, base_url, auth, username, secret_sealed, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)
            """, [system.rawValue, baseURL, auth.rawValue, username, secretSealed, StoreTime.format(now)])
        return db.lastInsertRowID
    }

    public static func integrations(_ db: Database) throws -> [TicketIntegrationRecord] {
        var result: [TicketIntegrationRecord] = []
        try db.forEach("SELECT \(integrationColumns) FROM ticket_integrations i ORDER BY i.id") { result.append(integration($0)) }
        return result
    }

    /// Removes an integration and its pushes; false when there was none.
    public static func deleteIntegration(_ db: Database, id: Int64) throws -> Bool {
        try db.run("DELETE FROM ticket_integrations WHERE id = ?", [id]) > 0
    }

    /// Queues the push of `snapshotID` to every active integration, for the downtime's change ticket; returns how many.
    @discardableResult
    public static func queue(_ db: Database, snapshotID: Int64, ticket: String, now: Date = Date()) throws -> Int {
        let stamp = StoreTime.format(now)
        return try db.run("""
            INSERT OR IGNORE INTO ticket_deliveries (snapshot_id, integration_id, ticket, next_attempt_at, created_at)
            SELECT ?, id, ?, ?, ? FROM ticket_integrations WHERE active = 1
            """, [snapshotID, ticket, stamp, stamp])
    }

    static let deliverySelect = """
        SELECT d.id, d.snapshot_id, s.downtime_id, d.ticket, d.step, d.status, d.attempts, d.last_error, d.created_at, \(integrationColumns)
          FROM ticket_deliveries d JOIN ticket_integrations i ON i.id = d.integration_id JOIN impact_snapshots s ON s.id = d.snapshot_id
        """

    static func delivery(_ s: Statement) -> TicketDeliveryRecord {
        TicketDeliveryRecord(id: s.int64(at: 0), snapshotID: s.int64(at: 1), downtimeID: s.int64(at: 2), integration: integration(s, at: 9),
                             ticket: s.string(at: 3) ?? "", step: TicketStep(rawValue: s.string(at: 4) ?? "") ?? .attach,
                             status: DeliveryStatus(rawValue: s.string(at: 5) ?? "") ?? .queued, attempts: Int(s.int64(at: 6)),
                             lastError: s.string(at: 7) ?? "", createdAt: StoreTime.parse(s.string(at: 8) ?? "") ?? Date(timeIntervalSince1970: 0))
    }

    /// Queued pushes whose time has come, oldest first.
    public static func due(_ db: Database, now: Date, limit: Int) throws -> [TicketDeliveryRecord] {
        var result: [TicketDeliveryRecord] = []
        try db.forEach(deliverySelect + " WHERE d.status = 'queued' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT ?",
                       [StoreTime.format(now), limit]) { result.append(delivery($0)) }
        return result
    }

    /// The earliest queued push, for the worker's sleep.
    public static func nextDue(_ db: Database) throws -> Date? {
        guard case .text(let text)? = try db.scalar("SELECT min(next_attempt_at) FROM ticket_deliveries WHERE status = 'queued'") else { return nil }
        return StoreTime.parse(text)
    }

    /// Recent pushes, newest first, optionally of one downtime.
    public static func recent(_ db: Database, downtimeID: Int64? = nil, limit: Int = 50) throws -> [TicketDeliveryRecord] {
        var result: [TicketDeliveryRecord] = []
        let filter = downtimeID == nil ? "" : " WHERE s.downtime_id = ?"
        try db.forEach(deliverySelect + filter + " ORDER BY d.id DESC LIMIT ?", (downtimeID.map { [$0] } ?? []) + [limit]) { result.append(delivery($0)) }
        return result
    }

    /// Records the outcome of an attempt: the step reached, the status, and when to try again.
    public static func mark(_ db: Database, id: Int64, step: TicketStep, status: DeliveryStatus, attempts: Int, next: Date?, error: String, at: Date = Date()) throws {
        try db.run("""
            UPDATE ticket_deliveries SET step = ?, status = ?, attempts = ?, next_attempt_at = COALESCE(?, next_attempt_at), last_error = ?,
                   sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END WHERE id = ?
            """, [step.rawValue, status.rawValue, attempts, next.map(StoreTime.format), String(error.prefix(2000)), status.rawValue, StoreTime.format(at), id])
    }

    /// Queues a failed push again from the step it stopped at; false when it is not failed.
    public static func resend(_ db: Database, id: Int64, now: Date = Date()) throws -> Bool {
        try db.run("UPDATE ticket_deliveries SET status = 'queued', next_attempt_at = ?, last_error = '' WHERE id = ? AND status = 'failed'",
                   [StoreTime.format(now), id]) > 0
    }
}
