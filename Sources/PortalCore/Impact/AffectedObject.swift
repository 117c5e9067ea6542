/// One object a downtime affects, its state, and the first step of why.
public struct AffectedObject: Sendable, Codable, Hashable {
    public let object: ObjectRef
    /// The object's name when the impact was resolved, so snapshots read the same after renames.
    public let name: String
    public let state: ImpactState
    /// Why the object is in this state; follow `cause.next` through the impact for the whole path.
    public let cause: ExplanationStep

    /// Creates an affected object.
    public init(object: ObjectRef, name: String, state: ImpactState, cause: ExplanationStep) {
        self.object = object
        self.name = name
        self.state = state
        self.cause = cause
    }
}
