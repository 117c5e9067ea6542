/// Where a downtime is in its life; the raw values are what the database and the API store.
public enum DowntimeState: String, Sendable, Codable, CaseIterable {
    case draft
    case scheduled
    case inProgress = "in_progress"
    case completed
    case cancelled

    /// The name shown in pages and badges.
    public var displayName: String {
        switch self {
        case .draft: "Draft"
        case .scheduled: "Scheduled"
        case .inProgress: "In progress"
        case .completed: "Completed"
        case .cancelled: "Cancelled"
        }
    }

    /// The state as an adjective inside a sentence, with its article: "an in-progress downtime".
    var inSentence: String {
        switch self {
        case .draft: "a draft downtime"
        case .scheduled: "a scheduled downtime"
        case .inProgress: "an in-progress downtime"
        case .completed: "a completed downtime"
        case .cancelled: "a cancelled downtime"
        }
    }

    /// True when no event can move the downtime any more.
    public var isFinal: Bool {
        DowntimeLifecycle.allowedEvents(from: self).isEmpty
    }
}
