import Foundation

/// How a rule's text is read.
public enum LogRuleTextKind: String, Sendable, Codable, CaseIterable {
    /// No text condition.
    case any
    /// An SQLite FTS5 query (`word`, `"a phrase"`, `prefix*`), answered by the full-text index.
    case fts
    /// A regular expression (ICU syntax) searched in the message.
    case regex
}

/// A log rule as people write it (on `/rules` or in a rules file): which messages, how many in which window, and what to do.
public struct LogRuleSpec: Sendable, Equatable, Codable {
    public var name: String
    /// The rule's stage: the one its file and `forewarn rules export|import --stage` group it by.
    public var stage: Environment
    /// Further stages the rule watches ("stage(s)"), in `Environment.allCases` order, without `stage`; one window for all.
    public var otherStages: [Environment] {
        didSet { otherStages = Self.normalized(otherStages, without: stage) }
    }
    /// The service whose products' messages count; empty: every service.
    public var service: String
    public var minimumLevel: LogLevel
    public var textKind: LogRuleTextKind
    public var text: String
    /// `count` matching messages within `windowSeconds` fire the rule (default 1 in 60 s).
    public var count: Int
    public var windowSeconds: Int
    /// Notify the service's technical contacts and downtime coordinators (impact engine) and its subscribers.
    public var notifyContacts: Bool
    /// The heartbeat (by name) that every batch with a matching message pings; empty: none.
    public var heartbeat: String
    /// People or teams (by name, separated by commas) told when the rule fires, besides the service's contacts; empty: none.
    public var notify: String
    /// Open an incident on the rule's service with this severity when the rule fires; nil: none.
    public var incidentSeverity: IncidentSeverity?
    /// The webhook (by URL, one of `/webhooks`) called when the rule fires, even when the rule tells nobody by mail; empty: none.
    public var webhook: String

    public init(name: String, stage: Environment, service: String = "", minimumLevel: LogLevel = .error, textKind: LogRuleTextKind = .any,
                text: String = "", count: Int = 1, windowSeconds: Int = 60, notifyContacts: Bool = true, heartbeat: String = "",
                notify: String = "", incidentSeverity: IncidentSeverity? = nil, webhook: String = "", otherStages: [Environment] = []) {
        self.otherStages = Self.normalized(otherStages, without: stage)
        self.heartbeat = heartbeat
        self.notify = notify
        self.incidentSeverity = incidentSeverity
        self.webhook = webhook
        self.name = name
        self.stage = stage
        self.service = service
        self.minimumLevel = minimumLevel
        self.textKind = textKind
        self.text = text
        self.count = count
        self.windowSeconds = windowSeconds
        self.notifyContacts = notifyContacts
    }

    /// The field names of forms, files and errors, in order.
    public static let fields = ["name", "stage", "service", "minimum_level", "text_kind", "text", "count", "window_seconds", "notify_contacts", "heartbeat", "notify", "incident_severity",
                                     "webhook", "stages"]

    /// Every stage the rule watches, its own first.
    public var stages: [Environment] { [stage] + otherStages }

    static func normalized(_ stages: [Environment], without stage: Environment) -> [Environment] {
        Environment.allCases.filter { $0 != stage && stages.contains($0) }
    }

