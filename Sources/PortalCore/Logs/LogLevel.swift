/// How serious a log message is: the eight syslog severities (RFC 5424 §6.2.1), most serious first.
public enum LogLevel: Int, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case emergency = 0, alert, critical, error, warning, notice, info, debug

    /// The lower-case name used in the API and on pages.
    public var name: String {
        switch self {
        case .emergency: return "emergency"
        case .alert: return "alert"
        case .critical: return "critical"
        case .error: return "error"
        case .warning: return "warning"
        case .notice: return "notice"
        case .info: return "info"
        case .debug: return "debug"
        }
    }

    /// Reads a level name; the usual aliases of logging libraries (`warn`, `err`, `crit`, `emerg`, `fatal`) are accepted.
    public init?(name: String) {
        switch name.lowercased() {
        case "emergency", "emerg", "panic": self = .emergency
        case "alert": self = .alert
        case "critical", "crit", "fatal": self = .critical
        case "error", "err": self = .error
        case "warning", "warn": self = .warning
        case "notice": self = .notice
        case "info", "informational": self = .info
        case "debug", "trace": self = .debug
        default: return nil
        }
    }

    /// `error` is more serious than `info`: ordered by seriousness, so `level >= .error` reads as "error or worse".
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue > rhs.rawValue }
}
