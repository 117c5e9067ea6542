/// What happened, as far as the people told about it are concerned.
public enum NoticeEvent: String, Sendable, Codable, CaseIterable {
    case announce, reschedule, extend, cancel, start, complete, reminder
    case incidentOpen = "incident_open"
    case incidentUpdate = "incident_update"
    case incidentResolve = "incident_resolve"
    case incidentReopen = "incident_reopen"
    case checkAlert = "check_alert"
    case checkRecover = "check_recover"
    /// A level subscription's level fell below its threshold, or is back above it.
    case levelBelow = "level_below"
    case levelAbove = "level_above"

    /// The word in a subject's bracket, after the kind (`[Planned · Rescheduled]`); nil for a first announcement.
    public var subjectTag: String? {
        switch self {
        case .announce: nil
        case .reschedule: "Rescheduled"
        case .extend: "Extended"
        case .cancel: "Cancelled"
        case .start: "Started"
        case .complete: "Completed"
        case .reminder: "Reminder"
        case .incidentOpen: nil
        case .incidentUpdate: "Update"
        case .incidentResolve: "Resolved"
        case .incidentReopen: "Reopened"
        case .checkAlert: nil
        case .checkRecover: "Recovered"
        case .levelBelow: nil
        case .levelAbove: "Back above"
        }
    }

    /// Whether the message carries a calendar invitation (REQUEST) or cancellation (CANCEL).
    public var carriesInvite: Bool {
        switch self {
        case .announce, .reschedule, .extend, .cancel: true
        default: false
        }
    }

    /// Whether this event changes the calendar entry, so its SEQUENCE grows.
    public var revisesInvite: Bool {
        switch self {
        case .reschedule, .extend, .cancel: true
        default: false
        }
    }
}
