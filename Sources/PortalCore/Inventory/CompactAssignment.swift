/// The parts of an assignment the impact resolver copies into every notification reason, packed into
/// 32 bytes so the contact loop touches as little memory as possible.
struct CompactAssignment: Sendable {
    let id: Int64
    /// Where the assignment is made; an affected object inherits it when this is another object.
    let object: ObjectRef
    /// Dense contact position: people first, then teams.
    let contact: Int32
    let priority: Priority
}