    /// The names of `notify`, trimmed, without empty ones or repeats.
    public var notifyNames: [String] {
        var seen = Set<String>()
        return notify.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    /// Field errors a person can act on; empty when valid. (Whether the service exists and the FTS query parses is the store's to say.)
    public func validate() -> [String: String] {
        var errors: [String: String] = [:]
        if name.trimmingCharacters(in: .whitespaces).isEmpty || name.count > 200 { errors["name"] = "Name is required (at most 200 characters)." }
        if service.count > 200 { errors["service"] = "Service names are at most 200 characters." }
        if count < 1 || count > 1_000_000 { errors["count"] = "Count must be a whole number from 1 to 1000000." }
        if windowSeconds < 1 || windowSeconds > 86_400 { errors["window_seconds"] = "Window must be from 1 to 86400 seconds." }
        if text.count > 1000 { errors["text"] = "Text is at most 1000 characters." }
        if notify.count > 2000 { errors["notify"] = "Names to notify are at most 2000 characters." }
        if webhook.count > 2000 { errors["webhook"] = "A webhook URL is at most 2000 characters." }
        switch textKind {
        case .any:
            if !text.isEmpty { errors["text_kind"] = "Choose FTS query or regular expression for a text condition." }
        case .fts:
            if text.trimmingCharacters(in: .whitespaces).isEmpty { errors["text"] = "An FTS query needs words." }
        case .regex:
            if text.isEmpty { errors["text"] = "A regular expression is required." }
            else if (try? NSRegularExpression(pattern: text)) == nil { errors["text"] = "This is not a valid regular expression." }
        }
        return errors
    }
}

/// A stored message as the rules see it.
public struct LogRuleCandidate: Sendable, Equatable {
    public var id: Int64
    public var at: Date
    public var stage: Environment?
    public var serviceID: Int64?
    public var level: LogLevel
    public var message: String

    public init(id: Int64, at: Date, stage: Environment?, serviceID: Int64?, level: LogLevel, message: String) {
        self.id = id
        self.at = at
        self.stage = stage
        self.serviceID = serviceID
        self.level = level
        self.message = message
    }
}

/// Which messages a rule matches, pure. `ftsMatched` is the full-text index's answer for an FTS rule.
public enum LogRuleMatcher {
    public static func matches(_ rule: LogRuleSpec, serviceID: Int64?, regex: NSRegularExpression?, _ candidate: LogRuleCandidate,
                               ftsMatched: Bool = false) -> Bool {
        guard let stage = candidate.stage, rule.stage == stage || rule.otherStages.contains(stage), candidate.level >= rule.minimumLevel else { return false }
        if let serviceID, candidate.serviceID != serviceID { return false }
        switch rule.textKind {
        case .any: return true
        case .fts: return ftsMatched
        case .regex:
            guard let regex else { return false }
            return regex.firstMatch(in: candidate.message, range: NSRange(candidate.message.startIndex..., in: candidate.message)) != nil
        }
    }
}

/// A rule's current window: when it began, how many messages matched in it, whether it fired.
public struct LogRuleWindow: Sendable, Equatable {
    public var start: Date
    public var count: Int
    public var fired: Bool

    public init(start: Date, count: Int, fired: Bool) {
        self.start = start
        self.count = count
        self.fired = fired
    }
}

/// The rate rule, pure: windows begin at the first match after the previous window ended; the rule fires once per
/// window, when `count` matches are reached; later matches in that window are only counted.
public enum LogRuleRate {
    /// The window after `matches` (times in order), and the time it fired, if it did in this step.
    public static func step(_ window: LogRuleWindow?, matches: [Date], count: Int, windowSeconds: Int) -> (window: LogRuleWindow?, firedAt: Date?) {
        var current = window
        var firedAt: Date?
        for at in matches {
            if current == nil || at >= current!.start.addingTimeInterval(Double(windowSeconds)) {
                current = LogRuleWindow(start: at, count: 0, fired: false)
            }
            current!.count += 1
            if !current!.fired && current!.count >= count {
                current!.fired = true
                firedAt = firedAt ?? at
            }
        }
        return (current, firedAt)
    }
}

/// The words of a rule's notice.
extension AlertText {
    /// `Rule "billing errors" (PROD): 5 error messages or worse of billing within 60 s. First: "…". time=…`
    public static func ruleFired(name: String, stage: Environment, service: String, count: Int, level: LogLevel, windowSeconds: Int,
                                 first: String, at: Date) -> String {
        let scope = service.isEmpty ? "" : " of \(service)"
        return "Rule \"\(name)\" (\(stage.rawValue)): \(count) \(level.name) message\(count == 1 ? "" : "s") or worse\(scope) within \(windowSeconds) s. First: \"\(first.prefix(200))\". time=\(UTCTimestamp.string(from: at))"
    }
}
