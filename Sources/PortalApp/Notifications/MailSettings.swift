import Foundation
import PortalStore

/// Where mail goes: `serve --smtp-url/--mail-from`, else FOREWARN_SMTP_URL/FOREWARN_MAIL_FROM (both read into the
/// configuration at start), else the settings page. Nil while mail is not configured: notices then wait in the outbox.
struct MailSettings: Sendable, Equatable {
    static let smtpKey = "mail.smtp_url"
    /// The SMTP password, sealed with the key file (`SecretBox`); `mail.smtp_url` never holds it.
    static let passwordKey = "mail.smtp_password"
    static let fromKey = "mail.from"
    static let remindersKey = "notices.reminder_minutes"
    static let defaultReminders = [1440, 60]

    let smtpURL: String
    let from: String
    /// Which of the three places the values came from, for the settings page.
    let source: String

    static func current(_ context: AppContext) throws -> MailSettings? {
        if let url = context.configuration.smtpURL, !url.isEmpty {
            return MailSettings(smtpURL: url, from: context.configuration.mailFrom ?? "forewarn@localhost", source: "command line or environment")
        }
        let (url, sealed, stored) = try context.store.read { db in
            (try SettingsStore.value(db, smtpKey), try SettingsStore.value(db, passwordKey), try SettingsStore.value(db, fromKey))
        }
        guard var url, !url.isEmpty else { return nil }
        if let sealed, !sealed.isEmpty {
            do {
                url = withPassword(url, try context.secrets.open(sealed))
            } catch {
                // Sent without the password the server refuses with its own message, which the outbox shows.
                context.logger.error("mail settings: \(error)")
            }
        }
        let from = stored.flatMap { $0.isEmpty ? nil : $0 } ?? context.configuration.mailFrom ?? "forewarn@localhost"
        return MailSettings(smtpURL: url, from: from, source: "settings page")
    }

    /// Stores the server address without its password and the password sealed; an empty URL clears both.
    static func save(_ db: Database, url: String, secrets: SecretBox) throws {
        var components = URLComponents(string: url)
        let password = components?.password
        components?.password = nil
        try SettingsStore.set(db, smtpKey, password == nil ? url : (components?.string ?? url))
        try SettingsStore.set(db, passwordKey, password.map(secrets.seal) ?? "")
    }

    /// The stored URL with its password for the settings form, or nil when none is stored.
    static func storedURL(_ db: Database, secrets: SecretBox) throws -> String? {
        guard let url = try SettingsStore.value(db, smtpKey), !url.isEmpty else { return nil }
        guard let sealed = try SettingsStore.value(db, passwordKey), !sealed.isEmpty else { return url }
        return withPassword(url, (try? secrets.open(sealed)) ?? "")
    }

    /// Moves a password stored in clear by an earlier version into the sealed setting (once, at start).
    static func sealLegacyPassword(_ store: Store, secrets: SecretBox) throws {
        try store.write { db in
            guard let url = try SettingsStore.value(db, smtpKey), URLComponents(string: url)?.password != nil else { return }
            try save(db, url: url, secrets: secrets)
        }
    }

    private static func withPassword(_ url: String, _ password: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.password = password
        return components.string ?? url
    }

    /// Reminder lead times in minutes, longest first (setting `notices.reminder_minutes`, e.g. `1440,60`).
    static func reminderMinutes(_ db: Database) throws -> [Int] {
        try SettingsStore.value(db, remindersKey).flatMap(parseReminders) ?? defaultReminders
    }

    /// `1440, 60` → [1440, 60]; nil when any part is not a whole number of minutes between 1 and 30 days.
    static func parseReminders(_ text: String) -> [Int]? {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let values = parts.compactMap { Int($0) }.filter { (1...43_200).contains($0) }
        guard values.count == parts.count, values.count <= 5 else { return nil }
        return Array(Set(values)).sorted(by: >)
    }

    /// The domain part of Message-IDs and calendar UIDs: the sender's domain, else the portal's host.
    static func messageDomain(from: String?, baseURL: String) -> String {
        if let from, let at = from.lastIndex(of: "@") {
            let domain = from[from.index(after: at)...].filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
            if !domain.isEmpty { return String(domain) }
        }
        return URL(string: baseURL)?.host ?? "forewarn.invalid"
    }
}
