import Foundation
import PortalCore
import PortalMonitor
import PortalStore

/// What the monitor asks of the portal: the impact engine to tell which declared downtime in progress explains a
/// check's target, and notices (and incidents) when an alert opens or closes, written in the alert's transaction.
final class MonitoringEffects: MonitorEffects, @unchecked Sendable {
    private let store: Store
    private let inventory: InventoryCache
    private let mailFrom: String?
    private let baseURL: @Sendable () -> String
    private let signal: @Sendable () -> Void
    private let lock = NSLock()
    /// Impacts of the downtimes in progress, recomputed when that set changes or every 30 s (the inventory may change).
    private var cached: (key: [Int64], at: Date, impacts: [(DowntimeRecord, Impact)])?

    init(store: Store, inventory: InventoryCache, mailFrom: String?, baseURL: @escaping @Sendable () -> String, signal: @escaping @Sendable () -> Void) {
        self.store = store
        self.inventory = inventory
        self.mailFrom = mailFrom
        self.baseURL = baseURL
        self.signal = signal
    }

    func maintenanceCover(_ checks: [CheckRecord], now: Date) throws -> [Int64: Int64] {
        let cover = try coveringDowntimes(of: checks.map(\.target), now: now)
        return checks.reduce(into: [:]) { result, check in result[check.id] = cover[check.target] }
    }

    /// The declared downtime in progress that explains each target's state (the target itself, or through hosting,
    /// redundancy and dependencies), for checks and heartbeats alike; targets not covered are left out.
    func coveringDowntimes(of targets: [ObjectRef], now: Date) throws -> [ObjectRef: Int64] {
        let downtimes = try store.read { db in
            try DowntimeStore.list(db, from: now, to: now.addingTimeInterval(1), states: [.inProgress], limit: 1000)
        }
        guard !downtimes.isEmpty else { return [:] }
        let impacts = try impactsInProgress(downtimes, now: now)
        var cover: [ObjectRef: Int64] = [:]
        for target in Set(targets) {
            for (downtime, impact) in impacts {
                let explained = downtime.targets.contains { $0.object == target }
                    || impact.state(of: target).map { $0 == .down || $0 == .degraded } == true
                if explained {
                    cover[target] = downtime.id
                    break
                }
            }
        }
        return cover
    }

    private func impactsInProgress(_ downtimes: [DowntimeRecord], now: Date) throws -> [(DowntimeRecord, Impact)] {
        let key = downtimes.map(\.id).sorted()
        lock.lock()
        if let cached, cached.key == key, now.timeIntervalSince(cached.at) < 30 {
            lock.unlock()
            return cached.impacts
        }
        lock.unlock()
        let resolver = ImpactResolver(inventory: try inventory.current(store))
        let impacts = downtimes.sorted { $0.id < $1.id }.compactMap { downtime -> (DowntimeRecord, Impact)? in
            (try? resolver.resolve(targets: downtime.targets.map(\.object))).map { (downtime, $0) }
        }
        lock.lock()
        cached = (key, now, impacts)
        lock.unlock()
        return impacts
    }

    func alertChanged(_ db: Database, _ change: AlertChange) throws {
        let opened = change.event == .opened
        let state = change.kind == .certificate ? (opened ? "certificate expiring" : "certificate renewed") : (opened ? "down" : "recovered")
        let (impact, current) = try queueAlertNotice(db, AlertNotice(
            target: change.check.target, targetName: change.check.spec.targetName, opened: opened, state: state, message: change.message,
            at: change.at, eventKey: "alert:\(change.alertID):\(opened ? "open" : "recover")", subjectID: change.alertID,
            checkAlertID: change.alertID, heartbeatAlertID: nil, path: "/monitoring/checks/\(change.check.id)"))
        if change.check.spec.opensIncident && change.kind != .certificate { try incident(db, change, contacts: impact, inventory: current) }
    }

