/// Something a person does to an incident: an update that sets a status, resolving it, or reopening it.
public enum IncidentEvent: String, Sendable, Codable, CaseIterable {
    case investigate
    case identify
    case monitor
    case resolve
    case reopen

    /// The update event that sets `status` (`resolved` is reached by `resolve`).
    public static func update(to status: IncidentStatus) -> IncidentEvent {
        switch status {
        case .investigating: .investigate
        case .identified: .identify
        case .monitoring: .monitor
        case .resolved: .resolve
        }
    }

    /// The words used in refusals and allowed-move lists: "post an update (identified)".
    public var displayName: String {
        switch self {
        case .investigate: "update (investigating)"
        case .identify: "update (identified)"
        case .monitor: "update (monitoring)"
        case .resolve: "resolve"
        case .reopen: "reopen"
        }
    }
}
