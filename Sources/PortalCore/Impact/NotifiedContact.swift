/// One person or team to notify about a downtime, with every reason they are on the list.
public struct NotifiedContact: Sendable, Codable, Hashable {
    public let contact: Contact
    public let name: String
    /// The best priority among the reasons; contacts are ordered by it, then by name.
    public let bestPriority: Priority
    /// In the order of the impact's affected objects, then role name.
    public let reasons: [NotificationReason]

    /// Creates a contact entry.
    public init(contact: Contact, name: String, bestPriority: Priority, reasons: [NotificationReason]) {
        self.contact = contact
        self.name = name
        self.bestPriority = bestPriority
        self.reasons = reasons
    }

    /// The distinct roles this contact is told about, in first-seen order.
    public var roleIDs: [Int64] {
        var seen = Set<Int64>()
        return reasons.compactMap { seen.insert($0.roleID).inserted ? $0.roleID : nil }
    }
}
