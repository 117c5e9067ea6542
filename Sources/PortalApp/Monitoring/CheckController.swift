import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// The check forms: create, edit, pause and resume, delete. Forms re-render with field messages and the input kept.
enum CheckController {
    struct FormModel {
        let site: SiteChrome
        let title: String
        let action: String
        let submit: String
        let values: [String: String]
        let errors: [String: String]
        let errorList: [String]
        let hasErrors: Bool
        let kinds: [MonitoringPages.Option]
        let targetKinds: [MonitoringPages.Option]
        let methods: [MonitoringPages.Option]
        let opensIncident: Bool
        let cancel: String
    }

    static func form(_ request: Request, _ context: AppContext, values: [String: String], errors: [String: String] = [:], id: Int64? = nil,
                     status: Int = 200) throws -> Response {
        let kind = values["kind"] ?? "http"
        let order = CheckInput.fields
        let model = FormModel(
            site: SiteChrome(request), title: id == nil ? "New check" : "Edit check \(values["name"] ?? "")",
            action: id.map { "/monitoring/checks/\($0)" } ?? "/monitoring/checks", submit: id == nil ? "Create check" : "Save changes",
            values: values, errors: errors, errorList: order.compactMap { errors[$0] } + errors.filter { !order.contains($0.key) }.map(\.value),
            hasErrors: !errors.isEmpty,
            kinds: CheckKind.allCases.map { .init(value: $0.rawValue, label: $0.rawValue.uppercased(), selected: $0.rawValue == kind) },
            targetKinds: CheckSpec.targetKinds.map { .init(value: $0, label: $0, selected: $0 == (values["target_kind"] ?? "service")) },
            methods: ["GET", "HEAD"].map { .init(value: $0, label: $0, selected: $0 == (values["method"] ?? "GET")) },
            opensIncident: !(values["opens_incident"] ?? "").isEmpty, cancel: id.map { "/monitoring/checks/\($0)" } ?? "/monitoring")
        return try context.views.page("monitoring/form", model, status: status)
    }

    @Sendable static func new(_ request: Request, _ context: AppContext) throws -> Response {
        let interval = try context.store.read { try CheckService.defaultInterval($0) }
        var values = CheckInput(CheckSpec(name: "", kind: .http, targetKind: "service", targetName: request.queryValue("target") ?? "",
                                          intervalSeconds: interval)).values
        values["port"] = ""
        return try form(request, context, values: values)
    }

    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let submitted = try request.form()
        let input = CheckInput { submitted[$0] }
        do {
            let id = try CheckService.create(context.store, input, actor: AuditActor(request))
            return Flash.redirect(to: "/monitoring/checks/\(id)", message: "Check \(input.values["name"] ?? "") was created; it runs within seconds.")
        } catch CheckService.Failure.invalid(let errors) {
            return try form(request, context, values: input.values, errors: errors, status: 422)
        }
    }

    @Sendable static func edit(_ request: Request, _ context: AppContext) throws -> Response {
        let check = try MonitoringPages.load(request, context)
        return try form(request, context, values: CheckInput(check.spec).values, id: check.id)
    }

    @Sendable static func update(_ request: Request, _ context: AppContext) throws -> Response {
        let check = try MonitoringPages.load(request, context)
        let submitted = try request.form()
        var input = CheckInput { submitted[$0] }
        input.values["paused"] = check.spec.paused ? "1" : ""
        do {
            try CheckService.update(context.store, id: check.id, input, actor: AuditActor(request))
            return Flash.redirect(to: "/monitoring/checks/\(check.id)", message: "Check \(input.values["name"] ?? "") was saved.")
        } catch CheckService.Failure.invalid(let errors) {
            return try form(request, context, values: input.values, errors: errors, id: check.id, status: 422)
        }
    }

    /// `POST /monitoring/checks/:id/pause` and `/resume`.
    @Sendable static func pause(_ request: Request, _ context: AppContext) throws -> Response {
        let check = try MonitoringPages.load(request, context)
        let paused = request.path.hasSuffix("/pause")
        try CheckService.setPaused(context.store, id: check.id, paused: paused, actor: AuditActor(request))
        return Flash.redirect(to: "/monitoring/checks/\(check.id)", message: "Check \(check.name) is \(paused ? "paused" : "running again").")
    }

    @Sendable static func delete(_ request: Request, _ context: AppContext) throws -> Response {
        let check = try MonitoringPages.load(request, context)
        try CheckService.delete(context.store, id: check.id, actor: AuditActor(request))
        return Flash.redirect(to: "/monitoring", message: "Check \(check.name) was deleted with its history.")
    }
}
