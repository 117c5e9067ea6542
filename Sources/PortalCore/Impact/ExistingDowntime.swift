import Foundation

/// A downtime already declared, as the conflict check needs it.
public struct ExistingDowntime: Sendable, Codable, Hashable {
    public var id: Int64
    public var title: String
    public var targets: [ObjectRef]
    public var window: DateInterval
    public var coordinatorID: Int64?
    /// False once cancelled or completed; inactive downtimes never conflict.
    public var isActive: Bool

    /// Creates an existing downtime.
    public init(id: Int64, title: String, targets: [ObjectRef], window: DateInterval,
                coordinatorID: Int64? = nil, isActive: Bool = true) {
        self.id = id
        self.title = title
        self.targets = targets
        self.window = window
        self.coordinatorID = coordinatorID
        self.isActive = isActive
    }
}
