/// Where an incident is; the raw values are what the database, the API and the status page use.
public enum IncidentStatus: String, Sendable, Codable, CaseIterable {
    case investigating
    case identified
    case monitoring
    case resolved

    /// The name shown in pages and badges.
    public var displayName: String {
        switch self {
        case .investigating: "Investigating"
        case .identified: "Identified"
        case .monitoring: "Monitoring"
        case .resolved: "Resolved"
        }
    }

    /// True while the incident is not resolved.
    public var isOpen: Bool { self != .resolved }
}