    /// An alert or recovery of a check or a heartbeat, as the outbox needs it.
    struct AlertNotice {
        var target: ObjectRef?
        var targetName: String
        var opened: Bool
        var state: String
        var message: String
        var at: Date
        var eventKey: String
        var subjectID: Int64
        var checkAlertID: Int64?
        var heartbeatAlertID: Int64?
        var logRuleID: Int64? = nil
        var path: String
        /// Tell the target's contacts and subscribers (a log rule may say no, or have no target).
        var contacts: Bool = true
        /// People or teams named by a log rule.
        var named: [NoticeRecipient] = []
        /// A log rule's chosen webhook.
        var webhookIDs: [Int64] = []
    }

    /// Queues one notice event for an alert or a recovery, in the caller's transaction: to the target's technical contacts
    /// and downtime coordinators (inheritance included) and its subscribers. Returns the contacts' impact and the inventory.
    @discardableResult
    func queueAlertNotice(_ db: Database, _ notice: AlertNotice) throws -> (Impact, Inventory) {
        let current = try inventory.current(store)
        let impact = try notice.target.map { try Self.contactImpact(target: $0, inventory: current) } ?? Impact(targets: [], affected: [], contacts: [])
        var recipients: [NoticeRecipient] = []
        if notice.contacts, let target = notice.target {
            let subscribers = try NoticeStore.subscribers(db, to: [target])
            recipients = NoticePlanner.recipients(impact: impact, inventory: current, leads: [], subscribers: subscribers)
        }
        for named in notice.named {
            if let index = recipients.firstIndex(where: { $0.address.lowercased() == named.address.lowercased() }) {
                recipients[index].reasons += named.reasons.filter { !recipients[index].reasons.contains($0) }
                recipients[index].subscriptionID = nil
            } else {
                recipients.append(named)
            }
        }
        let baseURL = self.baseURL()
        let payload = NoticePayload(subjectKind: "alert", subjectID: notice.subjectID, event: notice.opened ? .checkAlert : .checkRecover,
                                    title: notice.message, kindLabel: "Alert", state: notice.state, start: notice.at, end: nil,
                                    timeZone: "UTC", message: notice.message, targets: notice.target.map { ["\($0.kind.rawValue) \(notice.targetName)"] } ?? [],
                                    baseURL: baseURL, path: notice.path)
        var draft = NoticeDraft(eventKey: notice.eventKey, event: payload.event.rawValue, checkAlertID: notice.checkAlertID,
                                heartbeatAlertID: notice.heartbeatAlertID, logRuleID: notice.logRuleID, payloadJSON: try NoticePlanner.json(payload), actor: "monitor",
                                recipients: recipients)
        draft.webhookIDs = notice.webhookIDs
        let domain = MailSettings.messageDomain(from: mailFrom, baseURL: baseURL)
        if try NoticeStore.enqueue(db, draft, messageDomain: domain, at: notice.at) != nil { signal() }
        return (impact, current)
    }

    /// The check's incident option: an alert opens an incident on the target (engineer in charge: its technical contact),
    /// the recovery resolves it with the recovery message as the update. The alert's notice already told people, so the
    /// incident's own lines are not mailed again.
    private func incident(_ db: Database, _ change: AlertChange, contacts: Impact, inventory: Inventory) throws {
        switch change.event {
        case .opened:
            let id = try openIncident(db, title: "\(change.check.name): \(change.check.spec.targetName) is down", severity: .major,
                                      target: change.check.target, message: change.message, downtimeID: change.downtimeID, at: change.at,
                                      contacts: contacts, inventory: inventory)
            try AlertStore.setIncident(db, id: change.alertID, incidentID: id)
        case .recovered:
            guard let alert = try AlertStore.fetch(db, id: change.alertID), let id = alert.incidentID,
                  let incident = try IncidentStore.fetch(db, id: id), incident.status != .resolved else { return }
            try IncidentStore.setStatus(db, id: id, status: .resolved, endedAt: change.at, resolution: change.message, at: change.at)
            try IncidentStore.addUpdate(db, incidentID: id, kind: "resolve", status: .resolved, message: change.message, notify: false,
                                        actor: "monitor", at: change.at)
            try AuditLog.record(db, actor: "monitor", action: "resolve", objectKind: "incident", objectID: id, objectName: incident.title, at: change.at)
        }
    }

