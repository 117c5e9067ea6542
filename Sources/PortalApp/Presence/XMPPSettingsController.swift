import Foundation
import PortalHTTP
import PortalStore

/// `/settings/xmpp` (admins): the XMPP component's domain, server, secret and subscription policy, for when `serve`
/// is started without the `--xmpp-*` flags (the flags win). Saving reconnects the component with the new settings.
/// The secret is stored sealed and never shown again: an empty field keeps the saved one.
enum XMPPSettingsController {
    static let limits = (domain: 253, server: 260, secret: 1000)

    static func page(_ request: Request, _ context: AppContext, values: [String: String]? = nil, errors: [String: String] = [:],
                     status: Int = 200) throws -> Response {
        let (saved, hasSecret) = try context.store.read { db in
            (try XMPPStoredSettings.load(db, secrets: context.secrets), try XMPPStoredSettings.hasSecret(db))
        }
        let shown = values ?? ["domain": saved?.domain ?? "", "server": saved?.server ?? "", "policy": saved?.anyoneOnServer == true ? "anyone" : "known"]
        let state = switch context.xmpp.isConnected {
        case nil: "Off: no component runs."
        case true?: "Connected as \(context.xmpp.domain ?? "")."
        case false?: "Not connected to \(context.xmpp.domain ?? "") yet: the component keeps trying, waiting longer each time."
        }
        let model = XMPPSettingsPage(site: SiteChrome(request), values: shown, errors: errors, hasErrors: !errors.isEmpty,
                          overridden: context.configuration.xmpp != nil, hasSecret: hasSecret, anyone: shown["policy"] == "anyone", state: state)
        return Flash.clear(try context.views.page("presence/xmpp-settings", model, status: status), request: request)
    }

    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response { try page(request, context) }

    @Sendable static func save(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        var values: [String: String] = [:]
        for key in ["domain", "server", "policy"] { values[key] = String((form[key] ?? "").prefix(400)).trimmingCharacters(in: .whitespaces) }
        let secret = String((form["secret"] ?? "").prefix(limits.secret + 1))
        let (hasSecret, saved) = try context.store.read { db in
            (try XMPPStoredSettings.hasSecret(db), try XMPPStoredSettings.load(db, secrets: context.secrets))
        }
        var errors: [String: String] = [:]
        let domain = (values["domain"] ?? "").lowercased(), server = values["server"] ?? ""
        let off = domain.isEmpty && server.isEmpty
        if !off {
            if !XMPPSettings.isDomain(domain) { errors["domain"] = "Give the component's domain as declared on the XMPP server, e.g. services.example.org." }
            if XMPPSettings.server(server) == nil { errors["server"] = "Give the XMPP server's component port as host:port, e.g. 127.0.0.1:5347." }
            if secret.count > limits.secret || secret.contains(where: \.isNewline) {
                errors["secret"] = "The secret is one line of at most \(limits.secret) characters."
            } else if secret.isEmpty && !hasSecret {
                errors["secret"] = "Give the component secret (component_secret on the XMPP server)."
            }
        }
        if !["known", "anyone"].contains(values["policy"] ?? "") { errors["policy"] = "Choose who may subscribe to service addresses." }
        guard errors.isEmpty else { return try page(request, context, values: values, errors: errors, status: 422) }
        var settings: XMPPSettings?
        if !off, let address = XMPPSettings.server(server) {
            settings = XMPPSettings(domain: domain, host: address.host, port: address.port, secret: secret.isEmpty ? saved?.secret ?? "" : secret)
            settings?.anyoneOnServer = values["policy"] == "anyone"
        }
        try context.store.write { db in
            try XMPPStoredSettings.save(db, settings, secrets: context.secrets)
            let after: [String: String] = ["domain": domain, "server": server, "policy": values["policy"] ?? "",
                                           "secret": off ? "forgotten" : secret.isEmpty ? "kept" : "changed"]
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "update", objectKind: "settings", objectID: nil, objectName: "xmpp",
                                after: String(decoding: try JSONSerialization.data(withJSONObject: after, options: [.sortedKeys]), as: UTF8.self),
                                requestID: request.requestID)
        }
        guard context.configuration.xmpp == nil else {
            return Flash.redirect(to: "/settings/xmpp", message: "Saved. The server was started with the --xmpp flags: they stay in force until it starts without them.")
        }
        context.xmpp.reload(context)
        return Flash.redirect(to: "/settings/xmpp", message: off ? "Saved. The XMPP component is off." : "Saved. The component connects with the new settings.")
    }
}

/// What `/settings/xmpp` shows (template `presence/xmpp-settings`).
struct XMPPSettingsPage {
    let site: SiteChrome
    let title = "XMPP settings"
    let values: [String: String]
    let errors: [String: String]
    let hasErrors: Bool
    /// Set when the serve flags are in force: they win over what is saved here.
    let overridden: Bool
    let hasSecret: Bool
    let anyone: Bool
    let state: String
}
