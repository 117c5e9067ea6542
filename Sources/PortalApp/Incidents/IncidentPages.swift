import Foundation
import PortalCore
import PortalHTTP
import PortalReports
import PortalStore

/// The incident list (with outage minutes per service per month), the incident page and the postmortem.
enum IncidentPages {
    struct Row {
        let id: Int64
        let href: String
        let title: String
        let severity: String
        let severityClass: String
        let status: String
        let statusClass: String
        let started: String
        let ended: String
        let duration: String
        let targets: String
        let engineer: String
        let ticket: String
    }

    struct OutageRow {
        let service: String
        let month: String
        let minutes: Int
    }

    struct ListModel {
        let site: SiteChrome
        let title = "Incidents"
        let from: String
        let to: String
        let target: String
        let states: [ListPage.Option]
        let severities: [ListPage.Option]
        let rows: [Row]
        let hasRows: Bool
        let outages: [OutageRow]
        let hasOutages: Bool
        let canOpen: Bool
    }

    static func row(_ i: IncidentRecord, now: Date) -> Row {
        Row(id: i.id, href: "/incidents/\(i.id)", title: i.title, severity: i.severity.rawValue.capitalizedFirst, severityClass: i.severity.rawValue,
            status: i.status.displayName, statusClass: i.status.rawValue, started: Format.minute(i.startedAt),
            ended: i.endedAt.map(Format.minute) ?? "open", duration: DurationText.format(i.duration(now: now)) + (i.endedAt == nil ? " so far" : ""),
            targets: i.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", "), engineer: i.engineerName, ticket: i.ticket)
    }

    /// The filters of the list page and the API: `state` (open, resolved or a status), `severity`, `from`/`to` days, `target`.
    static func filter(_ request: Request, limit: Int) throws -> IncidentFilter {
        var filter = IncidentFilter(ascending: false, limit: limit)
        switch request.queryValue("state") ?? "" {
        case "": break
        case "open": filter.statuses = IncidentLifecycle.openStatuses
        case let value:
            guard let status = IncidentStatus(rawValue: value) else {
                throw HTTPError(422, "state must be open, investigating, identified, monitoring or resolved.", fields: ["state": "unknown state"])
            }
            filter.statuses = [status]
        }
        if let value = request.queryValue("severity"), !value.isEmpty {
            guard let severity = IncidentSeverity(rawValue: value) else {
                throw HTTPError(422, "severity must be minor, major or critical.", fields: ["severity": "unknown severity"])
            }
            filter.severity = severity
        }
        if let text = request.queryValue("from"), !text.isEmpty {
            guard let date = DowntimePages.day(text) else { throw HTTPError(422, "from must be a date like 2027-01-12.", fields: ["from": "not a date"]) }
            filter.from = date
        }
        if let text = request.queryValue("to"), !text.isEmpty {
            guard let date = DowntimePages.day(text) else { throw HTTPError(422, "to must be a date like 2027-01-31.", fields: ["to": "not a date"]) }
            filter.to = date.addingTimeInterval(86_400)
        }
        let target = String((request.queryValue("target") ?? "").prefix(200))
        filter.targetName = target.isEmpty ? nil : target
        return filter
    }

    /// Outage minutes per service per month for these incidents (their affected services that went down or degraded).
    static func outageMinutes(_ db: Database, _ incidents: [IncidentRecord], now: Date) throws -> [OutageMinutes.Row] {
        let byID = Dictionary(incidents.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let intervals = try IncidentStore.services(db, incidentIDs: incidents.map(\.id)).compactMap { service -> OutageMinutes.Interval? in
            guard service.state != "at_risk", let incident = byID[service.incidentID] else { return nil }
            return OutageMinutes.Interval(service: service.serviceName, start: incident.startedAt, end: incident.endedAt)
        }
        return OutageMinutes.perMonth(intervals, now: now)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let now = Date()
        let filter = try self.filter(request, limit: 500)
        let (incidents, outages) = try context.store.read { db in
            let incidents = try IncidentStore.list(db, filter)
            return (incidents, try outageMinutes(db, incidents, now: now))
        }
        let state = request.queryValue("state") ?? ""
        let model = ListModel(
            site: SiteChrome(request), from: request.queryValue("from") ?? "", to: request.queryValue("to") ?? "",
            target: filter.targetName ?? "",
            states: [("", "Any"), ("open", "Open")].map { ListPage.Option(value: $0.0, label: $0.1, selected: $0.0 == state) }
                + IncidentStatus.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.displayName, selected: $0.rawValue == state) },
            severities: [ListPage.Option(value: "", label: "Any", selected: filter.severity == nil)]
                + IncidentSeverity.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.rawValue.capitalizedFirst, selected: $0 == filter.severity) },
            rows: incidents.map { row($0, now: now) }, hasRows: !incidents.isEmpty,
            outages: outages.map { OutageRow(service: $0.service, month: $0.month, minutes: $0.minutes) }, hasOutages: !outages.isEmpty,
            canOpen: (request.identity?.role ?? .viewer) >= .engineer)
        return Flash.clear(try context.views.page("incidents/list", model), request: request)
    }

    static func load(_ request: Request, _ context: AppContext) throws -> IncidentRecord {
        guard let id = Int64(try request.parameter("id")), let incident = try context.store.read({ try IncidentStore.fetch($0, id: id) }) else {
            throw HTTPError.notFound("There is no such incident.")
        }
        return incident
    }

    struct UpdateRow {
        let at: String
        let actor: String
        let kind: String
        let status: String
        let statusClass: String
        let message: String
        let notified: Bool
    }

    /// What the update, resolve and reopen forms show again after a refused submit.
    struct MoveForm {
        var action = ""
        var status = "investigating"
        var text = ""
        var endedAt = ""
        var timeZone = "UTC"
        var notify = false
        var errors: [String: String] = [:]
    }

    struct DetailModel {
        let site: SiteChrome
        let title: String
        let incident: Row
        let id: Int64
        let description: String
        let ticketURL: String
        let resolution: String
        let isOpen: Bool
        let isResolved: Bool
        let canEdit: Bool
        let downtimeHref: String
        let downtimeLabel: String
        let hasDowntime: Bool
        let statuses: [ListPage.Option]
        let updates: [UpdateRow]
        let impact: ImpactView
        let snapshotText: String
        let form: MoveForm
        /// A refusal that belongs to no single field (an illegal move, a concurrent change).
        let problem: String
        let updateErrors: Bool
        let resolveErrors: Bool
        let reopenErrors: Bool
        /// Who is looking into it (`ack` over XMPP).
        var acks = ""
    }

    static func updateRows(_ updates: [IncidentUpdateRecord]) -> [UpdateRow] {
        updates.map { UpdateRow(at: Format.minute($0.at), actor: $0.actor, kind: $0.kind, status: $0.status.displayName,
                                statusClass: $0.status.rawValue, message: $0.message, notified: $0.notify) }
    }

    /// The incident page; `form` brings back a refused update, resolution or reopening with its messages.
    static func detail(_ request: Request, _ context: AppContext, incident: IncidentRecord, form: MoveForm = MoveForm()) throws -> Response {
        let now = Date()
        let (updates, snapshot, downtime, acks) = try context.store.read { db in
            (try IncidentStore.updates(db, incidentID: incident.id), try IncidentStore.latestSnapshot(db, incidentID: incident.id),
             try incident.downtimeID.flatMap { try DowntimeStore.fetch(db, id: $0) }, try PresenceStore.acks(db, incidentID: incident.id))
        }
        let inventory = try context.inventory.current(context.store)
        let impact = try snapshot?.impact ?? IncidentService.impact(context, targets: incident.targets.map(\.object))
        var model = DetailModel(
            site: SiteChrome(request), title: "INC-\(incident.id) · \(incident.title)", incident: row(incident, now: now), id: incident.id,
            description: incident.description, ticketURL: incident.ticketURL, resolution: incident.resolution,
            isOpen: incident.status.isOpen, isResolved: !incident.status.isOpen,
            canEdit: (request.identity?.role ?? .viewer) >= .engineer,
            downtimeHref: downtime.map { "/downtimes/\($0.id)" } ?? "", downtimeLabel: downtime.map { "DT-\($0.id) · \($0.title) (\($0.state.displayName.lowercased()))" } ?? "",
            hasDowntime: downtime != nil,
            statuses: IncidentLifecycle.openStatuses.map { ListPage.Option(value: $0.rawValue, label: $0.displayName, selected: $0.rawValue == (form.action == "update" ? form.status : incident.status.rawValue)) },
            updates: updateRows(updates), impact: ImpactView(impact, inventory: inventory, serverLimit: 100, subject: "incident"),
            snapshotText: snapshot.map { "Impact frozen when the incident was opened, \(StoreTime.format($0.takenAt))." } ?? "Live impact.",
            form: form, problem: form.errors[""] ?? (form.errors.isEmpty ? "" : "Nothing was saved; see the messages below."), updateErrors: form.action == "update", resolveErrors: form.action == "resolve", reopenErrors: form.action == "reopen")
        model.acks = AckText.line(acks)
        return Flash.clear(try context.views.page("incidents/detail", model, status: form.errors.isEmpty ? 200 : 422), request: request)
    }

    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response {
        try detail(request, context, incident: try load(request, context))
    }

    struct FollowupRow {
        let incidentID: Int64
        let id: Int64
        let action: String
        let owner: String
        let dueOn: String
        let overdue: Bool
        let done: Bool
        let doneAt: String
    }

    struct PostmortemModel {
        let site: SiteChrome
        let title: String
        let incident: Row
        let id: Int64
        let description: String
        let resolution: String
        let rootCause: String
        let isResolved: Bool
        let canEdit: Bool
        let updates: [UpdateRow]
        let impact: ImpactView
        let followups: [FollowupRow]
        let hasFollowups: Bool
        let input: [String: String]
        let errors: [String: String]
        let hasErrors: Bool
    }

    /// The postmortem page; `input` and `errors` bring back a refused root cause or follow-up.
    static func postmortem(_ request: Request, _ context: AppContext, incident: IncidentRecord, input: [String: String] = [:],
                           errors: [String: String] = [:]) throws -> Response {
        let now = Date()
        let (updates, snapshot, followups) = try context.store.read { db in
            (try IncidentStore.updates(db, incidentID: incident.id), try IncidentStore.latestSnapshot(db, incidentID: incident.id),
             try IncidentStore.followups(db, incidentID: incident.id))
        }
        let inventory = try context.inventory.current(context.store)
        let impact = try snapshot?.impact ?? IncidentService.impact(context, targets: incident.targets.map(\.object))
        let today = String(StoreTime.format(now).prefix(10))
        var shown = input
        if shown["root_cause"] == nil { shown["root_cause"] = incident.rootCause }
        let model = PostmortemModel(
            site: SiteChrome(request), title: "Postmortem · INC-\(incident.id) · \(incident.title)", incident: row(incident, now: now), id: incident.id,
            description: incident.description, resolution: incident.resolution, rootCause: incident.rootCause,
            isResolved: !incident.status.isOpen, canEdit: (request.identity?.role ?? .viewer) >= .engineer,
            updates: updateRows(updates), impact: ImpactView(impact, inventory: inventory, serverLimit: 100, subject: "incident"),
            followups: followups.map { FollowupRow(incidentID: incident.id, id: $0.id, action: $0.action, owner: DowntimePages.person($0.ownerName, $0.ownerEmail), dueOn: $0.dueOn,
                                                   overdue: $0.doneAt == nil && $0.dueOn < today, done: $0.doneAt != nil,
                                                   doneAt: $0.doneAt.map { String(StoreTime.format($0).prefix(10)) } ?? "") },
            hasFollowups: !followups.isEmpty, input: shown, errors: errors, hasErrors: !errors.isEmpty)
        return Flash.clear(try context.views.page("incidents/postmortem", model, status: errors.isEmpty ? 200 : 422), request: request)
    }

    @Sendable static func showPostmortem(_ request: Request, _ context: AppContext) throws -> Response {
        try postmortem(request, context, incident: try load(request, context))
    }

    /// `GET /incidents/:id/postmortem.pdf`: the postmortem through the PortalReports engine.
    @Sendable static func postmortemPDF(_ request: Request, _ context: AppContext) throws -> Response {
        let incident = try load(request, context)
        let paper = try ReportController.paperSize(request.queryValue("paper"))
        let (updates, snapshot, followups) = try context.store.read { db in
            (try IncidentStore.updates(db, incidentID: incident.id), try IncidentStore.latestSnapshot(db, incidentID: incident.id),
             try IncidentStore.followups(db, incidentID: incident.id))
        }
        let inventory = try context.inventory.current(context.store)
        let impact = try snapshot?.impact ?? IncidentService.impact(context, targets: incident.targets.map(\.object))
        let base = try PublicURL.current(context).base
        let document = ReportDocuments.postmortem(incident, impact: ImpactView(impact, inventory: inventory, serverLimit: 200, subject: "incident"),
                                                  updates: updates, followups: followups, paper: paper, baseURL: base)
        let data = try PDFRenderer.render(document)
        return Response(status: 200, headers: [("Content-Type", "application/pdf"),
                                               ("Content-Disposition", "attachment; filename=\"forewarn-INC-\(incident.id)-postmortem.pdf\"")],
                        body: [UInt8](data))
    }
}
