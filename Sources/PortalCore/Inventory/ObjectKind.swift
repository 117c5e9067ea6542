/// The kinds of inventory object a role can be assigned to or a downtime can affect.
public enum ObjectKind: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case region
    case cluster
    case server
    case service
    case process
    case dataset

    /// Position in reports: containment first (region → server), then what runs on it.
    public var rank: Int {
        switch self {
        case .region: 0
        case .cluster: 1
        case .server: 2
        case .service: 3
        case .process: 4
        case .dataset: 5
        }
    }

    /// The word used in sentences ("cluster", "data set").
    public var noun: String {
        switch self {
        case .dataset: "data set"
        case .process: "business process"
        default: rawValue
        }
    }

    /// The plural used in counts ("3 data sets").
    public var pluralNoun: String {
        switch self {
        case .dataset: "data sets"
        case .process: "business processes"
        default: rawValue + "s"
        }
    }

    /// Orders by `rank`.
    public static func < (lhs: ObjectKind, rhs: ObjectKind) -> Bool { lhs.rank < rhs.rank }
}
