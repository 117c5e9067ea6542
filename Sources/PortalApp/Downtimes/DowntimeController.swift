import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// Declaring downtimes (form with impact preview and conflicts), the list, the detail page and lifecycle moves.
enum DowntimeController {
    struct FormModel {
        struct TargetRow {
            let kinds: [ListPage.Option]
            let name: String
        }

        let site: SiteChrome
        let title: String
        let action: String
        let input: FormValues
        let kinds: [ListPage.Option]
        let targetRows: [TargetRow]
        let zones: [String]
        let errors: [String: String]
        let errorSummary: [String]
        let hasErrors: Bool
        let askStartAmbiguity: Bool
        let askEndAmbiguity: Bool
        let preview: ImpactView?
        let conflicts: [String]
        let conflictLines: [ConflictLine]
        let hasConflicts: Bool
        let blocked: Bool
        let windowText: String
        let confirmLabel: String
        /// The button that saves after a preview: a new declaration is saved as a draft, an edit saves its changes.
        let saveLabel: String
        /// The "Change pack" fieldset.
        let changePack: ChangePackForm
        /// Unplanned is how a past outage is recorded; the form says so next to the kind.
        let kindHelp = "Planned and emergency work starts from now on. To record an outage that has already happened, choose Unplanned (record a past outage): it tells nobody unless you ask when you announce it."
    }

    /// The typed values, re-filled into the form.
    struct FormValues {
        let title, startsAt, endsAt, timeZone, changeTicket, changeURL, reason, coordinator, commsManager, note, overrideReason: String
        let startEarlier, startLater, endEarlier, endLater: Bool

        init(_ input: DowntimeInput) {
            title = input.title; startsAt = input.startsAt; endsAt = input.endsAt; timeZone = input.timeZone
            changeTicket = input.changeTicket; changeURL = input.changeURL; reason = input.reason
            coordinator = input.coordinator; commsManager = input.commsManager; note = input.note; overrideReason = input.overrideReason
            startEarlier = input.startAmbiguity == "earlier"; startLater = input.startAmbiguity == "later"
            endEarlier = input.endAmbiguity == "earlier"; endLater = input.endAmbiguity == "later"
        }
    }

    static let commonZones = ["UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "Europe/Lisbon", "America/New_York", "America/Chicago",
                              "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Tokyo", "Asia/Singapore", "Asia/Kolkata",
                              "Australia/Sydney", "Australia/Lord_Howe"]

    static func formModel(_ request: Request, input: DowntimeInput, errors: [String: String], action: String, title: String,
                          preview: ImpactView? = nil, conflicts: [Conflict] = [], windowText: String = "") -> FormModel {
        var rows = input.targets.map { FormModel.TargetRow(kinds: kindOptions($0.kind), name: $0.name) }
        while rows.count < max(DowntimeInput.formTargetRows, input.targets.count + 2) { rows.append(.init(kinds: kindOptions("server"), name: "")) }
        let labels = ["title": "Title", "kind": "Kind", "targets": "Targets", "starts_at": "Start", "ends_at": "End", "time_zone": "Time zone",
                      "change_ticket": "Change ticket", "change_url": "Change URL", "reason": "Reason", "coordinator": "Coordinator",
                      "comms_manager": "Comms manager", "note": "Note", "override_reason": "Override reason"]
            .merging(ChangePackInput.labels) { first, _ in first }
        let blocked = !DowntimeService.blockingConflicts(conflicts, overrideReason: input.overrideReason).isEmpty
        let isAmbiguous: (String) -> Bool = { (errors[$0] ?? "").contains("happens twice") || (errors[$0] ?? "").lowercased().contains("ambiguous") }
        return FormModel(
            site: SiteChrome(request), title: title, action: action, input: FormValues(input),
            kinds: DowntimeKind.allCases.map { ListPage.Option(value: $0.rawValue, label: $0 == .unplanned ? "Unplanned (record a past outage)" : $0.displayName, selected: $0.rawValue == input.kind) },
            targetRows: rows, zones: commonZones, errors: errors,
            errorSummary: errors.sorted { $0.key < $1.key }.map { ($0.key.isEmpty ? "" : (labels[$0.key] ?? $0.key) + ": ") + $0.value },
            hasErrors: !errors.isEmpty, askStartAmbiguity: isAmbiguous("starts_at") || !input.startAmbiguity.isEmpty,
            askEndAmbiguity: isAmbiguous("ends_at") || !input.endAmbiguity.isEmpty,
            preview: preview, conflicts: conflicts.map(\.message), conflictLines: ConflictLine.lines(conflicts), hasConflicts: !conflicts.isEmpty, blocked: blocked,
            windowText: windowText, confirmLabel: preview == nil ? "Preview impact" : "Save as draft",
            saveLabel: action == "/downtimes" ? "Save as draft" : "Save changes", changePack: ChangePackForm(input.changePack))
    }

