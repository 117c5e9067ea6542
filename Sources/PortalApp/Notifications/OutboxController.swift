import Foundation
import PortalCore
import PortalHTTP
import PortalMail
import PortalStore

/// `/outbox`: every notice queued, sent or failed (with the server's reason), by downtime, person or address;
/// resend a failed one. `/settings/mail`: the SMTP server, sender and reminder lead times.
enum OutboxController {
    struct Model {
        struct Row {
            let id: Int64
            let queuedAt: String
            let reference: String
            let href: String
            let event: String
            let showHref: String
            let recipient: String
            let status: String
            let attempts: Int
            let detail: String
            let canResend: Bool
        }

        let site: SiteChrome
        let title = "Outbox"
        let rows: [Row]
        let hasRows: Bool
        let queued: Int
        let sent: Int
        let failed: Int
        let mailConfigured: Bool
        let mailSource: String
        let statuses: [ListPage.Option]
        let downtime: String
        let person: String
        let name: String
        let recipient: String
        let canResend: Bool
        let previousPage: String
        let nextPage: String
        let pageNumber: Int
        /// Set when no public URL is configured: the links in notices use the listening address.
        var publicURLWarning = ""
        /// Pushes of report PDFs to change tickets (failed ones resendable).
        var tickets: [OutboxTicketRow] = []
        var hasTickets = false
    }

