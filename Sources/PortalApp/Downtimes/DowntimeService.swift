import Foundation
import PortalCore
import PortalStore

/// The downtime rules shared by the pages, the API and the clock: impact, conflicts, transitions.
enum DowntimeService {
    /// The impact this downtime adds, combined with other active downtimes that overlap it in time:
    /// everything it takes down itself, plus what becomes worse because it coincides with the others
    /// (two half-downs of a redundant pair make a down).
    static func impact(inventory: Inventory, targets: [ObjectRef], overlapping others: [ExistingDowntime]) throws -> Impact {
        let resolver = ImpactResolver(inventory: inventory)
        let otherTargets = Array(Set(others.filter(\.isActive).flatMap(\.targets)).subtracting(targets))
        guard !otherTargets.isEmpty else { return try resolver.resolve(targets: targets) }
        let combined = try resolver.resolve(targets: targets + otherTargets)
        let baseline = try resolver.resolve(targets: otherTargets)
        let own = try resolver.resolve(targets: targets)
        let kept = combined.affected.filter { object in
            own.state(of: object.object) != nil || baseline.state(of: object.object) != object.state
        }
        let keptObjects = Set(kept.map(\.object))
        let contacts = combined.contacts.compactMap { contact -> NotifiedContact? in
            let reasons = contact.reasons.filter { keptObjects.contains($0.object) }
            guard let best = reasons.map(\.priority).min() else { return nil }
            return NotifiedContact(contact: contact.contact, name: contact.name, bestPriority: best, reasons: reasons)
        }
        return Impact(targets: targets, affected: kept, contacts: contacts)
    }

    /// The live impact of a stored downtime (targets plus overlapping active downtimes).
    static func liveImpact(_ context: AppContext, downtime: DowntimeRecord) throws -> Impact {
        let inventory = try context.inventory.current(context.store)
        let others = try context.store.read { db in
            try DowntimeStore.active(db, overlapping: DateInterval(start: downtime.window.start, end: downtime.window.end), excluding: downtime.id)
        }
        return try impact(inventory: inventory, targets: downtime.targets.map(\.object), overlapping: others)
    }

    /// Conflicts of a draft against other downtimes and blackouts.
    /// `scope` makes the inventory from what the conflicts touch instead of the whole cached one (the snapshot report).
    static func conflicts(_ context: AppContext, draft: DowntimeDraft, id: Int64?,
                          scope: ((_ others: [ExistingDowntime], _ blackouts: [BlackoutWindow]) throws -> Inventory)? = nil) throws -> [Conflict] {
        let interval = DateInterval(start: draft.window.start, end: draft.window.end)
        let (others, blackouts) = try context.store.read { try DowntimeStore.overlapping($0, interval, excluding: id) }
        let inventory = try scope?(others, blackouts) ?? context.inventory.current(context.store)
        let candidate = DowntimeCandidate(id: id, targets: draft.targets, window: interval, coordinatorID: draft.coordinatorID)
        return ConflictDetector(inventory: inventory).conflicts(for: candidate, existing: others, blackouts: blackouts)
    }

    /// Conflicts of a stored downtime; none once it is completed or cancelled.
    static func conflicts(_ context: AppContext, downtime: DowntimeRecord,
                          scope: ((_ others: [ExistingDowntime], _ blackouts: [BlackoutWindow]) throws -> Inventory)? = nil) throws -> [Conflict] {
        guard !downtime.state.isFinal else { return [] }
        let draft = DowntimeDraft(title: downtime.title, kind: downtime.kind, window: downtime.window, coordinatorID: downtime.coordinatorID,
                                  overrideReason: downtime.overrideReason, targets: downtime.targets.map(\.object))
        return try conflicts(context, draft: draft, id: downtime.id, scope: scope)
    }