    static func kindOptions(_ selected: String) -> [ListPage.Option] {
        DowntimeInput.targetKinds.map { ListPage.Option(value: $0, label: $0, selected: $0 == selected) }
    }

    /// The signed-in user's own time zone: the one saved on their account, else that of their person record (linked,
    /// or with the same e-mail), else UTC.
    static func userTimeZone(_ request: Request, _ context: AppContext) throws -> String {
        guard let login = request.identity?.login else { return "UTC" }
        guard let zone = try context.store.read({ try AccountStore.preferredTimeZone($0, login: login) }), FieldRules.timeZone(zone) == nil else { return "UTC" }
        return zone
    }

    @Sendable static func new(_ request: Request, _ context: AppContext) throws -> Response {
        var input = DowntimeInput()
        input.timeZone = try userTimeZone(request, context)
        // "Declare a downtime here" on an object's page: one or more `target_kind`/`target_name` pairs.
        let kinds = request.query.filter { $0.name == "target_kind" }.map(\.value), names = request.query.filter { $0.name == "target_name" }.map(\.value)
        input.targets = zip(kinds, names).prefix(DowntimeInput.formTargetRows).map { .init(kind: $0, name: String($1.prefix(200))) }
        let model = formModel(request, input: input, errors: [:], action: "/downtimes", title: "Declare a downtime")
        return try context.views.page("downtimes/form", model)
    }

