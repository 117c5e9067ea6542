import Foundation
import PortalCore
import PortalStore

/// The incident rules shared by the pages and the API: opening with a frozen impact, status moves, the postmortem.
/// Every user action is one transaction with its audit row.
enum IncidentService {
    /// The impact of an incident's targets; processes and data sets are recorded as hit but not followed by the engine.
    static func impact(_ context: AppContext, targets: [ObjectRef]) throws -> Impact {
        let inventory = try context.inventory.current(context.store)
        let followed = targets.filter { $0.kind != .process && $0.kind != .dataset }
        return try DowntimeService.impact(inventory: inventory, targets: followed, overlapping: [])
    }

    /// An unplanned-outage downtime in progress at `at` that shares a target with the incident, to link them.
    static func linkableDowntime(_ db: Database, targets: [ObjectRef], at: Date) throws -> DowntimeRecord? {
        let wanted = Set(targets)
        return try DowntimeStore.list(db, from: at, to: at.addingTimeInterval(1), states: [.inProgress], kind: .unplanned, limit: 1000)
            .first { downtime in downtime.targets.contains { wanted.contains($0.object) } }
    }

    /// Unplanned downtimes in progress now, offered on the open form.
    static func unplannedInProgress(_ context: AppContext, now: Date = Date()) throws -> [DowntimeRecord] {
        try context.store.read { db in
            try DowntimeStore.list(db, from: now, to: now.addingTimeInterval(1), states: [.inProgress], kind: .unplanned, limit: 100)
        }
    }

    /// Opens an incident: the row, its targets, the first timeline line, the frozen impact and its affected services, the
    /// downtime link (given, or found when `autoLink`) and the audit row, in one transaction. Returns the new id.
    static func open(_ context: AppContext, draft: IncidentDraft, autoLink: Bool, notify: Bool, actor: AuditActor,
                     now: Date = Date()) throws -> Int64 {
        // Computed outside the write lock: it reads the in-memory inventory only.
        let impact = try impact(context, targets: draft.targets)
        let inventory = try context.inventory.current(context.store)
        return try context.store.write { db in
            var draft = draft
            if autoLink && draft.downtimeID == nil { draft.downtimeID = try linkableDowntime(db, targets: draft.targets, at: now)?.id }
            let id = try IncidentStore.insert(db, draft, actor: actor.name, now: now)
            let message = draft.description.isEmpty ? "Incident opened." : draft.description
            let updateID = try IncidentStore.addUpdate(db, incidentID: id, kind: "open", status: .investigating, message: message,
                                                       notify: notify, actor: actor.name, at: now)
            try IncidentStore.saveSnapshot(db, incidentID: id, impact: impact, at: now)
            try AuditLog.record(db, actor: actor.name, action: "open", objectKind: "incident", objectID: id, objectName: draft.title,
                                after: "{\"status\":\"investigating\",\"severity\":\"\(draft.severity.rawValue)\"}", requestID: actor.requestID, at: now)
            try updateWritten(db, incidentID: id, updateID: updateID, notify: notify, impact: impact, inventory: inventory, context: context,
                              actor: actor, now: now)
            return id
        }
    }

