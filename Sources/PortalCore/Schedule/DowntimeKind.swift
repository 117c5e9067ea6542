/// Why a downtime happens, which sets how it is announced and reported.
public enum DowntimeKind: String, Sendable, Codable, CaseIterable {
    case planned
    case emergency
    case unplanned

    /// The name shown in pages, notices and reports.
    public var displayName: String {
        switch self {
        case .planned: "Planned maintenance"
        case .emergency: "Emergency maintenance"
        case .unplanned: "Unplanned outage"
        }
    }
}
