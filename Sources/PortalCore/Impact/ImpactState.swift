/// How badly a downtime hits an object; ordered most severe first (`down < degraded < atRisk`).
public enum ImpactState: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// Not working at all.
    case down
    /// Working with reduced capacity or features.
    case degraded
    /// Working, but one more failure takes it down (redundancy lost).
    case atRisk = "at_risk"

    /// 0 for the most severe state.
    public var severityRank: Int {
        switch self {
        case .down: 0
        case .degraded: 1
        case .atRisk: 2
        }
    }

    /// The words used in explanations ("at risk").
    public var words: String {
        switch self {
        case .down: "down"
        case .degraded: "degraded"
        case .atRisk: "at risk"
        }
    }

    /// Whether `self` is more severe than `other`.
    public func isWorse(than other: ImpactState) -> Bool { severityRank < other.severityRank }

    /// Orders the most severe first, so sorted lists start with what is down.
    public static func < (lhs: ImpactState, rhs: ImpactState) -> Bool { lhs.severityRank < rhs.severityRank }
}
