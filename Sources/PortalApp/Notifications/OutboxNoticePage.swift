import Foundation
import PortalCore
import PortalHTTP
import PortalMail
import PortalStore

/// `/outbox/<id>`: one notice as its recipient reads it: subject, plain text, the HTML part (shown in a sandboxed frame
/// that runs no script and reaches nothing, and as escaped source) and the calendar invite. It is composed from the
/// notice's frozen payload by the worker's own composer (`NoticeComposer`, `SeriesInvite`), so it is what was sent.
enum OutboxNoticePage {
    struct Model {
        let site: SiteChrome
        let title: String
        let event: String
        let reference: String
        let href: String
        let status: String
        let detail: String
        let from: String
        let to: String
        let subject: String
        let messageID: String
        let text: String
        let html: String
        let hasHTML: Bool
        let calendar: String
        let hasCalendar: Bool
        let attachesPDF: Bool
        let reasons: [String]
        let hasReasons: Bool
        let canResend: Bool
        let id: Int64
    }

    /// The notice the route's `:id` names, composed as the worker composes it (without the PDF, rendered at delivery).
    static func composed(_ request: Request, _ context: AppContext) throws -> (OutboxRecord, MailMessage, MailAddress) {
        let row = try FormState.record(request, context, missing: "There is no such notice.") { try NoticeStore.outboxEntry($0, id: $1) }
        let payload = try NoticePlanner.decode(row.payloadJSON)
        let sender = try MailSettings.current(context)?.from ?? context.configuration.mailFrom
            ?? "forewarn@" + MailSettings.messageDomain(from: nil, baseURL: payload.baseURL)
        let from = try MailAddress(sender, name: "Forewarn")
        let composer = NoticeComposer(views: context.views, from: from, linkSecret: try LinkSecret.current(context))
        var message = try composer.message(for: row, payload: payload, pdf: nil)
        if let series = try SeriesInvite.forNotice(context, row: row, payload: payload, from: from) { message.calendar = series }
        return (row, message, from)
    }

    /// `/outbox/<id>/html`: the HTML part alone, for the page's frame. The browser runs it sandboxed (no script, no
    /// forms, its own opaque origin), fetches nothing for it but inline styles and data: images, and shows it only
    /// framed by this portal's own pages.
    @Sendable static func html(_ request: Request, _ context: AppContext) throws -> Response {
        let (_, message, _) = try composed(request, context)
        var response = Response.html(message.htmlBody ?? "")
        response.headers.append(("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"))
        response.headers.append(("X-Frame-Options", "SAMEORIGIN"))
        return response
    }

    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response {
        let (row, message, from) = try composed(request, context)
        let stored = (try? JSONDecoder().decode(NoticeStore.StoredReasons.self, from: Data(row.reasonsJSON.utf8)))?.lines ?? []
        let detail: String = switch row.status {
        case .sent: "sent \(row.sentAt.map(OutboxController.shortTime) ?? "") UTC after \(row.attempts) \(row.attempts == 1 ? "try" : "tries")"
        case .queued: "due \(OutboxController.shortTime(row.nextAttemptAt)) UTC" + (row.lastError.isEmpty ? "" : " (last try: \(row.lastError))")
        case .failed: "failed: \(row.lastError)"
        }
        let reference = row.downtimeID.map { "DT-\($0)" } ?? row.incidentID.map { "INC-\($0)" } ?? (row.logRuleID != nil ? "rules" : "")
        let event = OutboxController.eventLabel(row)
        let model = Model(
            site: SiteChrome(request), title: "\(event) to \(row.recipientName.isEmpty ? row.recipient : row.recipientName)", event: event,
            reference: reference, href: row.downtimeID.map { "/downtimes/\($0)" } ?? row.incidentID.map { "/incidents/\($0)" } ?? (row.logRuleID != nil ? "/rules" : ""),
            status: row.status.rawValue, detail: detail, from: from.description, to: message.to.map(\.description).joined(separator: ", "),
            subject: message.subject, messageID: row.messageID, text: message.textBody, html: message.htmlBody ?? "", hasHTML: !(message.htmlBody ?? "").isEmpty,
            calendar: try message.calendar?.render() ?? "", hasCalendar: message.calendar != nil, attachesPDF: row.attachPDF,
            reasons: stored, hasReasons: !stored.isEmpty,
            canResend: row.status == .failed && (request.identity?.role ?? .viewer) >= .commsManager, id: row.id)
        return try context.views.page("notifications/notice", model)
    }
}
