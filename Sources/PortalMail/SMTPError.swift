/// A failed SMTP send, classified for the outbox: retry `temporary` later, give up on `permanent`.
///
/// `permanent` means this message will never be accepted as it is: the server answered 5xx, or an address or the
/// message itself is unusable. Everything that an operator or time can fix — unreachable server, timeout, 4xx,
/// TLS or login trouble — is `temporary`, so queued notices go out once the cause is fixed.
public enum SMTPError: Error, Equatable, Sendable, CustomStringConvertible {
    case temporary(String)
    case permanent(String)
    /// The server could not be reached or did not finish (no SMTP answer at all): every message waits, not just this one.
    case unavailable(String)

    /// What happened, including the server's answer when there was one.
    public var message: String {
        switch self {
        case let .temporary(message), let .permanent(message), let .unavailable(message): return message
        }
    }

    /// Whether sending the same message again later may succeed.
    public var isRetryable: Bool {
        if case .permanent = self { return false }
        return true
    }

    /// Whether the server itself is out of reach, so the whole outbox should pause rather than try the next message.
    public var isServerUnavailable: Bool {
        if case .unavailable = self { return true }
        return false
    }

    public var description: String {
        (isRetryable ? "temporary SMTP failure: " : "permanent SMTP failure: ") + message
    }
}