    static let pageSize = 100

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let status = request.queryValue("status").flatMap(DeliveryStatus.init(rawValue:))
        let downtimeID = request.queryValue("downtime").flatMap { Int64($0.replacingOccurrences(of: "DT-", with: "")) }
        let personID = request.queryValue("person").flatMap { Int64($0) }
        let recipient = String((request.queryValue("recipient") ?? "").prefix(254)).trimmingCharacters(in: .whitespaces)
        let name = String((request.queryValue("name") ?? "").prefix(200)).trimmingCharacters(in: .whitespaces)
        let pageNumber = min(max(Int(request.queryValue("page") ?? "") ?? 1, 1), 100_000)
        let (fetched, counts) = try context.store.read { db in
            (try NoticeStore.list(db, status: status, downtimeID: downtimeID, personID: personID, recipient: recipient, name: name,
                                  limit: pageSize + 1, offset: (pageNumber - 1) * pageSize),
             try NoticeStore.counts(db, downtimeID: downtimeID))
        }
        let rows = Array(fetched.prefix(pageSize))
        // The same filters on the neighbouring pages.
        var query: [String] = []
        if let status { query.append("status=\(status.rawValue)") }
        if let downtimeID { query.append("downtime=\(downtimeID)") }
        if let personID { query.append("person=\(personID)") }
        if !recipient.isEmpty { query.append("recipient=\(URLEncoding.encode(recipient))") }
        if !name.isEmpty { query.append("name=\(URLEncoding.encode(name))") }
        func link(_ page: Int) -> String { "/outbox?" + (query + ["page=\(page)"]).joined(separator: "&") }
        let settings = try MailSettings.current(context)
        let canResend = (request.identity?.role ?? .viewer) >= .commsManager
        var model = Model(
            site: SiteChrome(request),
            rows: rows.map { row in
                let reference = row.downtimeID.map { "DT-\($0)" } ?? row.incidentID.map { "INC-\($0)" } ?? ""
                let href = row.downtimeID.map { "/downtimes/\($0)" } ?? row.incidentID.map { "/incidents/\($0)" } ?? "#"
                let detail: String = switch row.status {
                case .sent: "sent \(row.sentAt.map(shortTime) ?? "")"
                case .queued: row.lastError.isEmpty ? "due \(shortTime(row.nextAttemptAt))" : "next try \(shortTime(row.nextAttemptAt)): \(row.lastError)"
                case .failed: row.lastError
                }
                return Model.Row(id: row.id, queuedAt: shortTime(row.createdAt), reference: reference, href: href, event: eventLabel(row),
                                 showHref: "/outbox/\(row.id)", recipient: row.recipientName.isEmpty ? row.recipient : "\(row.recipientName) <\(row.recipient)>",
                                 status: row.status.rawValue, attempts: row.attempts, detail: detail, canResend: row.status == .failed && canResend)
            },
            hasRows: !rows.isEmpty, queued: counts[.queued] ?? 0, sent: counts[.sent] ?? 0, failed: counts[.failed] ?? 0,
            mailConfigured: settings != nil, mailSource: settings.map { "Sending through \(redacted($0.smtpURL)) as \($0.from) (set on the \($0.source))." } ?? "",
            statuses: [ListPage.Option(value: "", label: "Any status", selected: status == nil)]
                + DeliveryStatus.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.rawValue, selected: $0 == status) },
            downtime: downtimeID.map { "DT-\($0)" } ?? "", person: personID.map(String.init) ?? "", name: name, recipient: recipient, canResend: canResend,
            previousPage: pageNumber > 1 ? link(pageNumber - 1) : "", nextPage: fetched.count > pageSize ? link(pageNumber + 1) : "",
            pageNumber: pageNumber)
        model.publicURLWarning = try publicURLWarning(context)
        model.tickets = try context.store.read { try TicketStore.recent($0, downtimeID: downtimeID, limit: 50) }.map { OutboxTicketRow($0, canResend: canResend) }
        model.hasTickets = !model.tickets.isEmpty
        return Flash.clear(try context.views.page("notifications/outbox", model), request: request)
    }

    /// What a notice is about in words: "Announcement", "Start", "Incident update", "Log rule alert", ... An event this
    /// page does not know yet reads as its key in words ("threshold_alert" → "Threshold alert").
    static func eventLabel(_ row: OutboxRecord) -> String {
        guard let event = NoticeEvent(rawValue: row.event) else {
            let words = row.event.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
            return words.prefix(1).uppercased() + words.dropFirst()
        }
        let source = row.logRuleID != nil ? "Log rule" : row.heartbeatAlertID != nil ? "Heartbeat" : "Check"
        switch event {
        case .announce: return "Announcement"
        case .reschedule: return "Reschedule"
        case .extend: return "Extension"
        case .cancel: return "Cancellation"
        case .start: return "Start"
        case .complete: return "Completion"
        case .reminder: return "Reminder"
        case .incidentOpen: return "Incident opened"
        case .incidentUpdate: return "Incident update"
        case .incidentResolve: return "Incident resolved"
        case .incidentReopen: return "Incident reopened"
        case .checkAlert: return "\(source) alert"
        case .checkRecover: return "\(source) recovery"
        case .levelBelow: return "Level below threshold"
        case .levelAbove: return "Level back above"
        }
    }

    /// `POST /outbox/:id/resend`: a failed notice goes back in the queue with its Message-ID unchanged.
    @Sendable static func resend(_ request: Request, _ context: AppContext) throws -> Response {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        let done = try context.store.write { db -> Bool in
            guard let row = try NoticeStore.outboxEntry(db, id: id) else { throw HTTPError.notFound("There is no such notice.") }
            guard try NoticeStore.resend(db, id: id, now: Date()) else { return false }
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "resend", objectKind: "notice", objectID: id,
                                objectName: "\(row.event) to \(row.recipient)", requestID: request.requestID)
            return true
        }
        guard done else { return Flash.redirect(to: "/outbox", kind: "error", message: "Only a failed notice can be resent; this one is not failed.") }
        context.outboxSignal.signal()
        return Flash.redirect(to: "/outbox", message: "The notice is queued again.")
    }

    /// What the outbox and the mail settings page say while no public URL is configured; empty once one is.
    static func publicURLWarning(_ context: AppContext) throws -> String {
        let url = try PublicURL.current(context)
        return url.isConfigured ? "" : "No public URL is configured, so links in notices point at \(url.base), the address the server listens on."
    }

    /// `2026-11-24 00:16:29` (UTC, as the column header says).
    static func shortTime(_ date: Date) -> String {
        StoreTime.format(date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
    }

    /// `smtp://user:secret@host` → `smtp://user:***@host`.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }

    // MARK: Mail settings

    struct SettingsModel {
        let site: SiteChrome
        let title = "Mail settings"
        let values: [String: String]
        let errors: [String: String]
        let hasErrors: Bool
        let overridden: Bool
        var publicURLWarning = ""
        /// Set when `--public-url` or `FOREWARN_PUBLIC_URL` was given: that wins over the value saved here.
        var publicURLOverridden = false
    }

    static func settingsPage(_ request: Request, _ context: AppContext, values: [String: String]? = nil, errors: [String: String] = [:],
                             status: Int = 200) throws -> Response {
        var shown = values ?? [:]
        if values == nil {
            try context.store.read { db in
                for (field, key) in [("mail_from", MailSettings.fromKey), ("reminders", MailSettings.remindersKey), ("public_url", PublicURL.settingKey)] {
                    if let value = try SettingsStore.value(db, key) { shown[field] = value }
                }
                shown["smtp_url"] = try MailSettings.storedURL(db, secrets: context.secrets)
            }
            shown["smtp_url"] = shown["smtp_url"].map(redacted)
            if shown["reminders"] == nil { shown["reminders"] = MailSettings.defaultReminders.map(String.init).joined(separator: ", ") }
        }
        var model = SettingsModel(site: SiteChrome(request), values: shown, errors: errors, hasErrors: !errors.isEmpty,
                                  overridden: context.configuration.smtpURL != nil)
        model.publicURLWarning = try publicURLWarning(context)
        model.publicURLOverridden = PublicURL.fromConfiguration(context) != nil
        return Flash.clear(try context.views.page("notifications/mail-settings", model, status: status), request: request)
    }

    @Sendable static func settings(_ request: Request, _ context: AppContext) throws -> Response { try settingsPage(request, context) }

    @Sendable static func saveSettings(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        var values: [String: String] = [:]
        for key in ["smtp_url", "mail_from", "reminders"] { values[key] = String((form[key] ?? "").prefix(2000)).trimmingCharacters(in: .whitespaces) }
        var errors: [String: String] = [:]
        var url = values["smtp_url"] ?? ""
        if !url.isEmpty {
            // A masked password in the form means "keep the stored one".
            if var components = URLComponents(string: url), components.password == "***",
               let stored = try context.store.read({ try MailSettings.storedURL($0, secrets: context.secrets) }),
               let storedPassword = URLComponents(string: stored)?.percentEncodedPassword {
                components.percentEncodedPassword = storedPassword
                url = components.string ?? url
            }
            if let scheme = URLComponents(string: url)?.scheme?.lowercased(), ["smtp", "smtps"].contains(scheme), URLComponents(string: url)?.host?.isEmpty == false {
            } else {
                errors["smtp_url"] = "Write the server as smtp://host:port (STARTTLS when offered) or smtps://user:password@host:port."
            }
        }
        let from = values["mail_from"] ?? ""
        if !from.isEmpty, (try? MailAddress(from)) == nil { errors["mail_from"] = "Give a plain address such as forewarn@example.com." }
        if url.isEmpty == false && from.isEmpty { errors["mail_from"] = "Give the From address notices are sent with." }
        let reminders = values["reminders"] ?? ""
        if MailSettings.parseReminders(reminders) == nil {
            errors["reminders"] = "Give up to five lead times in minutes between 1 and 43200, separated by commas (e.g. 1440, 60)."
        }
        guard errors.isEmpty else { return try settingsPage(request, context, values: values, errors: errors, status: 422) }
        try context.store.write { db in
            try MailSettings.save(db, url: url, secrets: context.secrets)
            for (key, value) in [(MailSettings.fromKey, from), (MailSettings.remindersKey, reminders)] {
                try SettingsStore.set(db, key, value)
            }
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "update", objectKind: "settings", objectID: nil,
                                objectName: "mail", after: String(decoding: try JSONSerialization.data(withJSONObject: ["smtp_url": redacted(url), "mail_from": from, "reminders": reminders], options: [.sortedKeys]), as: UTF8.self),
                                requestID: request.requestID)
        }
        context.outboxSignal.signal()
        return Flash.redirect(to: "/settings/mail", message: url.isEmpty ? "Saved. Mail is off: notices wait in the outbox." : "Saved. Queued notices go out now.")
    }
}
