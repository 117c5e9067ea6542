import Foundation
import PortalCore
import PortalStore

/// Queues notices for downtime events. Called inside the write transaction of the action that causes them, so the
/// notice exists exactly when the action committed; the worker delivers it later.
enum Notices {
    /// Queues `event` for a downtime (as it is after the event) to everyone its impact reaches, with links on the
    /// configured public URL (`PublicURL`, never a request's Host). Returns false when the same event was queued before.
    @discardableResult
    static func queue(_ db: Database, _ event: NoticeEvent, downtime: DowntimeRecord, impact: Impact, inventory: Inventory, context: AppContext,
                      actor: String, message: String = "", previous: TimeWindow? = nil, leadMinutes: Int? = nil,
                      attachPDF: Bool = false, now: Date) throws -> Bool {
        var (draft, leads, baseURL) = try plan(db, event, downtime: downtime, context: context, actor: actor, message: message,
                                                previous: previous, leadMinutes: leadMinutes, attachPDF: attachPDF)
        return try enqueue(db, &draft, impact: impact, inventory: inventory, leads: leads, context: context, baseURL: baseURL, now: now)
    }

    /// What `queue` would store, without storing it: the draft with its recipients. The confirmation step shows this.
    static func preview(_ db: Database, _ event: NoticeEvent, downtime: DowntimeRecord, impact: Impact, inventory: Inventory, context: AppContext,
                        actor: String, message: String = "", previous: TimeWindow? = nil, attachPDF: Bool = false) throws -> NoticeDraft {
        var (draft, leads, _) = try plan(db, event, downtime: downtime, context: context, actor: actor, message: message,
                                         previous: previous, leadMinutes: nil, attachPDF: attachPDF)
        let subscribers = try NoticeStore.subscribers(db, to: NoticePlanner.touchedObjects(impact, inventory: inventory))
        draft.recipients = NoticePlanner.recipients(impact: impact, inventory: inventory, leads: leads, subscribers: subscribers)
        return draft
    }

    /// The event's key, sequence and payload, and the people leading the work, shared by `queue` and `preview`.
    private static func plan(_ db: Database, _ event: NoticeEvent, downtime: DowntimeRecord, context: AppContext, actor: String, message: String,
                             previous: TimeWindow?, leadMinutes: Int?, attachPDF: Bool) throws -> (NoticeDraft, [(Int64, String)], String) {
        let baseURL = try PublicURL.current(context, db).base
        let last = try NoticeStore.lastSequence(db, downtimeID: downtime.id)
        let sequence = event.revisesInvite ? (last ?? 0) + 1 : (last ?? 0)
        let key: String = switch event {
        case .reschedule: "downtime:\(downtime.id):reschedule:\(sequence)"
        case .extend: "downtime:\(downtime.id):extend:\(StoreTime.format(downtime.window.end))"
        case .reminder: "downtime:\(downtime.id):reminder:\(leadMinutes ?? 0):\(StoreTime.format(downtime.window.start))"
        default: "downtime:\(downtime.id):\(event.rawValue)"
        }
        let leads = [(downtime.coordinatorID, "downtime coordinator of DT-\(downtime.id)"), (downtime.commsManagerID, "comms manager of DT-\(downtime.id)")]
        let payload = NoticePlanner.payload(event, downtime: downtime, baseURL: baseURL, message: message, previous: previous, leadMinutes: leadMinutes)
        let draft = NoticeDraft(eventKey: key, event: event.rawValue, downtimeID: downtime.id, sequence: sequence, attachPDF: attachPDF,
                                payloadJSON: try NoticePlanner.json(payload), actor: actor, recipients: [])
        return (draft, leads.compactMap { id, why in id.map { ($0, why) } }, baseURL)
    }

