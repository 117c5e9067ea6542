import Foundation
import PortalHTTP
import PortalMail
import PortalStore

/// `/settings/tickets` (admins): the ticket systems the report PDF is pushed to, and the recent pushes.
/// Secrets are sealed with the server's key when saved and never shown back.
enum TicketSettingsController {
    struct Model {
        struct Row {
            let id: Int64
            let system: String
            let url: String
            let auth: String
        }

        let site: SiteChrome
        let title = "Ticket integrations"
        let rows: [Row]
        let hasRows: Bool
        let systems: [ListPage.Option]
        let auths: [ListPage.Option]
        let values: [String: String]
        let errors: [String: String]
        let hasErrors: Bool
        let deliveries: [OutboxTicketRow]
        let hasDeliveries: Bool
        let signatureHeader = WebhookClient.signatureHeader
    }

    static let authLabels: [TicketAuth: String] = [.basic: "Basic (user and password or API token)", .bearer: "Bearer token (OAuth or personal access token)",
                                                   .signature: "Signed body (generic endpoint, like webhooks)"]

    static let shortAuthLabels: [TicketAuth: String] = [.basic: "Basic", .bearer: "Bearer token", .signature: "Signed body"]

    static func page(_ request: Request, _ context: AppContext, values: [String: String] = [:], errors: [String: String] = [:], status: Int = 200) throws -> Response {
        let (integrations, deliveries) = try context.store.read { db in (try TicketStore.integrations(db), try TicketStore.recent(db, limit: 30)) }
        let model = Model(
            site: SiteChrome(request),
            rows: integrations.map { Model.Row(id: $0.id, system: $0.system.displayName, url: $0.baseURL,
                                               auth: shortAuthLabels[$0.auth]! + ($0.auth == .basic ? " as \($0.username)" : "")) },
            hasRows: !integrations.isEmpty,
            systems: TicketSystem.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.displayName, selected: $0.rawValue == values["kind"]) },
            auths: TicketAuth.allCases.map { ListPage.Option(value: $0.rawValue, label: authLabels[$0]!, selected: $0.rawValue == values["auth"]) },
            values: values, errors: errors, hasErrors: !errors.isEmpty,
            deliveries: deliveries.map { OutboxTicketRow($0, canResend: false) }, hasDeliveries: !deliveries.isEmpty)
        return Flash.clear(try context.views.page("notifications/tickets", model, status: status), request: request)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response { try page(request, context) }

    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        let url = String((form["base_url"] ?? "").prefix(2001)).trimmingCharacters(in: .whitespaces)
        let username = String((form["username"] ?? "").prefix(201)).trimmingCharacters(in: .whitespaces)
        let secret = form["secret"] ?? ""
        var errors: [String: String] = [:]
        let system = TicketSystem(rawValue: form["kind"] ?? "")
        let auth = TicketAuth(rawValue: form["auth"] ?? "")
        if system == nil { errors["kind"] = "Choose ServiceNow, Jira or a generic HTTPS endpoint." }
        if auth == nil { errors["auth"] = "Choose how Forewarn signs in." }
        if let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host?.isEmpty == false, url.count <= 2000 {
            do {
                _ = try context.configuration.outbound.resolve(url)
            } catch where error.isPermanent {
                errors["base_url"] = error.message
            } catch {
                // A name that does not resolve yet is checked again at every delivery.
            }
        } else {
            errors["base_url"] = system == .generic ? "Give the endpoint's full https:// address." : "Give the instance's address, like https://example.service-now.com."
        }
        if auth == .signature, system != .generic { errors["auth"] = "Only the generic endpoint checks a signed body; ServiceNow and Jira need basic or bearer." }
        if auth == .basic, username.isEmpty { errors["username"] = "Basic authentication needs a user name." }
        if username.count > 200 { errors["username"] = "Keep the user name under 200 characters." }
        if secret.isEmpty || secret.count > 1000 { errors["secret"] = "Give the password, token or signing secret (at most 1000 characters)." }
        if auth == .signature, secret.utf8.count < WebhookSigner.minimumSecretBytes {
            errors["secret"] = "A signing secret needs at least \(WebhookSigner.minimumSecretBytes) characters."
        }
        // The secret is never put back into the page, not even after a mistake.
        let kept = ["kind": form["kind"] ?? "", "base_url": url, "auth": form["auth"] ?? "", "username": username]
        guard errors.isEmpty, let system, let auth else { return try page(request, context, values: kept, errors: errors, status: 422) }
        let sealed = context.secrets.seal(secret)
        try context.store.write { db in
            let id = try TicketStore.addIntegration(db, system: system, baseURL: url, auth: auth, username: username, secretSealed: sealed)
            try AuditLog.record(db, actor: AuditActor(request).name, action: "create", objectKind: "ticket_integration", objectID: id,
                                objectName: "\(system.displayName) \(url)", requestID: request.requestID)
        }
        return Flash.redirect(to: "/settings/tickets", message: "\(system.displayName) added. Announced downtimes with a change ticket now push their report there.")
    }

    @Sendable static func delete(_ request: Request, _ context: AppContext) throws -> Response {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        let removed = try context.store.write { db -> Bool in
            guard try TicketStore.deleteIntegration(db, id: id) else { return false }
            try AuditLog.record(db, actor: AuditActor(request).name, action: "delete", objectKind: "ticket_integration", objectID: id,
                                objectName: "", requestID: request.requestID)
            return true
        }
        guard removed else { throw HTTPError.notFound("There is no such ticket integration.") }
        return Flash.redirect(to: "/settings/tickets", message: "Ticket integration removed.")
    }

    /// `POST /outbox/tickets/:id/resend`: a failed push goes back in the queue from the step it stopped at.
    @Sendable static func resend(_ request: Request, _ context: AppContext) throws -> Response {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        let done = try context.store.write { db -> Bool in
            guard try TicketStore.resend(db, id: id) else { return false }
            try AuditLog.record(db, actor: AuditActor(request).name, action: "resend", objectKind: "ticket_delivery", objectID: id,
                                objectName: "", requestID: request.requestID)
            return true
        }
        guard done else { return Flash.redirect(to: "/outbox", kind: "error", message: "Only a failed push can be resent; this one is not failed.") }
        context.outboxSignal.signal()
        return Flash.redirect(to: "/outbox", message: "The push to the ticket system is queued again.")
    }
}

/// One push to a ticket system as /outbox and /settings/tickets list it.
struct OutboxTicketRow {
    let id: Int64
    let queuedAt: String
    let reference: String
    let href: String
    let system: String
    let ticket: String
    let status: String
    let attempts: Int
    let detail: String
    let canResend: Bool

    init(_ delivery: TicketDeliveryRecord, canResend: Bool) {
        id = delivery.id
        queuedAt = OutboxController.shortTime(delivery.createdAt)
        reference = "DT-\(delivery.downtimeID)"
        href = "/downtimes/\(delivery.downtimeID)"
        system = delivery.integration.system.displayName
        ticket = delivery.ticket
        status = delivery.status.rawValue
        attempts = delivery.attempts
        detail = switch delivery.status {
        case .sent: delivery.integration.system == .generic ? "report and downtime delivered" : "report attached, work note added"
        case .queued: delivery.lastError.isEmpty ? "waiting for the outbox worker" : "will retry: \(delivery.lastError)"
        case .failed: delivery.lastError
        }
        self.canResend = canResend && delivery.status == .failed
    }
}