    /// The downtimes of a list that have any conflict, checked in memory against the active downtimes and freezes
    /// overlapping the whole list (two reads, however long the list).
    static func conflictedIDs(_ context: AppContext, downtimes: [DowntimeRecord]) throws -> Set<Int64> {
        let open = downtimes.filter { !$0.state.isFinal }
        guard let start = open.map(\.window.start).min(), let end = open.map(\.window.end).max(), start < end else { return [] }
        let inventory = try context.inventory.current(context.store)
        let span = DateInterval(start: start, end: end)
        let (others, blackouts) = try context.store.read { try DowntimeStore.overlapping($0, span) }
        let detector = ConflictDetector(inventory: inventory)
        return Set(open.filter { downtime in
            let candidate = DowntimeCandidate(id: downtime.id, targets: downtime.targets.map(\.object),
                                              window: DateInterval(start: downtime.window.start, end: downtime.window.end), coordinatorID: downtime.coordinatorID)
            return !detector.conflicts(for: candidate, existing: others, blackouts: blackouts).isEmpty
        }.map(\.id))
    }

    /// A blackout blocks declaration unless an override reason is given.
    static func blockingConflicts(_ conflicts: [Conflict], overrideReason: String) -> [Conflict] {
        overrideReason.isEmpty ? conflicts.filter { $0.kind == .blackout } : []
    }

    /// Only an admin may override a change freeze; anyone else's override reason is refused with a message.
    static func overrideProblem(role: UserRole?, overrideReason: String, conflicts: [Conflict]) -> String? {
        guard !overrideReason.isEmpty, conflicts.contains(where: { $0.kind == .blackout }), role != .admin else { return nil }
        return "Only an admin can override a change freeze. Ask an admin, or choose a window outside the freeze."
    }

    /// Applies a lifecycle event: checks the transition table, moves the state, freezes the impact on announce,
    /// and writes the history line and the audit row, all in one transaction.
    /// Announced downtimes also queue their notice (announce, extend, cancel, start, complete) in the same transaction.
    static func apply(_ event: DowntimeEvent, to id: Int64, context: AppContext, actor: AuditActor,
                      newEnd: Date? = nil, note: String = "", attachPDF: Bool = false, notify: Bool = true, now: Date = Date()) throws -> DowntimeRecord {
        guard let before = try context.store.read({ try DowntimeStore.fetch($0, id: id) }) else { throw DowntimeError.notFound(id) }
        let target = try DowntimeLifecycle.apply(event, to: before.state)
        var extendedEnd: Date? = nil
        if event == .extend {
            guard let newEnd else { throw DowntimeError.invalid(["ends_at": "Give the new end of the window."]) }
            extendedEnd = try DowntimeLifecycle.extend(before.window, to: newEnd, state: before.state, maximumDuration: TimeWindow.defaultMaximumDuration).end
        }
        // The impact is computed outside the write lock: it reads the in-memory inventory only.
        let snapshot = event == .announce ? try liveImpact(context, downtime: before) : nil
        let inventory = try context.inventory.current(context.store)
        return try context.store.write { db in
            guard let current = try DowntimeStore.fetch(db, id: id), current.state == before.state else { throw DowntimeError.changedMeanwhile }
            try DowntimeStore.transition(db, id: id, from: current.state, to: target, event: event.rawValue, newEnd: extendedEnd,
                                         actor: actor.name, note: note, at: now)
            if let snapshot {
                let snapshotID = try DowntimeStore.saveSnapshot(db, downtimeID: id, impact: snapshot, at: now)
                // The report goes to the change ticket once per announcement, not once per occurrence of a series.
                if notify { try TicketDeliveries.queue(db, snapshotID: snapshotID, downtime: current, context: context, now: now) }
            }
            // A cancellation's reason is part of the record, not only of the notice.
            var after = ["state": target.rawValue]
            if event == .cancel && !note.isEmpty { after["reason"] = note }
            try AuditLog.record(db, actor: actor.name, action: event.rawValue, objectKind: "downtime", objectID: id, objectName: current.title,
                                before: "{\"state\":\"\(current.state.rawValue)\"}", after: auditJSON(after),
                                requestID: actor.requestID, at: now)
            guard let after = try DowntimeStore.fetch(db, id: id) else { throw DowntimeError.notFound(id) }
            // Nobody hears about a draft: only a downtime with a frozen impact (announced) sends notices.
            // A series tells people once for all its occurrences (SeriesService), so it moves the others with notify: false.
            if notify, let notice = NoticeEvent(rawValue: event.rawValue), let impact = try snapshot ?? DowntimeStore.latestSnapshot(db, downtimeID: id)?.impact {
                try Notices.queue(db, notice, downtime: after, impact: impact, inventory: inventory, context: context, actor: actor.name,
                                  message: note,
                                  previous: event == .extend ? current.window : nil, attachPDF: attachPDF, now: now)
            }
            return after
        }
    }

