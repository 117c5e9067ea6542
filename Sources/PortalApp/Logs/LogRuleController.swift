import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/rules`: the log rules per stage with their current window, the form to add one, and `/rules/<id>/edit` to change
/// one (both re-rendered with field errors and the input kept).
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

    /// The rule form with its choices, for adding (`/rules`) and editing (`/rules/<id>/edit`).
    struct Editor {
        let form: FormState
        let action: String
        let submitLabel: String
        let stages: [Option]
        let levels: [Option]
        let kinds: [Option]
        let notify: Bool
        let severities: [Option]
        let webhooks: [Option]
        let otherStages: [Option]
    }

    struct ListModel {
        let site: SiteChrome
        let rows: [Row]
        let hasRows: Bool
        let canEdit: Bool
        let editor: Editor
    }

    struct EditModel {
        let site: SiteChrome
        let name: String
        let editor: Editor
    }

    static func editor(_ context: AppContext, action: String, submitLabel: String, values: [String: String], errors: [String: String]) throws -> Editor {
        let hooks = try context.store.read { try NoticeStore.webhooks($0) }
        var webhooks = [Option(value: "", label: "none", selected: (values["webhook"] ?? "").isEmpty)]
        webhooks += hooks.map { Option(value: $0.url, label: $0.description.isEmpty ? $0.url : "\($0.description) (\($0.url))", selected: $0.url == values["webhook"]) }
        if let chosen = values["webhook"], !chosen.isEmpty, !hooks.contains(where: { $0.url == chosen }) {
            webhooks.append(Option(value: chosen, label: chosen, selected: true))
        }
        let chosenStages = (values["stages"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return Editor(
            form: FormState(values: values, errors: errors, order: LogRuleSpec.fields), action: action, submitLabel: submitLabel,
            stages: Environment.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == values["stage"]) },
            levels: LogLevel.allCases.reversed().map { Option(value: $0.name, label: $0.name, selected: $0.name == values["minimum_level"]) },
            kinds: [("any", "no text condition"), ("fts", "full-text query"), ("regex", "regular expression")].map {
                Option(value: $0.0, label: $0.1, selected: $0.0 == values["text_kind"])
            },
            notify: !(values["notify_contacts"] ?? "").isEmpty,
            severities: [Option(value: "", label: "no incident", selected: (values["incident_severity"] ?? "").isEmpty)]
                + IncidentSeverity.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == values["incident_severity"]) },
            webhooks: webhooks,
            otherStages: Environment.allCases.map { Option(value: $0.rawValue, label: $0.rawValue, selected: chosenStages.contains($0.rawValue)) })
    }

    static func row(_ rule: LogRuleRecord) -> Row {
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

    static func page(_ request: Request, _ context: AppContext, values: [String: String], errors: [String: String] = [:], status: Int = 200) throws -> Response {
        let rules = try context.store.read { try LogRuleStore.list($0) }
        let model = ListModel(site: SiteChrome(request), rows: rules.map(row), hasRows: !rules.isEmpty, canEdit: FormState.canEdit(request),
                              editor: try editor(context, action: "/rules", submitLabel: "Add rule", values: values, errors: errors))
        return try context.views.page("rules", model, status: status)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        try page(request, context, values: LogRuleService.values(LogRuleSpec(name: "", stage: .prod)))
    }

    /// The posted rule fields; an unticked "notify contacts" is an explicit no.
    static func posted(_ request: Request) throws -> [String: String] {
        var fields = try FormState.posted(request, fields: LogRuleSpec.fields)
        if fields["notify_contacts"]?.isEmpty != false { fields["notify_contacts"] = "0" }
        return fields
    }

    /// The fields as the form shows them again (an explicit no is an unticked box).
    static func shown(_ fields: [String: String]) -> [String: String] {
        fields.merging(["notify_contacts": fields["notify_contacts"] == "0" ? "" : fields["notify_contacts"] ?? ""]) { _, new in new }
    }

    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let fields = try posted(request)
        do {
            _ = try LogRuleService.create(context.store, fields: fields, actor: AuditActor(request))
            return Flash.redirect(to: "/rules", message: "Rule \(fields["name"] ?? "") was added.")
        } catch LogRuleService.Failure.invalid(let errors) {
            return try page(request, context, values: shown(fields), errors: errors, status: 422)
        }
    }

    static func load(_ request: Request, _ context: AppContext) throws -> LogRuleRecord {
        try FormState.record(request, context, missing: "There is no such rule.") { try LogRuleStore.fetch($0, id: $1) }
    }

    static func editPage(_ request: Request, _ context: AppContext, rule: LogRuleRecord, values: [String: String], errors: [String: String] = [:],
                         status: Int = 200) throws -> Response {
        let model = EditModel(site: SiteChrome(request), name: rule.spec.name,
                              editor: try editor(context, action: "/rules/\(rule.id)/edit", submitLabel: "Save rule", values: values, errors: errors))
        return try context.views.page("rules/edit", model, status: status)
    }

    @Sendable static func edit(_ request: Request, _ context: AppContext) throws -> Response {
        let rule = try load(request, context)
        return try editPage(request, context, rule: rule, values: LogRuleService.values(rule.spec))
    }

    @Sendable static func update(_ request: Request, _ context: AppContext) throws -> Response {
        let rule = try load(request, context)
        let fields = try posted(request)
        do {
            try LogRuleService.update(context.store, id: rule.id, fields: fields, actor: AuditActor(request))
            return Flash.redirect(to: "/rules", message: "Rule \(fields["name"] ?? "") was saved.")
        } catch LogRuleService.Failure.invalid(let errors) {
            return try editPage(request, context, rule: rule, values: shown(fields), errors: errors, status: 422)
        }
    }

    @Sendable static func delete(_ request: Request, _ context: AppContext) throws -> Response {
        let rule = try load(request, context)
        try LogRuleService.delete(context.store, id: rule.id, actor: AuditActor(request))
        return Flash.redirect(to: "/rules", message: "Rule \(rule.spec.name) was deleted.")
    }
}
