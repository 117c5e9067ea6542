/// Why a `MailMessage` or `MailAddress` cannot be turned into a message; each description says what to change.
public enum MailMessageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The address is not a plain `local@domain` that SMTP and headers can carry unchanged.
    case invalidAddress(String, reason: String)
    /// The message has no `To` address.
    case noRecipients
    /// The Message-ID is not `id-left@id-right` without spaces or angle brackets.
    case invalidMessageID(String, reason: String)
    /// The calendar attached to the message cannot be rendered.
    case invalidCalendar(ICSError)
    /// An attachment's content type is not `type/subtype`.
    case invalidAttachment(filename: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidAddress(address, reason):
            return "'\(address)' is not a usable email address: \(reason)."
        case .noRecipients:
            return "The message has no To address: add at least one recipient to MailMessage.to."
        case let .invalidMessageID(id, reason):
            return "'\(id)' is not a usable Message-ID: \(reason). Use a stable id such as 'downtime-42.notice-3@forewarn.example'."
        case let .invalidCalendar(error):
            return "The calendar part cannot be built: \(error.description)"
        case let .invalidAttachment(filename, reason):
            return "Attachment '\(filename)' cannot be added: \(reason)."
        }
    }
}
