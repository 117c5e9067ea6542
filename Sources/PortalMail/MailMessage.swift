import Foundation

/// Everything a notice mail says, before MIME encoding; `MIMEBuilder` turns it into bytes.
public struct MailMessage: Sendable, Hashable {
    public var from: MailAddress
    /// One or more visible recipients; the SMTP envelope decides who actually receives it.
    public var to: [MailAddress]
    public var replyTo: MailAddress?
    /// Any text; control characters are replaced and non-ASCII is RFC 2047-encoded.
    public var subject: String
    /// The Date header: when the notice was created, not when it is sent, so a retry produces the same bytes.
    public var date: Date
    /// Stable id without angle brackets (e.g. `downtime-42.notice-3@forewarn.example`): a retry sends the same id, so
    /// receiving systems can drop duplicates; the MIME boundaries are derived from it too.
    public var messageID: String
    /// Target of the List-Unsubscribe header (https or mailto).
    public var listUnsubscribe: URL?
    /// Adds `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058); only when the https URL accepts that POST.
    public var listUnsubscribeOneClick: Bool
    public var textBody: String
    /// When set, the body becomes multipart/alternative with the text and this HTML.
    public var htmlBody: String?
    /// An invitation or cancellation, sent as a `text/calendar; method=...` alternative of the body.
    public var calendar: ICSCalendar?
    /// Files after the body, in a multipart/mixed.
    public var attachments: [MailAttachment]

    /// Creates a message; it is checked when `MIMEBuilder.build` runs.
    public init(
        from: MailAddress,
        to: [MailAddress],
        replyTo: MailAddress? = nil,
        subject: String,
        date: Date,
        messageID: String,
        listUnsubscribe: URL? = nil,
        listUnsubscribeOneClick: Bool = false,
        textBody: String,
        htmlBody: String? = nil,
        calendar: ICSCalendar? = nil,
        attachments: [MailAttachment] = []
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.listUnsubscribe = listUnsubscribe
        self.listUnsubscribeOneClick = listUnsubscribeOneClick
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.calendar = calendar
        self.attachments = attachments
    }
}
