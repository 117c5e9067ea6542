/// What a change advisory board reads besides the impact: the risk and the plans to carry out, test and back out the work.
public struct ChangePack: Sendable, Equatable {
    public var risk: ChangeRisk?
    public var implementationPlan: String
    public var testPlan: String
    public var backoutPlan: String

    /// The longest plan accepted, in characters.
    public static let planLimit = 20_000

    public init(risk: ChangeRisk? = nil, implementationPlan: String = "", testPlan: String = "", backoutPlan: String = "") {
        self.risk = risk
        self.implementationPlan = implementationPlan
        self.testPlan = testPlan
        self.backoutPlan = backoutPlan
    }

    /// Nothing given: no change pack is stored or printed.
    public var isEmpty: Bool { risk == nil && implementationPlan.isEmpty && testPlan.isEmpty && backoutPlan.isEmpty }
}

/// The risk of a change as the board grades it.
public enum ChangeRisk: String, Sendable, CaseIterable {
    case low, medium, high

    public var displayName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// An approver's answer; pending until they approve or reject.
public enum ApprovalDecision: String, Sendable, CaseIterable {
    case pending, approved, rejected

    public var displayName: String {
        switch self {
        case .pending: "Waiting"
        case .approved: "Approved"
        case .rejected: "Rejected"
        }
    }
}