    /// A flat JSON object for an audit row's before/after, keys sorted, values escaped.
    static func auditJSON(_ fields: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(fields), as: UTF8.self)) ?? "{}"
    }

    /// Moves a scheduled downtime to a new window (same zone): checks it like a new declaration (blackouts need an
    /// admin's override), keeps the frozen impact, and queues a reschedule notice with a new invite SEQUENCE.
    static func reschedule(_ id: Int64, to window: TimeWindow, context: AppContext, actor: AuditActor,
                           overrideReason: String = "", message: String = "", attachPDF: Bool = false, now: Date = Date()) throws -> DowntimeRecord {
        guard let before = try context.store.read({ try DowntimeStore.fetch($0, id: id) }) else { throw DowntimeError.notFound(id) }
        guard before.state == .scheduled else {
            throw DowntimeError.invalid(["starts_at": "Only a scheduled downtime can be rescheduled; one in progress is extended or completed instead."])
        }
        guard window.start > now else { throw DowntimeError.invalid(["starts_at": "The new start is in the past; choose a time from now on."]) }
        let draft = DowntimeDraft(title: before.title, kind: before.kind, window: window, coordinatorID: before.coordinatorID,
                                  overrideReason: overrideReason.isEmpty ? before.overrideReason : overrideReason, targets: before.targets.map(\.object))
        let conflicts = try self.conflicts(context, draft: draft, id: id)
        if !blockingConflicts(conflicts, overrideReason: draft.overrideReason).isEmpty || (!overrideReason.isEmpty && actor.role != .admin && conflicts.contains { $0.kind == .blackout }) {
            let freeze = conflicts.filter { $0.kind == .blackout }.map(\.message).joined(separator: " ")
            throw DowntimeError.invalid(["starts_at": "The new window falls in a change freeze (\(freeze)). Only an admin can override it."])
        }
        let inventory = try context.inventory.current(context.store)
        return try context.store.write { db in
            guard let current = try DowntimeStore.fetch(db, id: id), current.state == .scheduled, current.window == before.window else {
                throw DowntimeError.changedMeanwhile
            }
            try DowntimeStore.reschedule(db, id: id, to: window, overrideReason: draft.overrideReason, now: now)
            let note = "rescheduled from \(current.window.formatted) to \(window.formatted)"
            try DowntimeStore.addEvent(db, downtimeID: id, actor: actor.name, event: "edit", from: .scheduled, to: .scheduled, note: note, at: now)
            try AuditLog.record(db, actor: actor.name, action: "reschedule", objectKind: "downtime", objectID: id, objectName: current.title,
                                before: "{\"starts_at\":\"\(StoreTime.format(current.window.start))\",\"ends_at\":\"\(StoreTime.format(current.window.end))\"}",
                                after: "{\"starts_at\":\"\(StoreTime.format(window.start))\",\"ends_at\":\"\(StoreTime.format(window.end))\"}",
                                requestID: actor.requestID, at: now)
            guard let after = try DowntimeStore.fetch(db, id: id) else { throw DowntimeError.notFound(id) }
            if let impact = try DowntimeStore.latestSnapshot(db, downtimeID: id)?.impact {
                try Notices.queue(db, .reschedule, downtime: after, impact: impact, inventory: inventory, context: context, actor: actor.name,
                                  message: message, previous: current.window, attachPDF: attachPDF, now: now)
            }
            return after
        }
    }

    /// Freezes the current impact again after the inventory changed, keeping the downtime's state.
    static func reannounce(_ id: Int64, context: AppContext, actor: AuditActor, now: Date = Date()) throws {
        guard let downtime = try context.store.read({ try DowntimeStore.fetch($0, id: id) }) else { throw DowntimeError.notFound(id) }
        guard downtime.state == .scheduled || downtime.state == .inProgress else {
            throw DowntimeError.invalid(["": "Only an announced downtime (scheduled or in progress) can be re-announced."])
        }
        let impact = try liveImpact(context, downtime: downtime)
        try context.store.write { db in
            let snapshotID = try DowntimeStore.saveSnapshot(db, downtimeID: id, impact: impact, at: now)
            try TicketDeliveries.queue(db, snapshotID: snapshotID, downtime: downtime, context: context, now: now)
            try DowntimeStore.addEvent(db, downtimeID: id, actor: actor.name, event: "reannounce", from: downtime.state, to: downtime.state,
                                       note: "impact frozen again", at: now)
            try AuditLog.record(db, actor: actor.name, action: "reannounce", objectKind: "downtime", objectID: id, objectName: downtime.title,
                                requestID: actor.requestID, at: now)
        }
    }

    /// Queues due reminders, then starts and completes downtimes whose time has come; returns how many things it did.
    @discardableResult
    static func tick(context: AppContext, now: Date = Date()) throws -> Int {
        let due = try context.store.read { db in
            try DowntimeStore.list(db, from: nil, to: now.addingTimeInterval(1), states: [.scheduled, .inProgress], limit: 10_000)
        }
        var moves = try SeriesService.extendHorizons(context: context, now: now)
        moves += try Notices.queueReminders(context: context, now: now)
        for downtime in due {
            let plan = DowntimeLifecycle.catchUp(state: downtime.state, window: downtime.window, now: now)
            // A recorded past outage whose announcement told nobody stays quiet when the clock starts and completes it.
            var quiet = false
            if downtime.kind == .unplanned && !plan.events.isEmpty {
                quiet = try context.store.read { try NoticeStore.announcedAt($0, downtimeID: downtime.id) } == nil
            }
            for event in plan.events {
                _ = try apply(event, to: downtime.id, context: context, actor: .clock, notify: !quiet, now: now)
                moves += 1
            }
        }
        return moves
    }
}

