import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// Opening incidents (form re-rendered with its messages and input), posting updates, resolving, reopening, and
/// writing the postmortem.
enum IncidentController {
    struct FormModel {
        struct DowntimeOption {
            let value: String
            let label: String
            let selected: Bool
        }

        let site: SiteChrome
        let title = "Open an incident"
        let input: IncidentInput
        let severities: [ListPage.Option]
        let targetRows: [DowntimeController.FormModel.TargetRow]
        let zones: [String]
        let downtimes: [DowntimeOption]
        let errors: [String: String]
        let errorSummary: [String]
        let hasErrors: Bool
    }

    static func formModel(_ request: Request, _ context: AppContext, input: IncidentInput, errors: [String: String]) throws -> FormModel {
        var rows = input.targets.map { DowntimeController.FormModel.TargetRow(kinds: kindOptions($0.kind), name: $0.name) }
        while rows.count < max(DowntimeInput.formTargetRows, input.targets.count + 2) { rows.append(.init(kinds: kindOptions("service"), name: "")) }
        let labels = ["title": "Title", "severity": "Severity", "targets": "Affected objects", "started_at": "Start", "time_zone": "Time zone",
                      "ticket": "Ticket", "ticket_url": "Ticket URL", "engineer": "Engineer in charge", "description": "Description",
                      "downtime_id": "Linked downtime"]
        let fixed: [FormModel.DowntimeOption] = [
            .init(value: "auto", label: "Automatic: an unplanned outage in progress on the same objects", selected: input.downtime == "auto"),
            .init(value: "none", label: "None", selected: input.downtime == "none"),
        ]
        let offered = try IncidentService.unplannedInProgress(context).map {
            FormModel.DowntimeOption(value: String($0.id), label: "DT-\($0.id) · \($0.title) (\($0.targets.map(\.name).joined(separator: ", ")))",
                                     selected: input.downtime == String($0.id))
        }
        return FormModel(
            site: SiteChrome(request), input: input,
            severities: IncidentSeverity.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.rawValue.capitalizedFirst, selected: $0.rawValue == input.severity) },
            targetRows: rows, zones: DowntimeController.commonZones, downtimes: fixed + offered, errors: errors,
            errorSummary: errors.sorted { $0.key < $1.key }.map { ($0.key.isEmpty ? "" : (labels[$0.key] ?? $0.key) + ": ") + $0.value },
            hasErrors: !errors.isEmpty)
    }

    static func kindOptions(_ selected: String) -> [ListPage.Option] {
        IncidentInput.targetKinds.map { ListPage.Option(value: $0, label: $0, selected: $0 == selected) }
    }

    @Sendable static func new(_ request: Request, _ context: AppContext) throws -> Response {
        var input = IncidentInput()
        input.timeZone = try DowntimeController.userTimeZone(request, context)
        if let zone = TimeZone(identifier: input.timeZone) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date())
            input.startedAt = String(format: "%04d-%02d-%02dT%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
        }
        if let kind = request.queryValue("target_kind"), let name = request.queryValue("target_name") {
            input.targets = [.init(kind: kind, name: String(name.prefix(200)))]
        }
        return try context.views.page("incidents/form", try formModel(request, context, input: input, errors: [:]))
    }

    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let input = IncidentInput(form: try request.form())
        switch try context.store.read({ try input.resolve($0) }) {
        case .failure(let errors):
            return try context.views.page("incidents/form", try formModel(request, context, input: input, errors: errors.fields), status: 422)
        case .success(let draft):
            let id = try IncidentService.open(context, draft: draft, autoLink: input.autoLinksDowntime, notify: input.notify,
                                              actor: AuditActor(request))
            return Flash.redirect(to: "/incidents/\(id)", message: "Incident INC-\(id) is open. Post updates as you learn more.")
        }
    }

    /// `POST /incidents/:id/updates|resolve|reopen`: refused input re-renders the incident page with the messages and the text kept.
    @Sendable static func move(_ request: Request, _ context: AppContext) throws -> Response {
        let incident = try IncidentPages.load(request, context)
        let name = request.path.split(separator: "/").last.map(String.init) ?? ""
        guard let action = IncidentMoveInput.Action(rawValue: name == "updates" ? "update" : name) else { throw HTTPError.notFound() }
        let input = IncidentMoveInput(action: action, form: try request.form())
        var form = IncidentPages.MoveForm(action: action.rawValue, status: input.status, text: String(input.text.prefix(4000)),
                                          endedAt: input.endedAt, timeZone: input.timeZone, notify: input.notify)
        do {
            switch input.resolve() {
            case .failure(let errors):
                form.errors = errors.fields
            case .success(let checked):
                let after = try IncidentService.move(checked.event, incidentID: incident.id, message: checked.text, notify: input.notify,
                                                     endedAt: checked.endedAt, context: context, actor: AuditActor(request))
                return Flash.redirect(to: "/incidents/\(incident.id)", message: "INC-\(incident.id) is now \(after.status.displayName.lowercased()).")
            }
        } catch let error as IncidentLifecycleError {
            form.errors = ["": error.message]
        } catch IncidentError.invalid(let errors) {
            form.errors = errors
        } catch IncidentError.changedMeanwhile {
            form.errors = ["": "Someone changed this incident at the same moment; nothing was done. Check its status and try again."]
        }
        return try IncidentPages.detail(request, context, incident: incident, form: form)
    }

    /// `POST /incidents/:id/postmortem`: the root cause.
    @Sendable static func saveRootCause(_ request: Request, _ context: AppContext) throws -> Response {
        let incident = try IncidentPages.load(request, context)
        let form = try request.form()
        let rootCause = (form["root_cause"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [String: String] = [:]
        if rootCause.isEmpty { errors["root_cause"] = "Root cause is required." }
        if let problem = FieldRules.text(rootCause, label: "Root cause", max: 4000) { errors["root_cause"] = problem }
        if errors.isEmpty {
            do {
                try IncidentService.saveRootCause(context, incidentID: incident.id, rootCause: rootCause, actor: AuditActor(request))
                return Flash.redirect(to: "/incidents/\(incident.id)/postmortem", message: "The root cause was saved.")
            } catch IncidentError.invalid(let problems) {
                errors = problems
            }
        }
        return try IncidentPages.postmortem(request, context, incident: incident, input: ["root_cause": String(rootCause.prefix(4000))], errors: errors)
    }

    /// `POST /incidents/:id/followups`: a follow-up action with an owner (a person's e-mail) and a due day.
    @Sendable static func addFollowup(_ request: Request, _ context: AppContext) throws -> Response {
        let incident = try IncidentPages.load(request, context)
        let form = try request.form()
        let action = (form["action"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let owner = form["owner"] ?? "", due = (form["due_on"] ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [String: String] = [:]
        if action.isEmpty { errors["action"] = "Describe the action." } else if let problem = FieldRules.name(action, label: "Action", max: 1000) { errors["action"] = problem }
        if owner.trimmingCharacters(in: .whitespaces).isEmpty { errors["owner"] = "Every follow-up needs an owner." }
        let ownerID = try context.store.read { try InputFields.person($0, owner, field: "owner", label: "owner", errors: &errors) }
        if DowntimePages.day(due) == nil { errors["due_on"] = "The due date must look like 2027-01-31." }
        if errors.isEmpty {
            try IncidentService.addFollowup(context, incidentID: incident.id, action: action, ownerID: ownerID, dueOn: due,
                                            actor: AuditActor(request))
            return Flash.redirect(to: "/incidents/\(incident.id)/postmortem", message: "The follow-up was added.")
        }
        return try IncidentPages.postmortem(request, context, incident: incident,
                                            input: ["action": String(action.prefix(1000)), "owner": String(owner.prefix(254)), "due_on": String(due.prefix(10))],
                                            errors: errors)
    }

    /// `POST /incidents/:id/followups/:followup` with `done=1` (or `done=0` to open it again).
    @Sendable static func setFollowupDone(_ request: Request, _ context: AppContext) throws -> Response {
        let incident = try IncidentPages.load(request, context)
        guard let followupID = Int64(try request.parameter("followup")) else { throw HTTPError.notFound() }
        let done = try request.form()["done"] == "1"
        let changed = try context.store.write { db -> Bool in
            guard try IncidentStore.setFollowupDone(db, incidentID: incident.id, followupID: followupID, done: done) else { return false }
            try AuditLog.record(db, actor: InventoryController.actor(request), action: done ? "followup done" : "followup reopened", objectKind: "incident",
                                objectID: incident.id, objectName: incident.title, after: "{\"followup\":\(followupID)}", requestID: request.requestID)
            return true
        }
        guard changed else { throw HTTPError.notFound("This incident has no such follow-up.") }
        return Flash.redirect(to: "/incidents/\(incident.id)/postmortem", message: done ? "The follow-up is done." : "The follow-up is open again.")
    }
}
