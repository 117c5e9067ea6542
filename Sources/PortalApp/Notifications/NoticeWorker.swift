import Foundation
import PortalCore
import PortalMail
import PortalReports
import PortalStore

/// Wakes the outbox worker early: a notice was queued or a failed one resent.
public final class OutboxSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending = false
    private var observers: [@Sendable () -> Void] = []

    public init() {}

    public func signal() {
        condition.lock()
        pending = true
        condition.broadcast()
        let observers = self.observers
        condition.unlock()
        for observer in observers { observer() }
    }

    /// Calls `observer` on every signal, on the signalling thread (tests check what a woken worker would find).
    public func observe(_ observer: @escaping @Sendable () -> Void) {
        condition.lock()
        observers.append(observer)
        condition.unlock()
    }

    /// Waits until signalled or `deadline`; clears the signal.
    func wait(until deadline: Date) {
        condition.lock()
        while !pending, condition.wait(until: deadline) {}
        pending = false
        condition.unlock()
    }
}

/// Delivers the outbox: e-mail over SMTP and webhook calls, on its own thread. A row is marked sent only after the
/// server accepted it, so a crash at any point loses nothing; a retry reuses the row's Message-ID, so the only
/// possible duplicate (a crash between the server's "250" and our commit) carries the same id and is dropped by
/// mail systems that de-duplicate. Temporary failures back off per message; an unreachable server pauses everything.
/// The pause and PDF cache are touched only by the worker thread (or by a test driving `deliver` with the worker off).
/// Every instance on a database runs one: rows are claimed with a lease (`OutboxLeases`), so two instances never send
/// the same message, and the claims of one that died are taken over when their lease runs out. Ticket calls are not
/// leased: only the owner of the background workers (`WorkerLock`) makes them.
final class NoticeWorker: @unchecked Sendable {
    private let context: AppContext
    /// This process's name in `claimed_by`: host, pid and a random part (a restarted process is a new claimant).
    let instance = NoticeWorker.instanceName()
    /// How long a claim holds; renewed right before each send.
    private var lease: TimeInterval { max(10, context.configuration.outboxLease) }
    private let policy = RetryPolicy.standard
    /// While the server is down: 15 s doubling to 5 min, so mail resumes within minutes of the server's return.
    private let pausePolicy = RetryPolicy(initialDelay: .seconds(15), maximumDelay: .seconds(300), jitter: 0.2)
    /// The SMTP URL of the last pass: a new one (from the settings page) ends any pause at once.
    private var lastURL: String?
    private let lock = NSLock()
    private var stopping = false
    private var finished: DispatchSemaphore?
    /// While the SMTP server is unreachable, no message is tried before this time.
    private(set) var pausedUntil: Date?
    private var pauseAttempts = 0
    /// The PDF of the last event that asked for one: every recipient of an event gets the same bytes.
    private var pdfCache: (eventID: Int64, data: [UInt8])?
    /// When `releaseDeadClaimants` last looked.
    private var lastClaimantCheck = Date.distantPast

    init(context: AppContext) {
        self.context = context
    }

    func start() {
        let done = DispatchSemaphore(value: 0)
        finished = done
        let thread = Thread { [self] in
            while !isStopping {
                let worked: Int
                do { worked = try deliver(now: Date(), tickets: context.workerLock.isHeld) } catch {
                    context.logger.error("outbox pass failed: \(error)")
                    worked = 0
                }
                if worked > 0 { continue }
                var wake = Date().addingTimeInterval(context.configuration.outboxPollInterval)
                if let next = try? context.store.read({ try NoticeStore.nextDue($0) }), next < wake { wake = max(next, Date().addingTimeInterval(0.05)) }
                if let next = try? context.store.read({ try TicketStore.nextDue($0) }), next < wake { wake = max(next, Date().addingTimeInterval(0.05)) }
                if let paused = pausedUntil, paused > Date() { wake = min(wake, paused) }
                context.outboxSignal.wait(until: wake)
            }
            done.signal()
        }
        thread.name = "forewarn-outbox"
        thread.start()
    }

    func stop() {
        lock.lock()
        stopping = true
        lock.unlock()
        context.outboxSignal.signal()
        _ = finished?.wait(timeout: .now() + 70)
    }

