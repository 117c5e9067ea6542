import Foundation
import PortalCore
import PortalHTTP
import PortalMail
import PortalReports
import PortalStore

/// Pushes of the report PDF to the change ticket: queued in the transaction that freezes an impact (announce,
/// re-announce), delivered by the outbox worker with retries and backoff, listed and resendable on /outbox.
enum TicketDeliveries {
    /// Queues the push of a just-frozen snapshot when the downtime names a change ticket; call inside the write transaction.
    static func queue(_ db: Database, snapshotID: Int64, downtime: DowntimeRecord, context: AppContext, now: Date) throws {
        let ticket = downtime.changeTicket.trimmingCharacters(in: .whitespaces)
        guard !ticket.isEmpty, try TicketStore.queue(db, snapshotID: snapshotID, ticket: ticket, now: now) > 0 else { return }
        db.afterCommit { context.outboxSignal.signal() }
    }

    /// One pass over due pushes; returns how many were tried. Runs on the outbox worker's thread.
    @discardableResult
    static func deliver(context: AppContext, now: Date, isStopping: () -> Bool = { false }) throws -> Int {
        let due = try context.store.read { try TicketStore.due($0, now: now, limit: 10) }
        let policy = RetryPolicy.standard
        let http = OutboundHTTP(policy: context.configuration.outbound)
        for delivery in due where !isStopping() {
            let attempts = delivery.attempts + 1
            var step = delivery.step
            do {
                let payload = try payload(context, delivery: delivery)
                let secret: String
                do { secret = try context.secrets.open(delivery.integration.secretSealed) } catch {
                    throw SMTPError.permanent("The stored secret cannot be opened with this server's key; enter it again on the ticket settings page.")
                }
                let push = TicketPush(integration: delivery.integration, secret: secret, http: http)
                while step != .done {
                    step = try push.run(step, payload)
                    // Each finished step is recorded at once, so a retry resumes after it.
                    try context.store.write { try TicketStore.mark($0, id: delivery.id, step: step, status: step == .done ? .sent : .queued, attempts: attempts, next: nil, error: "", at: Date()) }
                }
                context.logger.info("report of DT-\(delivery.downtimeID) pushed to \(delivery.integration.system.displayName) ticket \(delivery.ticket)")
            } catch let error as SMTPError where error.isRetryable && policy.allowsRetry(afterAttempt: attempts) {
                let delay = policy.delay(afterAttempt: attempts, seed: RetryPolicy.seed(for: "ticket-\(delivery.id)"))
                try context.store.write {
                    try TicketStore.mark($0, id: delivery.id, step: step, status: .queued, attempts: attempts,
                                         next: now.addingTimeInterval(Double(delay.components.seconds)), error: error.message, at: now)
                }
            } catch {
                let message = (error as? SMTPError)?.message ?? "\(error)"
                try context.store.write { try TicketStore.mark($0, id: delivery.id, step: step, status: .failed, attempts: attempts, next: nil, error: message, at: now) }
                context.logger.warning("report of DT-\(delivery.downtimeID) not pushed to \(delivery.integration.system.displayName): \(message)")
            }
        }
        return due.count
    }

    /// The PDF (the same bytes as GET /downtimes/:id/report.pdf), the downtime JSON and the work note.
    static func payload(_ context: AppContext, delivery: TicketDeliveryRecord) throws -> TicketPayload {
        guard let downtime = try context.store.read({ try DowntimeStore.fetch($0, id: delivery.downtimeID) }) else {
            throw SMTPError.permanent("DT-\(delivery.downtimeID) no longer exists.")
        }
        let base = try PublicURL.current(context).base
        let pdf = [UInt8](try ChangeImpactReport.pdf(context, downtime: downtime, paper: .a4))
        let snapshot = try context.store.read { try DowntimeStore.latestSnapshot($0, downtimeID: downtime.id) }
        var object = DowntimeAPIController.json(downtime)
        object["snapshot_id"] = delivery.snapshotID
        object["affected_count"] = snapshot?.impact.affected.count ?? 0
        object["contact_count"] = snapshot?.impact.contacts.count ?? 0
        object["url"] = "\(base)/downtimes/\(downtime.id)"
        let json = [UInt8]((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
        let note = "Forewarn DT-\(downtime.id) \(downtime.title) (\(downtime.state.displayName.lowercased())): \(downtime.window.formatted). "
            + "\(snapshot?.impact.affected.count ?? 0) affected objects, \(snapshot?.impact.contacts.count ?? 0) people and teams told. "
            + "Impact report attached as forewarn-DT-\(downtime.id)-impact.pdf. \(base)/downtimes/\(downtime.id)"
        return TicketPayload(downtimeID: downtime.id, ticket: delivery.ticket, pdf: pdf, json: json, note: note, deliveryID: delivery.id)
    }
}
