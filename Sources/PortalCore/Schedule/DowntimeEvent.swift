/// Something that happens to a downtime: a person's action or the clock reaching the window's start or end.
public enum DowntimeEvent: String, Sendable, Codable, CaseIterable {
    case announce
    case start
    case complete
    case cancel
    case extend

    /// The label of the button or audit entry for this event.
    public var displayName: String {
        switch self {
        case .announce: "Announce"
        case .start: "Start"
        case .complete: "Complete"
        case .cancel: "Cancel"
        case .extend: "Extend"
        }
    }

    /// The event as a past participle for sentences: "cannot be cancelled".
    var pastParticiple: String {
        switch self {
        case .announce: "announced"
        case .start: "started"
        case .complete: "completed"
        case .cancel: "cancelled"
        case .extend: "extended"
        }
    }
}
