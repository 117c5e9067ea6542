import Foundation
import PortalStore

/// The XMPP settings saved on `/settings/xmpp`: domain, server and policy as settings, the component secret sealed with
/// the key file (`SecretBox`, as the SMTP password), never in clear in the database, a page or the audit log.
enum XMPPStoredSettings {
    static let domainKey = "xmpp.domain", serverKey = "xmpp.server", secretKey = "xmpp.secret", anyoneKey = "xmpp.anyone"

    /// What is saved (nil: nothing, or an incomplete set), with the secret opened.
    static func load(_ db: Database, secrets: SecretBox) throws -> XMPPSettings? {
        guard let domain = try SettingsStore.value(db, domainKey), !domain.isEmpty,
              let server = try SettingsStore.value(db, serverKey).flatMap(XMPPSettings.server),
              let sealed = try SettingsStore.value(db, secretKey), !sealed.isEmpty else { return nil }
        var settings = XMPPSettings(domain: domain, host: server.host, port: server.port, secret: try secrets.open(sealed))
        settings.anyoneOnServer = try SettingsStore.value(db, anyoneKey) == "1"
        return settings
    }

    /// Whether a secret is saved (the page says so without showing it).
    static func hasSecret(_ db: Database) throws -> Bool {
        try !(SettingsStore.value(db, secretKey) ?? "").isEmpty
    }

    /// Saves the settings; nil turns the component off (the secret is forgotten too).
    static func save(_ db: Database, _ settings: XMPPSettings?, secrets: SecretBox) throws {
        try SettingsStore.set(db, domainKey, settings?.domain ?? "")
        try SettingsStore.set(db, serverKey, settings?.server ?? "")
        try SettingsStore.set(db, secretKey, settings.map { secrets.seal($0.secret) } ?? "")
        try SettingsStore.set(db, anyoneKey, settings?.anyoneOnServer == true ? "1" : "0")
    }
}