    /// Adds the recipients the impact, the leads and the subscriptions give, queues the draft, and wakes the worker.
    private static func enqueue(_ db: Database, _ draft: inout NoticeDraft, impact: Impact, inventory: Inventory, leads: [(Int64, String)],
                                context: AppContext, baseURL: String, now: Date) throws -> Bool {
        let subscribers = try NoticeStore.subscribers(db, to: NoticePlanner.touchedObjects(impact, inventory: inventory))
        draft.recipients = NoticePlanner.recipients(impact: impact, inventory: inventory, leads: leads, subscribers: subscribers)
        let domain = MailSettings.messageDomain(from: context.configuration.mailFrom, baseURL: baseURL)
        let queued = try NoticeStore.enqueue(db, draft, messageDomain: domain, at: now) != nil
        // After the commit: a worker woken earlier would look, find nothing yet, and sleep until its next poll.
        if queued { db.afterCommit { context.outboxSignal.signal() } }
        return queued
    }

    /// Queues an incident update marked "notify" to everyone the incident's frozen impact reaches and its engineer.
    @discardableResult
    static func queue(_ db: Database, _ event: NoticeEvent, incident: IncidentRecord, updateID: Int64, message: String, impact: Impact,
                      inventory: Inventory, context: AppContext, actor: String, now: Date) throws -> Bool {
        let baseURL = try PublicURL.current(context, db).base
        let payload = NoticePayload(subjectKind: "incident", subjectID: incident.id, event: event, title: incident.title,
                                    kindLabel: incident.severity.rawValue.capitalized + " incident", state: incident.status.displayName,
                                    start: incident.startedAt, end: incident.endedAt, timeZone: "UTC", ticket: incident.ticket,
                                    ticketURL: incident.ticketURL, reason: incident.description, message: message,
                                    targets: incident.targets.map { "\($0.kindName) \($0.name)" }, coordinator: incident.engineerName,
                                    baseURL: baseURL, path: "/incidents/\(incident.id)")
        var draft = NoticeDraft(eventKey: "incident:\(incident.id):update:\(updateID)", event: event.rawValue, incidentID: incident.id,
                                payloadJSON: try NoticePlanner.json(payload), actor: actor, recipients: [])
        return try enqueue(db, &draft, impact: impact, inventory: inventory,
                           leads: incident.engineerID.map { [($0, "engineer in charge of INC-\(incident.id)")] } ?? [],
                           context: context, baseURL: baseURL, now: now)
    }

    /// Queues the reminders that are due for scheduled downtimes: for each, the shortest lead time whose moment has
    /// passed, if the downtime was announced before that moment (an announcement inside the lead time is its own reminder).
    @discardableResult
    static func queueReminders(context: AppContext, now: Date) throws -> Int {
        let leads = try context.store.read { try MailSettings.reminderMinutes($0) }
        guard let longest = leads.max() else { return 0 }
        let soon = try context.store.read { db in
            try DowntimeStore.list(db, from: now, to: now.addingTimeInterval(Double(longest) * 60 + 1), states: [.scheduled], limit: 10_000)
        }
        var queued = 0
        var inventory: Inventory?
        for downtime in soon where downtime.window.start > now {
            let due = leads.filter { downtime.window.start.addingTimeInterval(-Double($0) * 60) <= now }
            guard let lead = due.min() else { continue }
            let current = try inventory ?? context.inventory.current(context.store)
            inventory = current
            let made = try context.store.write { db -> Bool in
                guard let announced = try NoticeStore.announcedAt(db, downtimeID: downtime.id),
                      announced < downtime.window.start.addingTimeInterval(-Double(lead) * 60),
                      let snapshot = try DowntimeStore.latestSnapshot(db, downtimeID: downtime.id) else { return false }
                let key = "downtime:\(downtime.id):reminder:\(lead):\(StoreTime.format(downtime.window.start))"
                guard try !NoticeStore.hasEvent(db, key: key) else { return false }
                return try queue(db, .reminder, downtime: downtime, impact: snapshot.impact, inventory: current, context: context, actor: "clock",
                                 leadMinutes: lead, now: now)
            }
            if made { queued += 1 }
        }
        return queued
    }
}