    /// Applies an update, a resolution or a reopening: checks the transition table, writes the timeline line, the new
    /// status (and end, when resolving) and the audit row, all in one transaction. `message` is the update text, the
    /// resolution, or the reason for reopening.
    static func move(_ event: IncidentEvent, incidentID: Int64, message: String, notify: Bool, endedAt: Date? = nil,
                     context: AppContext, actor: AuditActor, now: Date = Date()) throws -> IncidentRecord {
        let inventory = try context.inventory.current(context.store)
        guard let before = try context.store.read({ try IncidentStore.fetch($0, id: incidentID) }) else { throw IncidentError.notFound(incidentID) }
        let target = try IncidentLifecycle.apply(event, to: before.status)
        var end: Date?
        if event == .resolve {
            let chosen = endedAt ?? now
            guard chosen >= before.startedAt else {
                throw IncidentError.invalid(["ended_at": "The end must not be before the start (\(StoreTime.format(before.startedAt)))."])
            }
            end = chosen
        }
        let kind = event == .resolve ? "resolve" : (event == .reopen ? "reopen" : "update")
        return try context.store.write { db in
            guard let current = try IncidentStore.fetch(db, id: incidentID), current.status == before.status else { throw IncidentError.changedMeanwhile }
            try IncidentStore.setStatus(db, id: incidentID, status: target, endedAt: end, resolution: event == .resolve ? message : nil, at: now)
            let updateID = try IncidentStore.addUpdate(db, incidentID: incidentID, kind: kind, status: target, message: message,
                                                       notify: notify, actor: actor.name, at: now)
            try AuditLog.record(db, actor: actor.name, action: kind, objectKind: "incident", objectID: incidentID, objectName: current.title,
                                before: "{\"status\":\"\(current.status.rawValue)\"}", after: "{\"status\":\"\(target.rawValue)\"}",
                                requestID: actor.requestID, at: now)
            try updateWritten(db, incidentID: incidentID, updateID: updateID, notify: notify, impact: nil, inventory: inventory, context: context,
                              actor: actor, now: now)
            guard let after = try IncidentStore.fetch(db, id: incidentID) else { throw IncidentError.notFound(incidentID) }
            return after
        }
    }

    /// Called in the same transaction right after every incident_updates row is written (open, update, resolve,
    /// reopen): when `notify` is set, the update is queued in the outbox for the people the incident's frozen impact
    /// reaches, grouped as for downtimes, so it goes out exactly when the update commits.
    static func updateWritten(_ db: Database, incidentID: Int64, updateID: Int64, notify: Bool, impact: Impact?, inventory: Inventory,
                              context: AppContext, actor: AuditActor, now: Date) throws {
        guard notify, let incident = try IncidentStore.fetch(db, id: incidentID),
              let update = try IncidentStore.updates(db, incidentID: incidentID).first(where: { $0.id == updateID }),
              let impact = try impact ?? IncidentStore.latestSnapshot(db, incidentID: incidentID)?.impact else { return }
        let event: NoticeEvent = switch update.kind {
        case "open": .incidentOpen
        case "resolve": .incidentResolve
        case "reopen": .incidentReopen
        default: .incidentUpdate
        }
        try Notices.queue(db, event, incident: incident, updateID: updateID, message: update.message, impact: impact, inventory: inventory,
                          context: context, actor: actor.name, now: now)
    }

    /// Saves the postmortem's root cause (a resolved incident only).
    static func saveRootCause(_ context: AppContext, incidentID: Int64, rootCause: String, actor: AuditActor) throws {
        try context.store.write { db in
            guard let incident = try IncidentStore.fetch(db, id: incidentID) else { throw IncidentError.notFound(incidentID) }
            guard incident.status == .resolved else { throw IncidentError.invalid(["root_cause": "Write the postmortem once the incident is resolved."]) }
            try IncidentStore.setRootCause(db, id: incidentID, rootCause: rootCause)
            try AuditLog.record(db, actor: actor.name, action: "postmortem", objectKind: "incident", objectID: incidentID, objectName: incident.title,
                                requestID: actor.requestID)
        }
    }

    /// Adds a postmortem follow-up action with an owner and a due day.
    static func addFollowup(_ context: AppContext, incidentID: Int64, action: String, ownerID: Int64?, dueOn: String, actor: AuditActor) throws {
        try context.store.write { db in
            guard let incident = try IncidentStore.fetch(db, id: incidentID) else { throw IncidentError.notFound(incidentID) }
            let id = try IncidentStore.addFollowup(db, incidentID: incidentID, action: action, ownerID: ownerID, dueOn: dueOn)
            try AuditLog.record(db, actor: actor.name, action: "followup", objectKind: "incident", objectID: incidentID, objectName: incident.title,
                                after: "{\"followup\":\(id)}", requestID: actor.requestID)
        }
    }
}

/// Incident user errors.
enum IncidentError: Error {
    case notFound(Int64)
    case invalid([String: String])
    case changedMeanwhile
}