    /// First submit previews impact and conflicts; `confirm=yes` (from the preview) saves the draft.
    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        let input = DowntimeInput(form: form)
        let title = "Declare a downtime"
        let resolved = try context.store.read { try input.resolve($0) }
        let draft: DowntimeDraft
        switch resolved {
        case .failure(let errors):
            return try context.views.page("downtimes/form", formModel(request, input: input, errors: errors.fields, action: "/downtimes", title: title), status: 422)
        case .success(let value):
            draft = value
        }
        if let response = try checkOrPreview(request, context, form: form, input: input, draft: draft, id: nil, action: "/downtimes", title: title) {
            return response
        }
        let id = try context.store.write { db -> Int64 in
            let id = try DowntimeStore.insert(db, draft, actor: InventoryController.actor(request))
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "create", objectKind: "downtime", objectID: id,
                                objectName: draft.title, after: "{\"state\":\"draft\"}", requestID: request.requestID)
            return id
        }
        return Flash.redirect(to: "/downtimes/\(id)", message: "Downtime DT-\(id) was saved as a draft. Announce it to freeze its impact.")
    }

    @Sendable static func edit(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try load(request, context)
        guard downtime.state == .draft else { throw HTTPError(409, "Only a draft can be edited; an announced downtime is extended or cancelled instead.") }
        var input = DowntimeInput(record: downtime)
        input.changePack = try context.store.read {
            ChangePackInput(try ChangePackStore.fetch($0, downtimeID: downtime.id), approvers: try ChangePackStore.approvers($0, downtimeID: downtime.id))
        }
        let model = formModel(request, input: input, errors: [:], action: "/downtimes/\(downtime.id)", title: "Edit DT-\(downtime.id)")
        return try context.views.page("downtimes/form", model)
    }

    @Sendable static func update(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try load(request, context)
        guard downtime.state == .draft else { throw HTTPError(409, "Only a draft can be edited; an announced downtime is extended or cancelled instead.") }
        let form = try request.form()
        let input = DowntimeInput(form: form)
        let action = "/downtimes/\(downtime.id)", title = "Edit DT-\(downtime.id)"
        switch try context.store.read({ try input.resolve($0) }) {
        case .failure(let errors):
            return try context.views.page("downtimes/form", formModel(request, input: input, errors: errors.fields, action: action, title: title), status: 422)
        case .success(let draft):
            // "Preview impact" previews and never saves; only "Save changes" from the preview does.
            if let response = try checkOrPreview(request, context, form: form, input: input, draft: draft, id: downtime.id, action: action, title: title) {
                return response
            }
            let actor = InventoryController.actor(request)
            try context.store.write { db in
                let packBefore = try ChangePackAudit.fields(db, downtimeID: downtime.id)
                try DowntimeStore.update(db, id: downtime.id, draft)
                try DowntimeStore.addEvent(db, downtimeID: downtime.id, actor: actor, event: "edit", from: .draft, to: .draft)
                let after = try DowntimeStore.fetch(db, id: downtime.id) ?? downtime
                var (old, new) = changedFields(before: downtime, after: after)
                ChangePackAudit.merge(packBefore, try ChangePackAudit.fields(db, downtimeID: downtime.id), into: &old, &new)
                try AuditLog.record(db, actor: actor, action: "update", objectKind: "downtime", objectID: downtime.id, objectName: draft.title,
                                    before: DowntimeService.auditJSON(old), after: DowntimeService.auditJSON(new), requestID: request.requestID)
            }
            return Flash.redirect(to: "/downtimes/\(downtime.id)", message: "DT-\(downtime.id) was saved.")
        }
    }

    /// The form's second look before saving, shared by declaring and editing: a window in the past for its kind is
    /// refused; without `confirm=yes`, or while a change freeze blocks it, the impact and conflicts are shown and nothing
    /// is saved. Returns nil when the draft may be saved.
    static func checkOrPreview(_ request: Request, _ context: AppContext, form: FormData, input: DowntimeInput, draft: DowntimeDraft,
                               id: Int64?, action: String, title: String, now: Date = Date()) throws -> Response? {
        if let problem = DeclarationTiming.problem(kind: draft.kind, start: draft.window.start, end: draft.window.end, now: now) {
            return try context.views.page("downtimes/form", formModel(request, input: input, errors: [problem.field: problem.message], action: action, title: title), status: 422)
        }
        // The conflict check reads the overlapping downtimes; the preview's impact uses those same rows (one read).
        let inventory = try context.inventory.current(context.store)
        var others: [ExistingDowntime] = []
        let conflicts = try DowntimeService.conflicts(context, draft: draft, id: id) { overlapping, _ in others = overlapping; return inventory }
        var blocking = DowntimeService.blockingConflicts(conflicts, overrideReason: draft.overrideReason)
        let overrideProblem = DowntimeService.overrideProblem(role: request.identity?.role, overrideReason: draft.overrideReason, conflicts: conflicts)
        if overrideProblem != nil { blocking = conflicts.filter { $0.kind == .blackout } }
        guard form["confirm"] != "yes" || !blocking.isEmpty else { return nil }
        let impact = try DowntimeService.impact(inventory: inventory, targets: draft.targets, overlapping: others)
        var errors: [String: String] = [:]
        if form["confirm"] == "yes" && !blocking.isEmpty {
            errors["override_reason"] = overrideProblem ?? "This window falls in a change freeze. Give a reason to override it, or choose another window."
        }
        let model = formModel(request, input: input, errors: errors, action: action, title: title,
                              preview: ImpactView(impact, inventory: inventory, serverLimit: 50, rowLimit: 50), conflicts: conflicts, windowText: draft.window.formatted)
        return try context.views.page("downtimes/form", model, status: errors.isEmpty ? 200 : 422)
    }

    /// The fields an edit changed, before and after, for the one audit row it writes.
    static func changedFields(before: DowntimeRecord, after: DowntimeRecord) -> ([String: String], [String: String]) {
        func fields(_ d: DowntimeRecord) -> [String: String] {
            ["title": d.title, "kind": d.kind.rawValue, "starts_at": StoreTime.format(d.window.start), "ends_at": StoreTime.format(d.window.end),
             "time_zone": d.window.timeZone, "targets": d.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", "),
             "change_ticket": d.changeTicket, "change_url": d.changeURL, "reason": d.reason, "note": d.note,
             "coordinator": d.coordinatorEmail, "comms_manager": d.commsManagerEmail, "override_reason": d.overrideReason]
        }
        let old = fields(before), new = fields(after)
        let changed = Set(old.keys.filter { old[$0] != new[$0] })
        return (old.filter { changed.contains($0.key) }, new.filter { changed.contains($0.key) })
    }

    static func load(_ request: Request, _ context: AppContext) throws -> DowntimeRecord {
        guard let id = Int64(try request.parameter("id")), let downtime = try context.store.read({ try DowntimeStore.fetch($0, id: id) }) else {
            throw HTTPError.notFound("There is no such downtime.")
        }
        return downtime
    }

    /// `POST /downtimes/:id/<event>`: announce, start, complete, cancel, extend, reschedule (each only with `confirm=1`
    /// from its confirmation page; without it the page is shown and nothing changes), and reannounce.
    @Sendable static func transition(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try load(request, context)
        let name = request.path.split(separator: "/").last.map(String.init) ?? ""
        let form = try request.form()
        if name == "reannounce" {
            do {
                try DowntimeService.reannounce(downtime.id, context: context, actor: AuditActor(request))
                return Flash.redirect(to: "/downtimes/\(downtime.id)", message: "The impact of DT-\(downtime.id) was frozen again.")
            } catch DowntimeError.invalid(let errors) {
                return Flash.redirect(to: "/downtimes/\(downtime.id)", kind: "error", message: errors.values.sorted().joined(separator: " "))
            }
        }
        guard DowntimeConfirmation.events.contains(name), let event = NoticeEvent(rawValue: name) else { throw HTTPError.notFound() }
        let input = DowntimeConfirmation.Input { form[$0] }
        guard form["confirm"] == "1" else {
            return try DowntimeConfirmation.page(request, context, downtime: downtime, event: name, input: input, errors: [:])
        }
        if event == .cancel && input.note.isEmpty {
            return try DowntimeConfirmation.page(request, context, downtime: downtime, event: name, input: input,
                                                 errors: ["reason": "required: say why it is cancelled; the reason goes into the notice and the audit log."], status: 422)
        }
        do {
            if event == .reschedule {
                let window = try DowntimeConfirmation.window(for: event, downtime: downtime, input: input)
                _ = try DowntimeService.reschedule(downtime.id, to: window, context: context, actor: AuditActor(request), overrideReason: input.overrideReason,
                                                   message: input.note, attachPDF: input.attachPDF)
                return Flash.redirect(to: "/downtimes/\(downtime.id)", message: "DT-\(downtime.id) was rescheduled; the people affected are told.")
            }
            var newEnd: Date? = nil
            if event == .extend { newEnd = try DowntimeConfirmation.window(for: event, downtime: downtime, input: input).end }
            guard let lifecycle = DowntimeEvent(rawValue: name) else { throw HTTPError.notFound() }
            let notify = try DowntimeConfirmation.notifies(downtime, event: name, input: input, context: context)
            let after = try DowntimeService.apply(lifecycle, to: downtime.id, context: context, actor: AuditActor(request), newEnd: newEnd, note: input.note,
                                                  attachPDF: input.attachPDF, notify: notify)
            if event == .extend {
                return Flash.redirect(to: "/downtimes/\(downtime.id)", message: "DT-\(downtime.id) now runs \(after.window.formatted)\(notify ? "; the people affected are told" : "").")
            }
            return Flash.redirect(to: "/downtimes/\(downtime.id)", message: "DT-\(downtime.id) is now \(after.state.displayName.lowercased()).")
        } catch let error as ScheduleError {
            let field = event == .reschedule ? "starts_at" : event == .extend ? "ends_at" : ""
            return try DowntimeConfirmation.page(request, context, downtime: downtime, event: name, input: input, errors: [field: error.message], status: 422)
        } catch DowntimeError.invalid(let errors) {
            return try DowntimeConfirmation.page(request, context, downtime: downtime, event: name, input: input, errors: errors, status: 422)
        } catch DowntimeError.changedMeanwhile {
            return Flash.redirect(to: "/downtimes/\(downtime.id)", kind: "error", message: "Someone changed this downtime at the same moment; nothing was done. Check its state and try again.")
        }
    }
}
