import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/api/v1/incidents`: the incident pages in JSON, with the same checks and messages.
enum IncidentAPIController {
    static func json(_ i: IncidentRecord, now: Date = Date()) -> [String: Any] {
        [
            "id": i.id, "title": i.title, "ticket": i.ticket, "ticket_url": i.ticketURL, "severity": i.severity.rawValue,
            "status": i.status.rawValue, "engineer": i.engineerEmail.isEmpty ? NSNull() : i.engineerEmail,
            "started_at": StoreTime.format(i.startedAt), "ended_at": i.endedAt.map { StoreTime.format($0) as Any } ?? NSNull(),
            "duration_minutes": Int(i.duration(now: now) / 60), "description": i.description, "resolution": i.resolution,
            "root_cause": i.rootCause, "downtime_id": i.downtimeID.map { $0 as Any } ?? NSNull(),
            "created_at": StoreTime.format(i.createdAt), "updated_at": StoreTime.format(i.updatedAt),
            "targets": i.targets.map { ["kind": $0.kindName, "name": $0.name] },
        ]
    }

    static func invalid(_ errors: [String: String]) -> HTTPError {
        let first = errors.sorted { $0.key < $1.key }.first?.value ?? "The incident is not valid."
        return HTTPError(422, errors.count == 1 ? first : "\(errors.count) fields are not valid. \(first)", fields: errors)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let filter = try IncidentPages.filter(request, limit: 1000)
        let items = try context.store.read { try IncidentStore.list($0, filter) }
        return .jsonObject(["items": items.map { json($0) }, "total": items.count])
    }

    /// One incident with its updates, affected services, frozen impact summary and follow-ups.
    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response {
        let incident = try IncidentPages.load(request, context)
        return .jsonObject(try detail(context, incident))
    }

    static func detail(_ context: AppContext, _ incident: IncidentRecord) throws -> [String: Any] {
        let (updates, services, followups) = try context.store.read { db in
            (try IncidentStore.updates(db, incidentID: incident.id), try IncidentStore.services(db, incidentIDs: [incident.id]),
             try IncidentStore.followups(db, incidentID: incident.id))
        }
        var object = json(incident)
        object["updates"] = updates.map { ["id": $0.id, "at": StoreTime.format($0.at), "actor": $0.actor, "kind": $0.kind, "status": $0.status.rawValue,
                                           "message": $0.message, "notify": $0.notify] as [String: Any] }
        object["affected_services"] = services.map { ["name": $0.serviceName, "state": $0.state] }
        object["followups"] = followups.map { ["action": $0.action, "owner": $0.ownerEmail.isEmpty ? NSNull() : $0.ownerEmail, "due_on": $0.dueOn] as [String: Any] }
        return object
    }

    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let input = try IncidentInput(json: try request.jsonObject())
        switch try context.store.read({ try input.resolve($0) }) {
        case .failure(let errors): throw invalid(errors.fields)
        case .success(let draft):
            let id = try IncidentService.open(context, draft: draft, autoLink: input.autoLinksDowntime, notify: input.notify,
                                              actor: AuditActor(request))
            guard let saved = try context.store.read({ try IncidentStore.fetch($0, id: id) }) else { throw HTTPError(500, "The incident vanished.") }
            var response = Response.jsonObject(try detail(context, saved), status: 201)
            response.headers.append(("Location", "/api/v1/incidents/\(id)"))
            return response
        }
    }

    /// `POST /api/v1/incidents/:id/updates|resolve|reopen` with `{"status", "message", "notify"}`, `{"resolution", "ended_at",
    /// "time_zone"}` or `{"reason"}`.
    @Sendable static func move(_ request: Request, _ context: AppContext) throws -> Response {
        let incident = try IncidentPages.load(request, context)
        let name = request.path.split(separator: "/").last.map(String.init) ?? ""
        guard let action = IncidentMoveInput.Action(rawValue: name == "updates" ? "update" : name) else { throw HTTPError.notFound() }
        let input = try IncidentMoveInput(action: action, json: request.body.isEmpty ? [:] : try request.jsonObject())
        switch input.resolve() {
        case .failure(let errors): throw invalid(errors.fields)
        case .success(let checked):
            do {
                let after = try IncidentService.move(checked.event, incidentID: incident.id, message: checked.text, notify: input.notify,
                                                     endedAt: checked.endedAt, context: context, actor: AuditActor(request))
                return .jsonObject(try detail(context, after))
            } catch let error as IncidentLifecycleError {
                throw HTTPError(409, error.message)
            } catch IncidentError.invalid(let errors) {
                throw invalid(errors)
            } catch IncidentError.changedMeanwhile {
                throw HTTPError(409, "The incident changed at the same moment; nothing was done. Fetch it and try again.")
            }
        }
    }
}
