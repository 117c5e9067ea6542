import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// What a person typed into the open-incident form or sent as JSON, before it is checked. Field names are the API's
/// (`started_at`, `time_zone`, `ticket_url`, `engineer`, `downtime_id`, ...).
struct IncidentInput: Sendable {
    var title = ""
    var ticket = ""
    var ticketURL = ""
    var severity = "major"
    var targets: [DowntimeInput.TargetInput] = []
    var startedAt = ""
    var timeZone = "UTC"
    var startAmbiguity = ""
    var engineer = ""
    var description = ""
    /// `auto` (link an unplanned downtime in progress on the same targets), `none`, or a downtime id.
    var downtime = "auto"
    var notify = false

    /// Every inventory kind may be hit by an incident; the impact engine follows regions, clusters, servers and services.
    static let targetKinds = ["region", "cluster", "server", "service", "process", "dataset"]

    init() {}

    /// From the HTML form: targets come as repeated `target_kind` / `target_name` pairs.
    init(form: FormData) {
        title = form["title"] ?? ""
        ticket = form["ticket"] ?? ""
        ticketURL = form["ticket_url"] ?? ""
        severity = form["severity"] ?? ""
        let kinds = form.all("target_kind"), names = form.all("target_name")
        for (offset, name) in names.enumerated() where !name.trimmingCharacters(in: .whitespaces).isEmpty {
            targets.append(.init(kind: offset < kinds.count ? kinds[offset] : "service", name: name))
        }
        startedAt = form["started_at"] ?? ""
        timeZone = form["time_zone"] ?? "UTC"
        startAmbiguity = form["start_ambiguity"] ?? ""
        engineer = form["engineer"] ?? ""
        description = form["description"] ?? ""
        downtime = form["downtime_id"] ?? "auto"
        notify = form["notify"] == "1"
    }

    /// From a JSON object; wrong types become field errors. `started_at` defaults to now in UTC.
    init(json: [String: Any], now: Date = Date()) throws {
        var errors: [String: String] = [:]
        func text(_ key: String, _ fallback: String = "") -> String {
            guard let value = json[key], !(value is NSNull) else { return fallback }
            if let string = value as? String { return string }
            errors[key] = "must be a string"
            return fallback
        }
        title = text("title")
        ticket = text("ticket")
        ticketURL = text("ticket_url")
        severity = text("severity")
        startedAt = text("started_at", String(StoreTime.format(now).dropLast()))
        timeZone = text("time_zone", "UTC")
        startAmbiguity = text("start_ambiguity")
        engineer = text("engineer")
        description = text("description")
        switch json["downtime_id"] {
        case nil: downtime = "auto"
        case is NSNull: downtime = "none"
        case let id as Int: downtime = String(id)
        case let word as String where word == "auto" || word == "none": downtime = word
        default: errors["downtime_id"] = "must be a downtime id, \"auto\" or null"
        }
        if let value = json["notify"] {
            if let flag = value as? Bool { notify = flag } else { errors["notify"] = "must be true or false" }
        }
        if let list = InputFields.targetList(json["targets"], example: #"[{"kind": "service", "name": "payroll"}]"#, errors: &errors) { targets = list }
        if !errors.isEmpty { throw HTTPError(422, "Some fields have the wrong type.", fields: errors) }
    }

    /// Checks everything and resolves names; the downtime link is settled by `IncidentService.open`.
    func resolve(_ db: Database) throws -> Result<IncidentDraft, FieldErrors> {
        var errors: [String: String] = [:]
        let title = InputFields.title(self.title, errors: &errors)
        let severity = IncidentSeverity(rawValue: self.severity)
        if severity == nil { errors["severity"] = "Severity must be one of minor, major, critical." }
        let resolved = try InputFields.targets(db, targets, kinds: Self.targetKinds, noun: "incident", errors: &errors)
        if let problem = FieldRules.timeZone(timeZone) { errors["time_zone"] = problem }
        var start: Date?
        if let local = InputFields.local(startedAt, field: "started_at", label: "Start", errors: &errors), errors["time_zone"] == nil {
            start = InputFields.instant(local, zone: timeZone, ambiguity: startAmbiguity, field: "started_at", errors: &errors)
        }
        if let start, start > Date().addingTimeInterval(300) { errors["started_at"] = "An incident starts now or in the past, not later." }
        let url = InputFields.webURL(ticketURL, field: "ticket_url", label: "ticket URL", errors: &errors)
        if let problem = FieldRules.name(ticket, label: "Ticket", max: 100) { errors["ticket"] = problem }
        if let problem = FieldRules.text(description, label: "Description", max: 4000) { errors["description"] = problem }
        let engineerID = try InputFields.person(db, engineer, field: "engineer", label: "engineer in charge", errors: &errors)
        var downtimeID: Int64?
        if downtime != "auto" && downtime != "none" && !downtime.isEmpty {
            if let id = Int64(downtime), try DowntimeStore.exists(db, id: id) {
                downtimeID = id
            } else {
                errors["downtime_id"] = "There is no downtime DT-\(downtime.prefix(20))."
            }
        }
        guard errors.isEmpty, let severity, let start else { return .failure(FieldErrors(errors)) }
        return .success(IncidentDraft(title: title, ticket: ticket.trimmingCharacters(in: .whitespaces), ticketURL: url, severity: severity,
                                      engineerID: engineerID, startedAt: start, description: description, targets: resolved, downtimeID: downtimeID))
    }

    /// True when the link to an unplanned downtime should be found automatically.
    var autoLinksDowntime: Bool { downtime == "auto" || downtime.isEmpty }
}
