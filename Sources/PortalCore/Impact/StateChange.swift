/// An object affected both before and now, in a different state.
public struct StateChange: Sendable, Codable, Hashable {
    public let object: ObjectRef
    public let name: String
    public let from: ImpactState
    public let to: ImpactState

    /// Creates a state change.
    public init(object: ObjectRef, name: String, from: ImpactState, to: ImpactState) {
        self.object = object
        self.name = name
        self.from = from
        self.to = to
    }
}