    /// Opens an incident on `target` in the caller's transaction (engineer in charge: its technical contact), as monitoring's
    /// check option and log rules do; its lines are not mailed (the alert's or rule's notice told people). Returns its id.
    @discardableResult
    func openIncident(_ db: Database, title: String, severity: IncidentSeverity, target: ObjectRef, message: String, downtimeID: Int64?, at: Date,
                      contacts: Impact? = nil, inventory given: Inventory? = nil) throws -> Int64 {
        let inventory = try given ?? self.inventory.current(store)
        let contacts = try contacts ?? Self.contactImpact(target: target, inventory: inventory)
        let technical = inventory.roles.first { $0.name == "technical contact" }?.id
        let engineer = contacts.contacts.lazy.filter { $0.reasons.contains { $0.roleID == technical } }.compactMap { contact -> Int64? in
            switch contact.contact {
            case .person(let id): id
            case .team(let id): inventory.team(id)?.memberIDs.first
            }
        }.first
        let draft = IncidentDraft(title: String(title.prefix(200)), severity: severity, engineerID: engineer,
                                  startedAt: at, description: message, targets: [target], downtimeID: downtimeID)
        let id = try IncidentStore.insert(db, draft, actor: "monitor", now: at)
        try IncidentStore.addUpdate(db, incidentID: id, kind: "open", status: .investigating, message: message, notify: false, actor: "monitor", at: at)
        try IncidentStore.saveSnapshot(db, incidentID: id, impact: try ImpactResolver(inventory: inventory).resolve(targets: [target]), at: at)
        try AuditLog.record(db, actor: "monitor", action: "open", objectKind: "incident", objectID: id, objectName: draft.title, at: at)
        return id
    }

    /// The target's technical contacts and downtime coordinators (with inheritance), as an impact NoticePlanner can read:
    /// only the target itself is "affected", so the explanation path stays short and dependents' owners are not paged.
    static func contactImpact(target: ObjectRef, inventory: Inventory) throws -> Impact {
        let full = try ImpactResolver(inventory: inventory).resolve(targets: [target])
        let roles = Set(inventory.roles.filter { ["technical contact", "downtime coordinator"].contains($0.name) }.map(\.id))
        let contacts = full.contacts.compactMap { contact -> NotifiedContact? in
            let reasons = contact.reasons.filter { $0.object == target && roles.contains($0.roleID) }
            guard let best = reasons.map(\.priority).min() else { return nil }
            return NotifiedContact(contact: contact.contact, name: contact.name, bestPriority: best, reasons: reasons)
        }
        return Impact(targets: [target], affected: full.affected.filter { $0.object == target }, contacts: contacts)
    }
}

/// Builds the monitor the way `serve` and `forewarn monitor` both run it.
public enum MonitorFactory {
    /// `baseURL` gives the portal's address for links in alert mail when an alert is queued.
    public static func make(store: Store, inventory: InventoryCache = InventoryCache(), mailFrom: String?, baseURL: @escaping @Sendable () -> String,
                            settings: MonitorSettings = MonitorSettings(), signal: @escaping @Sendable () -> Void = {},
                            report: @escaping @Sendable (String) -> Void) -> Monitor {
        let effects = MonitoringEffects(store: store, inventory: inventory, mailFrom: mailFrom, baseURL: baseURL, signal: signal)
        return Monitor(store: store, effects: effects, settings: settings, report: report)
    }
}
