/// Why a calendar cannot be rendered as valid iCalendar/iTIP; each description says which field to fix.
public enum ICSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// REQUEST and CANCEL calendars must carry at least one event.
    case noEvents(method: ICSMethod)
    /// An event's UID is empty after removing control characters.
    case emptyUID
    /// REQUEST and CANCEL events need an ORGANIZER (RFC 5546 §3.2).
    case missingOrganizer(uid: String, method: ICSMethod)
    /// REQUEST events need at least one ATTENDEE (RFC 5546 §3.2.2).
    case missingAttendees(uid: String)
    /// DTEND must be later than DTSTART.
    case endNotAfterStart(uid: String)
    /// SEQUENCE must be zero or more.
    case negativeSequence(uid: String)
    /// Events of a CANCEL calendar must have STATUS:CANCELLED.
    case statusNotCancelled(uid: String)

    public var description: String {
        switch self {
        case let .noEvents(method):
            return "A METHOD:\(method.rawValue) calendar needs at least one event."
        case .emptyUID:
            return "An event has an empty UID: give every downtime a stable UID such as 'downtime-42@forewarn'."
        case let .missingOrganizer(uid, method):
            return "Event '\(uid)' has no organizer, which METHOD:\(method.rawValue) requires (RFC 5546): set ICSEvent.organizer to the sending address."
        case let .missingAttendees(uid):
            return "Event '\(uid)' has no attendee, which METHOD:REQUEST requires (RFC 5546): add the recipients to ICSEvent.attendees."
        case let .endNotAfterStart(uid):
            return "Event '\(uid)' ends before or when it starts: DTEND must be later than DTSTART."
        case let .negativeSequence(uid):
            return "Event '\(uid)' has a negative SEQUENCE: start at 0 and add 1 for every update."
        case let .statusNotCancelled(uid):
            return "Event '\(uid)' is in a METHOD:CANCEL calendar but its status is not CANCELLED: set ICSEvent.status to .cancelled."
        }
    }
}
