import Foundation
import PortalHTTP
import PortalStore

/// `POST /settings/public-url`: the portal's public address, saved from the mail settings page (a `--public-url` or
/// `FOREWARN_PUBLIC_URL` given at start wins over it). Links in notices, reports and feeds start with it.
enum PublicURLController {
    @Sendable static func save(_ request: Request, _ context: AppContext) throws -> Response {
        let typed = String((try request.form()["public_url"] ?? "").prefix(2000)).trimmingCharacters(in: .whitespaces)
        var stored = ""
        if !typed.isEmpty {
            guard let normalized = PublicURL.normalized(typed) else {
                return try OutboxController.settingsPage(request, context, values: ["public_url": typed],
                                                         errors: ["public_url": "Write the address people open the portal at, such as https://forewarn.example.com."],
                                                         status: 422)
            }
            stored = normalized
        }
        try context.store.write { db in
            try SettingsStore.set(db, PublicURL.settingKey, stored)
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "update", objectKind: "settings", objectID: nil,
                                objectName: "public url", after: String(decoding: try JSONSerialization.data(withJSONObject: ["public_url": stored]), as: UTF8.self),
                                requestID: request.requestID)
        }
        return Flash.redirect(to: "/settings/mail", message: stored.isEmpty ? "Saved. Links use the listening address until a public address is set."
                                                                               : "Saved. New notices link to \(stored).")
    }
}
