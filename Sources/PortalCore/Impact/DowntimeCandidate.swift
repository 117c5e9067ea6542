import Foundation

/// A downtime being declared or edited, as the conflict check needs it.
public struct DowntimeCandidate: Sendable, Codable, Hashable {
    /// Set when editing an existing downtime, so it is not reported as conflicting with itself.
    public var id: Int64?
    public var targets: [ObjectRef]
    public var window: DateInterval
    /// The person coordinating it.
    public var coordinatorID: Int64?

    /// Creates a candidate.
    public init(id: Int64? = nil, targets: [ObjectRef], window: DateInterval, coordinatorID: Int64? = nil) {
        self.id = id
        self.targets = targets
        self.window = window
        self.coordinatorID = coordinatorID
    }
}
