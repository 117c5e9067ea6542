import Foundation
import PortalCore
import PortalStore

/// Feeds every level subscription's `ThresholdWatch` after the service-level worker's passes and tells its subscriber
/// about each crossing: e-mail through the outbox, its webhook, and a chat message from the service JID. The watch's
/// side is stored with the crossing in one transaction, so a restart never tells twice. While a declared downtime in
/// progress explains the subject (mood maintenance) the watch is not fed unless the subscription asks to be told anyway:
/// a level still below once the downtime ends is told then.
final class LevelSubscriptionEvaluator: @unchecked Sendable {
    /// One crossing told, for the chat messages sent after the transaction commits (and for tests).
    struct Told: Sendable, Equatable {
        let subscriptionID: Int64
        let crossing: ThresholdWatch.Crossing
        let text: String
        /// The JID local part the chat message comes from (a service's node, or `forewarn` for aggregates).
        let node: String
        let jids: [String]
    }

    private let context: AppContext
    private let lock = NSLock()
    private var lastMinute: Int?
    private var sendChat: (@Sendable ([Told]) -> Void)?

    init(context: AppContext) {
        self.context = context
    }

    /// Where chat messages go (the XMPP component, when `serve` runs one).
    func onChat(_ send: @escaping @Sendable ([Told]) -> Void) {
        lock.lock()
        sendChat = send
        lock.unlock()
    }

    /// After a level pass: evaluates when a level changed or a new minute began (long windows move with the minutes).
    /// `computed`: the levels the pass computed (the evaluation reads them instead of computing every level again).
    func levelsChanged(_ events: [ServiceLevelStore.Event], now: Date, computed: ServiceLevels.Computed? = nil) {
        let minute = Int(now.timeIntervalSince1970 / 60)
        lock.lock()
        let due = !events.isEmpty || lastMinute != minute
        lastMinute = minute
        lock.unlock()
        guard due else { return }
        do { _ = try evaluate(now: now, computed: computed) } catch { context.logger.error("level subscriptions failed: \(error)") }
    }

    /// Feeds every subscription the level of its subject and window now; queues and sends what crossed.
    @discardableResult
    func evaluate(now: Date, computed: ServiceLevels.Computed? = nil) throws -> [Told] {
        guard try context.store.read({ try LevelSubscriptionStore.exists($0) }) else { return [] }
        let inventory = try context.inventory.current(context.store)
        let baseURL = try PublicURL.current(context).base
        let domain = MailSettings.messageDomain(from: context.configuration.mailFrom, baseURL: baseURL)
        let told = try context.store.write { db -> [Told] in
            let subscriptions = try LevelSubscriptionStore.list(db)
            let computed = try computed ?? ServiceLevels.assessments(db, inventory: inventory, now: now)
            let levels = SubjectLevels(computed, windows: Set(subscriptions.map(\.draft.window)))
            var told: [Told] = []
            for subscription in subscriptions {
                let draft = subscription.draft
                guard let state = levels.state(draft.subject), let percent = levels.percent(draft.subject, draft.window) else { continue }
                if state.mood == .maintenance && !draft.duringDowntime { continue }
                var watch = ThresholdWatch(threshold: draft.threshold, side: subscription.side)
                guard let crossing = watch.observe(percent) else { continue }
                try LevelSubscriptionStore.setSide(db, id: subscription.id, side: watch.side)
                let crossingID = try LevelSubscriptionStore.recordCrossing(db, subscriptionID: subscription.id, crossing: crossing, percent: percent, at: now)
                let text = Self.text(name: state.name, percent: percent, window: draft.window, threshold: draft.threshold, crossing: crossing)
                let subjectLine = LevelSubjectName.describe(draft.subject, inventory: inventory)
                let recipients = draft.byMail ? Self.recipients(draft.subscriber, inventory: inventory, why: "You subscribed to \(subjectLine) below \(ServiceLevel.format(draft.threshold)) over \(draft.window.label) (LEVEL-\(subscription.id)).") : []
                if !recipients.isEmpty || draft.webhookID != nil {
                    let payload = NoticePayload(subjectKind: "level", subjectID: subscription.id, event: crossing == .fellBelow ? .levelBelow : .levelAbove,
                                                title: text, kindLabel: "Service level", state: crossing == .fellBelow ? "below" : "above", start: now, end: nil,
                                                timeZone: "UTC", message: state.reason, targets: [subjectLine], baseURL: baseURL,
                                                path: LevelSubjectName.path(draft.subject))
                    var notice = NoticeDraft(eventKey: "level:\(crossingID)", event: payload.event.rawValue, payloadJSON: try NoticePlanner.json(payload),
                                             actor: "service levels", recipients: recipients)
                    notice.levelCrossingID = crossingID
                    notice.toActiveWebhooks = false
                    notice.webhookIDs = draft.webhookID.map { [$0] } ?? []
                    try NoticeStore.enqueue(db, notice, messageDomain: domain, at: now)
                }
                try AuditLog.record(db, actor: "service levels", action: crossing == .fellBelow ? "level_below" : "level_above", objectKind: "level_subscription",
                                    objectID: subscription.id, objectName: text, at: now)
                let node = if case .service = draft.subject { LevelSubjectName.node(state.name) } else { "forewarn" }
                let jids = draft.byXMPP ? Self.jids(draft.subscriber, inventory: inventory) : []
                // Chat messages wait in the database until an XMPP component (in any serve process) is connected.
                try XmppMessageStore.enqueue(db, node: node, to: jids, body: text, at: now)
                told.append(Told(subscriptionID: subscription.id, crossing: crossing, text: text, node: node, jids: jids))
            }
            return told
        }
        if !told.isEmpty {
            context.outboxSignal.signal()
            lock.lock()
            let send = sendChat
            lock.unlock()
            send?(told.filter { !$0.jids.isEmpty })
        }
        return told
    }

