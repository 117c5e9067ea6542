import Foundation
import PortalCore
import PortalMail
import PortalStore

/// Turns an outbox row into the e-mail its recipient reads: subject, text and HTML from Resources/Templates/mail/,
/// the window in the recipient's zone and in UTC, the reasons, an invite or cancellation, and the PDF when asked.
struct NoticeComposer {
    let views: Views
    let from: MailAddress
    /// Signs unsubscribe links.
    let linkSecret: String

    struct Model {
        let headline: String
        let name: String
        let reference: String
        let windowLocal: String
        let recipientZone: String
        let previousWindow: String
        let hasPrevious: Bool
        /// An extension's new end, said on its own line.
        let newEnd: String
        let hasNewEnd: Bool
        let ticket: String
        let ticketURL: String
        let hasTicket: Bool
        let targets: String
        let reason: String
        let hasReason: Bool
        let message: String
        let hasMessage: Bool
        let coordinator: String
        let hasCoordinator: Bool
        let reasons: [String]
        let link: String
        let reportLink: String
        let hasReport: Bool
        let unsubscribeLink: String
        let hasUnsubscribe: Bool
        let manageLink: String
        let state: String
    }

    func message(for row: OutboxRecord, payload: NoticePayload, pdf: [UInt8]?) throws -> MailMessage {
        let stored = (try? JSONDecoder().decode(NoticeStore.StoredReasons.self, from: Data(row.reasonsJSON.utf8)))
            ?? NoticeStore.StoredReasons(lines: [], subscriptionID: nil)
        let zone = (try? TimeZoneResolver.zone(row.timeZone)) != nil ? row.timeZone : "UTC"
        let (model, unsubscribe) = self.model(recipientName: row.recipientName, zone: zone, stored: stored, payload: payload)
        let base = payload.baseURL.hasSuffix("/") ? String(payload.baseURL.dropLast()) : payload.baseURL
        let text = try views.render("mail/notice-text", model)
        let html = try views.render("mail/notice-html", model)
        let to = try MailAddress(row.recipient, name: row.recipientName.isEmpty ? nil : row.recipientName)
        var calendar: ICSCalendar?
        if payload.event.carriesInvite, let end = payload.end {
            let cancel = payload.event == .cancel
            let event = ICSEvent(uid: CalendarController.uid(downtimeID: payload.subjectID, baseURL: base), sequence: row.sequence, stamp: row.createdAt, start: payload.start, end: end,
                                 summary: "[\(payload.kindLabel)] \(payload.title)", description: (payload.reason.isEmpty ? "" : payload.reason + "\n\n") + base + payload.path,
                                 location: payload.targets.joined(separator: ", "), url: URL(string: base + payload.path), organizer: from, attendees: [to],
                                 status: cancel ? .cancelled : .confirmed)
            calendar = ICSCalendar(method: cancel ? .cancel : .request, events: [event])
        }
        var attachments: [MailAttachment] = []
        if let pdf { attachments.append(MailAttachment(filename: "forewarn-\(payload.reference)-impact.pdf", contentType: "application/pdf", data: pdf)) }
        return MailMessage(from: from, to: [to], subject: NoticeText.subject(payload, zoneID: zone), date: row.createdAt, messageID: row.messageID,
                           listUnsubscribe: unsubscribe.flatMap(URL.init(string:)), listUnsubscribeOneClick: unsubscribe?.hasPrefix("https://") ?? false,
                           textBody: text, htmlBody: html, calendar: calendar, attachments: attachments)
    }

    /// What a recipient reads, as the worker sends it and the confirmation step shows it: subject and plain text.
    func preview(_ recipient: NoticeRecipient, payload: NoticePayload) throws -> (subject: String, text: String) {
        let zone = (try? TimeZoneResolver.zone(recipient.timeZone)) != nil ? recipient.timeZone : "UTC"
        let stored = NoticeStore.StoredReasons(lines: recipient.reasons, subscriptionID: recipient.subscriptionID)
        let (model, _) = self.model(recipientName: recipient.name, zone: zone, stored: stored, payload: payload)
        return (NoticeText.subject(payload, zoneID: zone), try views.render("mail/notice-text", model))
    }

    private func model(recipientName: String, zone: String, stored: NoticeStore.StoredReasons, payload: NoticePayload) -> (Model, String?) {
        let base = payload.baseURL.hasSuffix("/") ? String(payload.baseURL.dropLast()) : payload.baseURL
        let unsubscribe = stored.subscriptionID.map { "\(base)/unsubscribe/\($0)?token=\(Self.unsubscribeToken(subscriptionID: $0, secret: linkSecret))" }
        let model = Model(
            headline: NoticeText.headline(payload), name: recipientName, reference: payload.reference,
            windowLocal: window(payload.start, payload.end, zone: zone), recipientZone: zone,
            previousWindow: payload.previousStart.map { window($0, payload.previousEnd, zone: zone) } ?? "", hasPrevious: payload.previousStart != nil,
            newEnd: payload.end.map { NoticeText.instant($0, zoneID: zone) } ?? "", hasNewEnd: payload.event == .extend && payload.end != nil,
            ticket: payload.ticket, ticketURL: payload.ticketURL, hasTicket: !payload.ticket.isEmpty,
            targets: payload.targets.joined(separator: ", "), reason: payload.reason, hasReason: !payload.reason.isEmpty,
            message: payload.message, hasMessage: !payload.message.isEmpty, coordinator: payload.coordinator, hasCoordinator: !payload.coordinator.isEmpty,
            reasons: stored.lines, link: base + payload.path, reportLink: base + payload.path + "/report", hasReport: payload.subjectKind == "downtime",
            unsubscribeLink: unsubscribe ?? "", hasUnsubscribe: unsubscribe != nil, manageLink: base + "/account/subscriptions",
            state: payload.state)
        return (model, unsubscribe)
    }

    /// The window in `zone` with UTC alongside (the long form pages use), or since-start for an open incident.
    func window(_ start: Date, _ end: Date?, zone: String) -> String {
        guard let end, let window = try? TimeWindow(start: start, end: end, timeZone: zone, maximumDuration: nil), let text = try? window.format(in: zone) else {
            return NoticeText.window(start: start, end: end, zoneID: zone)
        }
        return text
    }

    /// HMAC of the subscription id, so an unsubscribe link works without signing in and cannot be guessed for others.
    static func unsubscribeToken(subscriptionID: Int64, secret: String) -> String {
        guard let signer = try? WebhookSigner(secret: secret) else { return "" }
        return String(signer.signature(for: Array("unsubscribe:\(subscriptionID)".utf8)).dropFirst(WebhookSigner.prefix.count).prefix(32))
    }
}