/// Downtime user errors.
enum DowntimeError: Error {
    case notFound(Int64)
    case invalid([String: String])
    case changedMeanwhile
}

/// Moves downtimes by the clock in the background.
/// On SQLite the owner of the background workers runs it; on PostgreSQL every instance does, each tick under an
/// advisory lock (`PostgresTickLock`), so one instance per tick starts, completes and reminds.
final class DowntimeClock: @unchecked Sendable {
    private let context: AppContext
    private let interval: TimeInterval
    private var timer: DispatchSourceTimer?
    /// PostgreSQL: the per-tick lock; nil on SQLite.
    let tickLock: PostgresTickLock?

    init(context: AppContext, interval: TimeInterval) {
        self.context = context
        self.interval = interval
        if case .postgres(let url) = context.store.location {
            tickLock = PostgresTickLock(url: url, key: PostgresLocks.key(PostgresLocks.clock, url: url))
        } else {
            tickLock = nil
        }
    }

    func start() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "forewarn.clock"))
        timer.schedule(deadline: .now() + 1, repeating: interval)
        timer.setEventHandler { [context, tickLock] in
            do {
                let tick = { try DowntimeService.tick(context: context) }
                let moves = try tickLock.map { try $0.run(tick) ?? 0 } ?? tick()
                if moves > 0 { context.logger.info("clock moved \(moves) downtime(s)") }
            } catch {
                context.logger.error("clock failed: \(error)")
            }
        }
        timer.resume()
        self.timer = timer
    }

    func stop() {
        timer?.cancel()
        timer = nil
        tickLock?.close()
    }
}
