/// Why a syslog frame was skipped: counted per reason and shown on `/logs`; the receiver keeps running.
public enum SyslogRejection: Error, Sendable, Equatable, Hashable {
    /// Not syslog at all, or a header that does not parse (the reason says where).
    case malformed(String)
    /// The message text is not valid UTF-8.
    case invalidUTF8
    /// Longer than `LogMessage.maxMessageBytes` (or an octet count announcing more than a frame may hold).
    case oversized
    /// The connection closed in the middle of a frame (an octet count larger than what followed).
    case truncated
    /// A priority outside 0...191, so no known level.
    case unknownLevel

    /// A short name for counters.
    public var counter: String {
        switch self {
        case .malformed: return "malformed"
        case .invalidUTF8: return "invalid UTF-8"
        case .oversized: return "oversized"
        case .truncated: return "truncated"
        case .unknownLevel: return "unknown level"
        }
    }
}
