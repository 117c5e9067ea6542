/// One contact holding a role for an object, and where that comes from.
public struct RoleHolder: Sendable, Codable, Hashable {
    public let assignmentID: Int64
    public let contact: Contact
    public let contactName: String
    public let roleID: Int64
    public let priority: Priority
    /// The object the assignment sits on; nil when it is made on the object itself.
    public let inheritedFrom: ObjectRef?

    /// Creates a holder.
    public init(assignmentID: Int64, contact: Contact, contactName: String, roleID: Int64,
                priority: Priority, inheritedFrom: ObjectRef?) {
        self.assignmentID = assignmentID
        self.contact = contact
        self.contactName = contactName
        self.roleID = roleID
        self.priority = priority
        self.inheritedFrom = inheritedFrom
    }

    /// Inactive holders are shown (flagged) but never sent notices.
    public var isNotified: Bool { priority.isNotified }
    /// Whether the assignment is made on the object itself.
    public var isDirect: Bool { inheritedFrom == nil }
}
