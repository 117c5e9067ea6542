import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/api/v1/downtimes` and `/api/v1/impact`: the downtime pages in JSON, with the same checks and messages.
enum DowntimeAPIController {
    static func json(_ d: DowntimeRecord) -> [String: Any] {
        [
            "id": d.id, "title": d.title, "kind": d.kind.rawValue, "state": d.state.rawValue,
            "starts_at": d.window.localStart.description, "ends_at": d.window.localEnd.description, "time_zone": d.window.timeZone,
            "starts_at_utc": StoreTime.format(d.window.start), "ends_at_utc": StoreTime.format(d.window.end),
            "change_ticket": d.changeTicket, "change_url": d.changeURL, "reason": d.reason, "note": d.note,
            "coordinator": d.coordinatorEmail.isEmpty ? NSNull() : d.coordinatorEmail,
            "comms_manager": d.commsManagerEmail.isEmpty ? NSNull() : d.commsManagerEmail,
            "targets": d.targets.map { ["kind": $0.kindName, "name": $0.name] },
        ]
    }

    /// An impact in JSON: every affected object with kind, state and explanation; every contact with e-mail, roles and reasons.
    static func json(_ impact: Impact, inventory: Inventory) -> [String: Any] {
        let view = ImpactView(impact, inventory: inventory, serverLimit: Int.max)
        let affected = impact.affected.sorted { ($0.state.severityRank, $0.object.kind.rawValue, $0.name) < ($1.state.severityRank, $1.object.kind.rawValue, $1.name) }
        return [
            "summary": view.summary,
            "affected": affected.map { ["kind": $0.object.kind.rawValue, "name": $0.name, "state": $0.state.rawValue, "explanation": impact.explain($0.object) ?? ""] },
            "contacts": view.contacts.map { ["name": $0.name, "kind": $0.kind, "email": $0.email, "priority": $0.priority,
                                             "roles": $0.roles.isEmpty ? [] : $0.roles.components(separatedBy: ", "), "reasons": $0.reasons] },
        ]
    }

    /// A 422 with field messages and, for names that matched nothing, `suggestions` by field (closest first):
    /// `{"error": {"status", "message", "request_id", "fields", "suggestions"}}`.
    static func invalid(_ request: Request, _ errors: FieldErrors) -> Response {
        let error = invalid(errors.fields)
        var body: [String: Any] = ["status": error.status, "message": error.message, "request_id": request.requestID, "fields": error.fields]
        if !errors.suggestions.isEmpty { body["suggestions"] = errors.suggestions }
        return .jsonObject(["error": body], status: error.status)
    }

    static func invalid(_ errors: [String: String]) -> HTTPError {
        let first = errors.sorted { $0.key < $1.key }.first?.value ?? "The downtime is not valid."
        return HTTPError(422, errors.count == 1 ? first : "\(errors.count) fields are not valid. \(first)", fields: errors)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        var states: [DowntimeState] = []
        if let state = request.queryValue("state") {
            guard let parsed = DowntimeState(rawValue: state) else { throw HTTPError(422, "state must be one of \(DowntimeState.allCases.map(\.rawValue).joined(separator: ", ")).", fields: ["state": "unknown state"]) }
            states = [parsed]
        }
        let kind = try request.queryValue("kind").map { value -> DowntimeKind in
            guard let kind = DowntimeKind(rawValue: value) else { throw HTTPError(422, "kind must be planned, emergency or unplanned.", fields: ["kind": "unknown kind"]) }
            return kind
        }
        let from = try request.queryValue("from").map { text -> Date in
            guard let date = DowntimePages.day(text) else { throw HTTPError(422, "from must be a date like 2027-01-12.", fields: ["from": "not a date"]) }
            return date
        }
        let to = try request.queryValue("to").map { text -> Date in
            guard let date = DowntimePages.day(text) else { throw HTTPError(422, "to must be a date like 2027-01-31.", fields: ["to": "not a date"]) }
            return date.addingTimeInterval(86_400)
        }
        let items = try context.store.read { db in
            try DowntimeStore.list(db, from: from, to: to, states: states, kind: kind, targetName: request.queryValue("target"), limit: 1000)
        }
        return .jsonObject(["items": items.map(json), "total": items.count])
    }

    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        let (impact, snapshot) = try ChangeImpactReport.impact(context, downtime)
        var object = json(downtime)
        var impactJSON = json(impact, inventory: try context.inventory.current(context.store))
        impactJSON["snapshot_id"] = snapshot.map { $0.id as Any } ?? NSNull()
        impactJSON["frozen_at"] = snapshot.map { StoreTime.format($0.takenAt) as Any } ?? NSNull()
        object["impact"] = impactJSON
        object.merge(try ApprovalController.json(context, downtime)) { _, pack in pack }
        object["history"] = try context.store.read { try DowntimeStore.events($0, downtimeID: downtime.id) }.map {
            ["at": StoreTime.format($0.at), "actor": $0.actor, "event": $0.event, "to_state": $0.toState, "note": $0.note]
        }
        return .jsonObject(object)
    }

    /// Creates a draft; a change freeze needs `override_reason`.
    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let body = try request.jsonObject()
        if body["recurrence"] != nil { return try SeriesAPIController.create(request, context, body: body) }
        let input = try DowntimeInput(json: body)
        let draft: DowntimeDraft
        switch try context.store.read({ try input.resolve($0) }) {
        case .failure(let errors): return invalid(request, errors)
        case .success(let value): draft = value
        }
        // Planned and emergency work lies ahead; a past outage is recorded explicitly as kind `unplanned`.
        if let problem = DeclarationTiming.problem(kind: draft.kind, start: draft.window.start, end: draft.window.end, now: Date()) {
            throw HTTPError(422, problem.message, fields: [problem.field: problem.message])
        }
        let conflicts = try DowntimeService.conflicts(context, draft: draft, id: nil)
        if let problem = DowntimeService.overrideProblem(role: request.identity?.role, overrideReason: draft.overrideReason, conflicts: conflicts) {
            throw HTTPError(403, problem, fields: ["override_reason": problem])
        }
        let blocking = DowntimeService.blockingConflicts(conflicts, overrideReason: draft.overrideReason)
        if !blocking.isEmpty {
            throw HTTPError(409, "The window falls in a change freeze: \(blocking.map(\.message).joined(separator: " ")) Send override_reason to declare it anyway.",
                            fields: ["override_reason": "required during a change freeze"])
        }
        let actor = InventoryController.actor(request)
        let id = try context.store.write { db -> Int64 in
            let id = try DowntimeStore.insert(db, draft, actor: actor)
            try AuditLog.record(db, actor: actor, action: "create", objectKind: "downtime", objectID: id, objectName: draft.title, requestID: request.requestID)
            return id
        }
        guard let saved = try context.store.read({ try DowntimeStore.fetch($0, id: id) }) else { throw HTTPError(500, "The downtime vanished.") }
        var object = json(saved)
        object.merge(try ApprovalController.json(context, saved)) { _, pack in pack }
        object["conflicts"] = conflicts.map { ["kind": $0.kind.rawValue, "message": $0.message] }
        var response = Response.jsonObject(object, status: 201)
        response.headers.append(("Location", "/api/v1/downtimes/\(id)"))
        return response
    }

    /// `POST /api/v1/downtimes/:id/announce|extend|cancel|start|complete`; extend takes `{"ends_at": "2027-01-13T04:00:00"}`.
    @Sendable static func transition(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        guard let event = (request.path.split(separator: "/").last).flatMap({ DowntimeEvent(rawValue: String($0)) }) else { throw HTTPError.notFound() }
        let body = request.body.isEmpty ? [:] : try request.jsonObject()
        var newEnd: Date? = nil
        if event == .extend {
            guard let text = body["ends_at"] as? String else { throw HTTPError(422, "Send the new end as ends_at, a local date-time in the downtime's zone.", fields: ["ends_at": "is required"]) }
            do {
                newEnd = try TimeZoneResolver.resolve(try LocalDateTime(parsing: text), in: downtime.window.timeZone,
                                                      ambiguity: AmbiguityChoice(rawValue: body["end_ambiguity"] as? String ?? "") ?? .later)
            } catch let error as ScheduleError {
                throw HTTPError(422, error.message, fields: ["ends_at": error.message])
            }
        }
        // A recorded past outage (unplanned, already started) tells nobody unless `"notify": true` is sent.
        if body["notify"] != nil && !(body["notify"] is Bool) { throw HTTPError(422, "notify must be true or false.", fields: ["notify": "must be a boolean"]) }
        let notify = try DowntimeConfirmation.notifies(downtime, event: event.rawValue, chosen: body["notify"] as? Bool, context: context)
        do {
            let after = try DowntimeService.apply(event, to: downtime.id, context: context, actor: AuditActor(request), newEnd: newEnd, note: String((body["note"] as? String ?? "").prefix(2000)),
                                                  attachPDF: body["attach_pdf"] as? Bool ?? false, notify: notify)
            return .jsonObject(json(after))
        } catch let error as ScheduleError {
            throw HTTPError(409, error.message)
        } catch DowntimeError.invalid(let errors) {
            throw invalid(errors)
        } catch DowntimeError.changedMeanwhile {
            throw HTTPError(409, "The downtime changed at the same moment; nothing was done. Fetch it and try again.")
        }
    }

    /// `POST /api/v1/downtimes/:id/reschedule` with `{"starts_at": "...", "ends_at": "..."}` (local times in the downtime's zone).
    @Sendable static func reschedule(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        let body = try request.jsonObject()
        let window: TimeWindow
        do {
            guard let start = body["starts_at"] as? String, let end = body["ends_at"] as? String else {
                throw HTTPError(422, "Send starts_at and ends_at, local date-times in the downtime's zone.", fields: ["starts_at": "is required", "ends_at": "is required"])
            }
            window = try TimeWindow(localStart: try LocalDateTime(parsing: start), localEnd: try LocalDateTime(parsing: end), timeZone: downtime.window.timeZone,
                                    startAmbiguity: AmbiguityChoice(rawValue: body["start_ambiguity"] as? String ?? "") ?? .later,
                                    endAmbiguity: AmbiguityChoice(rawValue: body["end_ambiguity"] as? String ?? "") ?? .later)
        } catch let error as ScheduleError {
            throw HTTPError(422, error.message, fields: ["starts_at": error.message])
        }
        do {
            let after = try DowntimeService.reschedule(downtime.id, to: window, context: context, actor: AuditActor(request),
                                                       overrideReason: String((body["override_reason"] as? String ?? "").prefix(2000)))
            return .jsonObject(json(after))
        } catch DowntimeError.invalid(let errors) {
            throw invalid(errors)
        } catch DowntimeError.changedMeanwhile {
            throw HTTPError(409, "The downtime changed at the same moment; nothing was done. Fetch it and try again.")
        }
    }

    /// Previews the impact of targets and a window without saving anything: the summary, counts and the first page
    /// of affected objects and contacts (`?page=`, `?per_page=`, `?include=all`; see `ImpactJSON`).
    @Sendable static func previewImpact(_ request: Request, _ context: AppContext) throws -> Response {
        let paging = try ImpactJSON.Paging(request)
        var input = try DowntimeInput(json: try request.jsonObject())
        if input.title.isEmpty { input.title = "preview" }
        let draft: DowntimeDraft
        switch try context.store.read({ try input.resolve($0) }) {
        case .failure(let errors): return invalid(request, errors)
        case .success(let value): draft = value
        }
        // The conflict check reads the overlapping downtimes; the impact uses those same rows (one read, not two).
        let inventory = try context.inventory.current(context.store)
        var others: [ExistingDowntime] = []
        let conflicts = try DowntimeService.conflicts(context, draft: draft, id: nil) { overlapping, _ in others = overlapping; return inventory }
        let impact = try DowntimeService.impact(inventory: inventory, targets: draft.targets, overlapping: others)
        var writer = JSONWriter(capacity: 64 * 1024)
        writer.beginObject()
        ImpactJSON.write(impact, inventory: inventory, paging: paging, into: &writer)
        writer.key("conflicts")
        writer.beginArray()
        for conflict in conflicts {
            writer.beginObject()
            writer.field("kind", conflict.kind.rawValue)
            writer.field("message", conflict.message)
            writer.endObject()
        }
        writer.endArray()
        writer.field("window", draft.window.formatted)
        writer.endObject()
        return .json(bytes: writer.bytes)
    }
}
