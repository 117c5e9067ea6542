/// "This contact holds this role for this object, at this priority."
public struct Assignment: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var contact: Contact
    public var roleID: Int64
    public var priority: Priority
    public var object: ObjectRef

    /// Creates an assignment.
    public init(id: Int64, contact: Contact, roleID: Int64, priority: Priority = .primary, object: ObjectRef) {
        self.id = id
        self.contact = contact
        self.roleID = roleID
        self.priority = priority
        self.object = object
    }
}
