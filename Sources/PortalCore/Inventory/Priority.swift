/// How early a contact is reached for a role; ordered best first, `inactive` is never notified.
public enum Priority: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case primary
    case secondary
    case tertiary
    case inactive

    /// Position in the escalation order, 0 being the first one called.
    public var rank: Int {
        switch self {
        case .primary: 0
        case .secondary: 1
        case .tertiary: 2
        case .inactive: 3
        }
    }

    /// Whether holders with this priority receive notices.
    public var isNotified: Bool { self != .inactive }

    /// Orders by escalation: primary < secondary < tertiary < inactive.
    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