    private var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    /// One pass over what is due: webhook calls, ticket calls (`tickets`: the worker thread passes whether this process
    /// holds the worker lock), then mail (when configured and not paused). Returns how many were tried.
    @discardableResult
    func deliver(now: Date, tickets: Bool = true) throws -> Int {
        defer { _ = try? context.store.write { try OutboxLeases.release($0, instance: instance) } }
        releaseDeadClaimants(now: now)
        var tried = try deliverWebhooks(now: now)
        if tickets { tried += try TicketDeliveries.deliver(context: context, now: now, isStopping: { isStopping }) }
        guard let settings = try MailSettings.current(context) else { return tried }
        if settings.smtpURL != lastURL {
            lastURL = settings.smtpURL
            pausedUntil = nil
            pauseAttempts = 0
        }
        if let paused = pausedUntil, paused > now { return tried }
        let due = try context.store.write { try OutboxLeases.claimMail($0, instance: instance, now: now, lease: lease) }
        guard !due.isEmpty else { return tried }
        let session: SMTPSession
        let from: MailAddress
        do {
            // One connection for the whole pass: libcurl reuses it between messages.
            // A send ends well within the lease, so no other instance can take the row over while it is on the wire.
            let timeout = Int(min(30, lease / 2))
            session = try SMTPSession(client: try SMTPClient(url: settings.smtpURL, connectTimeout: .seconds(min(10, timeout)), totalTimeout: .seconds(timeout)))
            from = try MailAddress(settings.from, name: "Forewarn")
        } catch {
            context.logger.error("mail is misconfigured: \(error)")
            pausedUntil = now.addingTimeInterval(60)
            return tried
        }
        let composer = NoticeComposer(views: context.views, from: from, linkSecret: try LinkSecret.current(context))
        for row in due where !isStopping {
            guard try context.store.write({ try OutboxLeases.renewMail($0, id: row.id, instance: instance, now: max(now, Date()), lease: lease) }) else { continue }
            tried += 1
            let attempts = row.attempts + 1
            do {
                let payload = try NoticePlanner.decode(row.payloadJSON)
                let pdf = row.attachPDF ? try pdfBytes(for: row, payload: payload) : nil
                var message = try composer.message(for: row, payload: payload, pdf: pdf)
                if let series = try SeriesInvite.forNotice(context, row: row, payload: payload, from: from) { message.calendar = series }
                try session.send(message, envelopeFrom: from.address, recipients: [row.recipient])
                try context.store.write { try NoticeStore.markSent($0, id: row.id, attempts: attempts, at: Date()) }
                context.logger.info("notice \(row.id) (\(row.event)) sent to \(row.recipient) as <\(row.messageID)>")
                pausedUntil = nil
                pauseAttempts = 0
            } catch let error as SMTPError {
                if error.isServerUnavailable {
                    // The server is down: this message keeps its place and nothing else is tried until the pause ends.
                    pauseAttempts += 1
                    let delay = pausePolicy.delay(afterAttempt: pauseAttempts, seed: 1)
                    pausedUntil = now.addingTimeInterval(Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
                    try context.store.write { try NoticeStore.markRetry($0, id: row.id, attempts: row.attempts, next: row.nextAttemptAt, error: error.message) }
                    context.logger.warning("SMTP server unavailable, outbox paused until \(StoreTime.format(pausedUntil!)): \(error.message)")
                    break
                }
                try record(error, row: row, attempts: attempts, now: now)
            } catch {
                // The message cannot be built (a bad address in the inventory, say): no retry will help.
                try context.store.write { try NoticeStore.markFailed($0, id: row.id, attempts: attempts, error: "Cannot build the message: \(error)") }
            }
        }
        return tried
    }

    private func record(_ error: SMTPError, row: OutboxRecord, attempts: Int, now: Date) throws {
        try context.store.write { db in
            if error.isRetryable && policy.allowsRetry(afterAttempt: attempts) {
                let delay = policy.delay(afterAttempt: attempts, seed: RetryPolicy.seed(for: row.messageID))
                try NoticeStore.markRetry(db, id: row.id, attempts: attempts, next: now.addingTimeInterval(Double(delay.components.seconds)), error: error.message)
            } else {
                let prefix = error.isRetryable ? "Gave up after \(attempts) attempts: " : ""
                try NoticeStore.markFailed(db, id: row.id, attempts: attempts, error: prefix + error.message)
            }
        }
    }

    private func pdfBytes(for row: OutboxRecord, payload: NoticePayload) throws -> [UInt8]? {
        if let cached = pdfCache, cached.eventID == row.noticeEventID { return cached.data }
        guard let downtimeID = row.downtimeID, let downtime = try context.store.read({ try DowntimeStore.fetch($0, id: downtimeID) }) else { return nil }
        let data = [UInt8](try ChangeImpactReport.pdf(context, downtime: downtime, paper: .a4, baseURL: payload.baseURL))
        pdfCache = (row.noticeEventID, data)
        return data
    }

    private func deliverWebhooks(now: Date) throws -> Int {
        let due = try context.store.write { try OutboxLeases.claimWebhooks($0, instance: instance, now: now, lease: lease) }
        let client = WebhookClient(policy: context.configuration.outbound)
        for delivery in due where !isStopping {
            guard try context.store.write({ try OutboxLeases.renewWebhook($0, id: delivery.id, instance: instance, now: max(now, Date()), lease: lease) }) else { continue }
            let attempts = delivery.attempts + 1
            do {
                let body = try WebhookPayload.body(for: delivery)
                try client.post(body, to: delivery.url, signer: try WebhookSigner(secret: delivery.secret), event: delivery.event,
                                deliveryID: "\(delivery.id)")
                try context.store.write { try NoticeStore.markDelivery($0, id: delivery.id, status: .sent, attempts: attempts, next: nil, error: "", at: Date()) }
            } catch let error as SMTPError where error.isRetryable && policy.allowsRetry(afterAttempt: attempts) {
                let delay = policy.delay(afterAttempt: attempts, seed: RetryPolicy.seed(for: "webhook-\(delivery.id)"))
                try context.store.write {
                    try NoticeStore.markDelivery($0, id: delivery.id, status: .queued, attempts: attempts,
                                                 next: now.addingTimeInterval(Double(delay.components.seconds)), error: error.message, at: now)
                }
            } catch {
                let message = (error as? SMTPError)?.message ?? "\(error)"
                try context.store.write { try NoticeStore.markDelivery($0, id: delivery.id, status: .failed, attempts: attempts, next: nil, error: message, at: now) }
            }
        }
        return due.count
    }
}

extension NoticeWorker {
    static let host = String(ProcessInfo.processInfo.hostName.prefix(100))