    /// "pg-3 service level 50% over 10 min: below 99.9%" / "...: back above 99.9%".
    static func text(name: String, percent: Double, window: ServiceLevelWindow, threshold: Double, crossing: ThresholdWatch.Crossing) -> String {
        "\(name) service level \(ServiceLevel.format(percent)) over \(window.label): \(crossing == .fellBelow ? "below" : "back above") \(ServiceLevel.format(threshold))"
    }

    /// The person's address, or the team's (its members' when it has none).
    static func recipients(_ subscriber: LevelSubscriber, inventory: Inventory, why: String) -> [NoticeRecipient] {
        switch subscriber {
        case .person(let id):
            guard let person = inventory.person(id) else { return [] }
            return [NoticeRecipient(address: person.email, name: person.name, personID: id, timeZone: person.timeZone, reasons: [why])]
        case .team(let id):
            guard let team = inventory.team(id) else { return [] }
            if let email = team.email, !email.isEmpty { return [NoticeRecipient(address: email, name: team.name, teamID: id, reasons: [why])] }
            return team.memberIDs.compactMap { inventory.person($0) }.map {
                NoticeRecipient(address: $0.email, name: $0.name, personID: $0.id, timeZone: $0.timeZone, reasons: ["\(why) (as a member of team \(team.name))"])
            }
        }
    }

    /// The XMPP addresses of the person, or of the team's members who have one.
    static func jids(_ subscriber: LevelSubscriber, inventory: Inventory) -> [String] {
        switch subscriber {
        case .person(let id): inventory.person(id)?.jid.map { [$0] } ?? []
        case .team(let id): (inventory.team(id)?.memberIDs ?? []).compactMap { inventory.person($0)?.jid }
        }
    }
}

/// Every subject's level over the windows subscriptions watch, from the stored minutes: services' windows from their
/// assessments, aggregates' by PortalCore's rules applied to the services' levels over the same window (members from
/// the pass's `ServiceLevelMembership`: no walk of the inventory).
struct SubjectLevels {
    private var states: [ServiceLevelSubject: ServiceLevelState] = [:]
    private var percents: [ServiceLevelWindow: [ServiceLevelSubject: Double]] = [:]

    init(_ computed: ServiceLevels.Computed, windows: Set<ServiceLevelWindow>) {
        for state in computed.states { self.states[state.subject] = state }
        for window in windows {
            guard let index = ServiceLevelWindow.allCases.firstIndex(of: window) else { continue }
            let services = computed.services.compactMapValues { $0.levels[index].percent }
            var byWindow: [ServiceLevelSubject: Double] = [:]
            for (id, percent) in services { byWindow[.service(id)] = percent }
            for group in computed.membership.groups {
                if let percent = ServiceLevelAggregates.percent(of: group, percents: services) { byWindow[group.subject] = percent }
            }
            percents[window] = byWindow
        }
    }

    /// The subject's published state now (name, mood over the short window, reason).
    func state(_ subject: ServiceLevelSubject) -> ServiceLevelState? { states[subject] }

    /// The subject's level over `window`, nil without a signal.
    func percent(_ subject: ServiceLevelSubject, _ window: ServiceLevelWindow) -> Double? { percents[window]?[subject] }
}
