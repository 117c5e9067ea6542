import Foundation
import PortalHTTP
import PortalMail
import PortalStore

/// `/webhooks` (admins): URLs that receive every notice as signed JSON, and their recent deliveries.
enum WebhookController {
    struct Model {
        struct Row {
            let id: Int64
            let url: String
            let description: String
            let secret: String
            let created: String
        }

        struct DeliveryRow {
            let at: String
            let url: String
            let event: String
            let status: String
            let attempts: Int
            let error: String
        }

        let site: SiteChrome
        let title = "Webhooks"
        let rows: [Row]
        let hasRows: Bool
        let deliveries: [DeliveryRow]
        let hasDeliveries: Bool
        let values: [String: String]
        let errors: [String: String]
        let hasErrors: Bool
        let header = WebhookClient.signatureHeader
    }

    static func page(_ request: Request, _ context: AppContext, values: [String: String] = [:], errors: [String: String] = [:], status: Int = 200) throws -> Response {
        let (hooks, deliveries) = try context.store.read { db in (try NoticeStore.webhooks(db), try NoticeStore.deliveries(db, limit: 50)) }
        let model = Model(
            site: SiteChrome(request),
            rows: hooks.map { Model.Row(id: $0.id, url: $0.url, description: $0.description, secret: $0.secret, created: StoreTime.format($0.createdAt)) },
            hasRows: !hooks.isEmpty,
            deliveries: deliveries.map { Model.DeliveryRow(at: StoreTime.format($0.createdAt), url: $0.url, event: $0.event, status: $0.status.rawValue,
                                                           attempts: $0.attempts, error: $0.lastError) },
            hasDeliveries: !deliveries.isEmpty, values: values, errors: errors, hasErrors: !errors.isEmpty)
        return Flash.clear(try context.views.page("notifications/webhooks", model, status: status), request: request)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response { try page(request, context) }

    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        let url = String((form["url"] ?? "").prefix(2001)).trimmingCharacters(in: .whitespaces)
        let description = String((form["description"] ?? "").prefix(201)).trimmingCharacters(in: .whitespaces)
        var errors: [String: String] = [:]
        if let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host?.isEmpty == false, url.count <= 2000 {
        } else {
            errors["url"] = "Give a full http:// or https:// address (at most 2000 characters)."
        }
        if errors.isEmpty {
            do {
                _ = try context.configuration.outbound.resolve(url)
            } catch where error.isPermanent {
                errors["url"] = error.message
            } catch {
                // A name that does not resolve yet is checked again at every delivery.
            }
        }
        if description.count > 200 { errors["description"] = "Keep the description under 200 characters." }
        guard errors.isEmpty else { return try page(request, context, values: ["url": url, "description": description], errors: errors, status: 422) }
        let secret = WebhookSigner.generateSecret()
        try context.store.write { db in
            let id = try NoticeStore.addWebhook(db, url: url, secret: secret, description: description)
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "create", objectKind: "webhook", objectID: id, objectName: url,
                                requestID: request.requestID)
        }
        return Flash.redirect(to: "/webhooks", message: "Webhook added. Verify the \(WebhookClient.signatureHeader) header with the secret shown.")
    }

    @Sendable static func delete(_ request: Request, _ context: AppContext) throws -> Response {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        let removed = try context.store.write { db -> Bool in
            guard try NoticeStore.deleteWebhook(db, id: id) else { return false }
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "delete", objectKind: "webhook", objectID: id, objectName: "", requestID: request.requestID)
            return true
        }
        guard removed else { throw HTTPError.notFound("There is no such webhook.") }
        return Flash.redirect(to: "/webhooks", message: "Webhook removed.")
    }
}
