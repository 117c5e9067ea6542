import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/rules`: the log rules per stage with their current window, and the form to add one (re-rendered with field errors
/// and the input kept).
enum LogRuleController {
    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Row {
        let id: Int64
        let name: String
        let stage: String
        let service: String
        let level: String
        let text: String
        let hasText: Bool
        let rate: String
        let window: String
        let notify: String
    }

    struct Model {
        let site: SiteChrome
        let rows: [Row]
        let hasRows: Bool
        let values: [String: String]
        let errors: [String: String]
        let errorList: [String]
        let hasErrors: Bool
        let canEdit: Bool
        let stages: [Option]
        let levels: [Option]
        let kinds: [Option]
        let notify: Bool
        let severities: [Option]
        let webhooks: [Option]
        let otherStages: [Option]
    }

    static func page(_ request: Request, _ context: AppContext, values: [String: String], errors: [String: String] = [:], status: Int = 200) throws -> Response {
        let (rules, hooks) = try context.store.read { (try LogRuleStore.list($0), try NoticeStore.webhooks($0)) }
        var webhooks = [Option(value: "", label: "none", selected: (values["webhook"] ?? "").isEmpty)]
        webhooks += hooks.map { Option(value: $0.url, label: $0.description.isEmpty ? $0.url : "\($0.description) (\($0.url))", selected: $0.url == values["webhook"]) }
        if let chosen = values["webhook"], !chosen.isEmpty, !hooks.contains(where: { $0.url == chosen }) {
            webhooks.append(Option(value: chosen, label: chosen, selected: true))
        }
        let rows = rules.map { rule -> Row in
            let s = rule.spec
            let window: String = rule.window.map { w in
                var text = "\(w.count) since \(UTCTimestamp.string(from: w.start))"
                if let fired = rule.windowFiredAt { text += rule.silencedBy.map { ", fired at \(UTCTimestamp.string(from: fired)), silenced by DT-\($0)" } ?? ", notice at \(UTCTimestamp.string(from: fired))" }
                return text
            } ?? "no match yet"
            return Row(id: rule.id, name: s.name, stage: s.stages.map(\.rawValue).joined(separator: ", "), service: s.service.isEmpty ? "any" : s.service, level: "\(s.minimumLevel.name) or worse",
                       text: s.textKind == .any ? "" : "\(s.textKind == .fts ? "FTS" : "regex"): \(s.text)", hasText: s.textKind != .any, rate: "\(s.count) in \(s.windowSeconds) s",
                       window: window, notify: (s.notifyContacts ? "contacts and subscribers" : "nobody (counted only)")
                           + (s.notifyNames.isEmpty ? "" : "; \(s.notifyNames.joined(separator: ", "))")
                           + (s.incidentSeverity.map { "; opens a \($0.rawValue) incident" } ?? "")
                           + (s.webhook.isEmpty ? "" : "; calls \(s.webhook)")
                           + (s.heartbeat.isEmpty ? "" : "; beats heartbeat \(s.heartbeat)"))
        }
        let model = Model(
            site: SiteChrome(request), rows: rows, hasRows: !rows.isEmpty, values: values, errors: errors,
            errorList: LogRuleSpec.fields.compactMap { errors[$0] }, hasErrors: !errors.isEmpty,
            canEdit: (request.identity?.role ?? .viewer) >= .engineer,
            stages: Environment.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == values["stage"]) },
            levels: LogLevel.allCases.reversed().map { Option(value: $0.name, label: $0.name, selected: $0.name == values["minimum_level"]) },
            kinds: [("any", "no text condition"), ("fts", "full-text query"), ("regex", "regular expression")].map {
                Option(value: $0.0, label: $0.1, selected: $0.0 == values["text_kind"])
            },
            notify: !(values["notify_contacts"] ?? "").isEmpty,
            severities: [Option(value: "", label: "no incident", selected: (values["incident_severity"] ?? "").isEmpty)]
                + IncidentSeverity.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == values["incident_severity"]) },
            webhooks: webhooks,
            otherStages: Environment.allCases.map { stage in
                Option(value: stage.rawValue, label: stage.rawValue,
                       selected: (values["stages"] ?? "").split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == stage.rawValue })
            })
        return try context.views.page("rules", model, status: status)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        try page(request, context, values: LogRuleService.values(LogRuleSpec(name: "", stage: .prod)))
    }

    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        var fields: [String: String] = [:]
        for field in LogRuleSpec.fields { fields[field] = form[field] ?? "" }
        fields["stages"] = form.all("stages").joined(separator: ", ")
        if fields["notify_contacts"]?.isEmpty == true { fields["notify_contacts"] = "0" }
        do {
            _ = try LogRuleService.create(context.store, fields: fields, actor: AuditActor(request))
            return Flash.redirect(to: "/rules", message: "Rule \(fields["name"] ?? "") was added.")
        } catch LogRuleService.Failure.invalid(let errors) {
            if fields["notify_contacts"] == "0" { fields["notify_contacts"] = "" }
            return try page(request, context, values: fields, errors: errors, status: 422)
        }
    }

    @Sendable static func delete(_ request: Request, _ context: AppContext) throws -> Response {
        guard let id = Int64(try request.parameter("id")), let rule = try context.store.read({ try LogRuleStore.fetch($0, id: id) }) else {
            throw HTTPError(404, "There is no such rule.")
        }
        try LogRuleService.delete(context.store, id: id, actor: AuditActor(request))
        return Flash.redirect(to: "/rules", message: "Rule \(rule.spec.name) was deleted.")
    }
}
