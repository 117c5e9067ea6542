import Foundation
import PortalStore

/// Where mail goes: `serve --smtp-url/--mail-from`, else FOREWARN_SMTP_URL/FOREWARN_MAIL_FROM (both read into the
/// configuration at start), else the settings page. Nil while mail is not configured: notices then wait in the outbox.
struct MailSettings: Sendable, Equatable {
    static let smtpKey = "mail.smtp_url"
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
        let (url, stored) = try context.store.read { db in (try SettingsStore.value(db, smtpKey), try SettingsStore.value(db, fromKey)) }
        guard let url, !url.isEmpty else { return nil }
        let from = stored.flatMap { $0.isEmpty ? nil : $0 } ?? context.configuration.mailFrom ?? "forewarn@localhost"
        return MailSettings(smtpURL: url, from: from, source: "settings page")
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
