/// The kinds of scheduling conflict flagged when a downtime is declared.
public enum ConflictKind: String, Sendable, Codable, Hashable, CaseIterable {
    /// The same object is already in an overlapping downtime.
    case sameObject = "same_object"
    /// A container of a target (or something a target contains) is in an overlapping downtime.
    case parentChild = "parent_child"
    /// The window overlaps a change freeze covering a target.
    case blackout
    /// The coordinator already coordinates an overlapping downtime.
    case coordinatorBooked = "coordinator_booked"
}