    /// `host:pid:random`.
    static func instanceName() -> String {
        "\(host):\(ProcessInfo.processInfo.processIdentifier):\(Secrets.randomToken().prefix(8))"
    }

    /// The pid of a claimant on this host, nil for another host's.
    static func localPID(_ claimant: String) -> Int32? {
        let parts = claimant.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.dropLast(2).joined(separator: ":") == host else { return nil }
        return Int32(parts[parts.count - 2])
    }

    /// A process on this host that claimed rows and is gone (killed, crashed) cannot send them: its claims are given
    /// back at once instead of after the lease (a restarted `forewarn serve` carries on where the killed one stopped).
    /// Claims of other hosts' instances run out with their lease. Looked at every 10 s at most.
    func releaseDeadClaimants(now: Date) {
        guard Date().timeIntervalSince(lastClaimantCheck) >= 10 else { return }
        lastClaimantCheck = Date()
        guard let claimants = try? context.store.read({ try OutboxLeases.claimants($0, now: now) }) else { return }
        for claimant in claimants where claimant != instance {
            guard let pid = Self.localPID(claimant), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if let released = try? context.store.write({ try OutboxLeases.release($0, instance: claimant) }), released > 0 {
                context.logger.notice("took over \(released) outbox row(s) claimed by \(claimant), a process that is gone")
            }
        }
    }
}

/// The secret that signs links in mail (unsubscribe): made once, kept in settings.
enum LinkSecret {
    static let key = "secret.links"

    static func current(_ context: AppContext) throws -> String {
        if let value = try context.store.read({ try SettingsStore.value($0, key) }), value.count >= 32 { return value }
        return try context.store.write { db in
            // Another request may have made it meanwhile; the first one stays.
            if let value = try SettingsStore.value(db, key), value.count >= 32 { return value }
            let value = Secrets.randomToken()
            try SettingsStore.set(db, key, value)
            return value
        }
    }
}
