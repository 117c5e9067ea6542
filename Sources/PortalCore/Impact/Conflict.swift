/// One scheduling conflict with a message the declaring user can act on.
public struct Conflict: Sendable, Codable, Hashable {
    public let kind: ConflictKind
    /// The candidate's target concerned, nil for a global freeze or a coordinator clash.
    public let target: ObjectRef?
    /// The other object involved: the container or contained object, or the frozen region.
    public let related: ObjectRef?
    /// The overlapping downtime, if the conflict is with one.
    public let downtimeID: Int64?
    /// The overlapping change freeze, if the conflict is with one.
    public let blackoutID: Int64?
    public let message: String

    /// Creates a conflict.
    public init(kind: ConflictKind, target: ObjectRef? = nil, related: ObjectRef? = nil,
                downtimeID: Int64? = nil, blackoutID: Int64? = nil, message: String) {
        self.kind = kind
        self.target = target
        self.related = related
        self.downtimeID = downtimeID
        self.blackoutID = blackoutID
        self.message = message
    }
}
