/// Why a contact is told: it holds a role, at a priority, for an affected object (possibly inherited).
public struct NotificationReason: Sendable, Codable, Hashable {
    // Declared so the struct packs into 48 bytes: impacts hold hundreds of thousands of these.
    public let assignmentID: Int64
    public let roleID: Int64
    /// The affected object.
    public let object: ObjectRef
    public let priority: Priority
    /// The object holding the assignment when it is inherited; nil when made on `object` itself.
    public let inheritedFrom: ObjectRef?

    /// Creates a reason.
    public init(assignmentID: Int64, roleID: Int64, priority: Priority, object: ObjectRef, inheritedFrom: ObjectRef?) {
        self.assignmentID = assignmentID
        self.roleID = roleID
        self.priority = priority
        self.object = object
        self.inheritedFrom = inheritedFrom
    }
}
