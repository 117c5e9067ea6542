/// One person or team to notify about a downtime, with every reason they are on the list.
public struct NotifiedContact: Sendable {
    public let contact: Contact
    public let name: String
    /// The best priority among the reasons; contacts are ordered by it, then by name.
    public let bestPriority: Priority

    private let store: ReasonStore
    private let range: Range<Int>

    /// Creates a contact entry.
    public init(contact: Contact, name: String, bestPriority: Priority, reasons: [NotificationReason]) {
        self.init(contact: contact, name: name, bestPriority: bestPriority, store: ReasonStore(reasons: reasons),
                  range: 0..<reasons.count)
    }

    /// An entry whose reasons are `store.order[range]`, shared with the impact's other contacts.
    init(contact: Contact, name: String, bestPriority: Priority, store: ReasonStore, range: Range<Int>) {
        self.contact = contact
        self.name = name
        self.bestPriority = bestPriority
        self.store = store
        self.range = range
    }

    /// In the order of the impact's affected objects, then role name.
    public var reasons: [NotificationReason] {
        let (all, order) = store.gathered
        return order[range].map { all[Int($0)] }
    }

    /// Whether the impact's reasons have been gathered yet (they are on the first `reasons` of any of its contacts).
    var reasonsAreGathered: Bool { store.isGathered }

    /// How many reasons there are, without gathering them.
    public var reasonCount: Int { range.count }

    /// The distinct roles this contact is told about, in first-seen order.
    public var roleIDs: [Int64] {
        var seen = Set<Int64>()
        return reasons.compactMap { seen.insert($0.roleID).inserted ? $0.roleID : nil }
    }
}

extension NotifiedContact: Hashable {
    /// Equal when contact, name, priority and reasons are, however the reasons are stored.
    public static func == (lhs: NotifiedContact, rhs: NotifiedContact) -> Bool {
        lhs.contact == rhs.contact && lhs.name == rhs.name && lhs.bestPriority == rhs.bestPriority
            && lhs.reasonCount == rhs.reasonCount && lhs.reasons == rhs.reasons
    }

    /// Hashes the identity of the entry; equal entries hash alike.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(contact)
        hasher.combine(bestPriority)
        hasher.combine(reasonCount)
    }
}

extension NotifiedContact: Codable {
    private enum CodingKeys: String, CodingKey {
        case contact, name, bestPriority, reasons
    }

    /// Decodes an entry of a stored snapshot.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(contact: try container.decode(Contact.self, forKey: .contact),
                  name: try container.decode(String.self, forKey: .name),
                  bestPriority: try container.decode(Priority.self, forKey: .bestPriority),
                  reasons: try container.decode([NotificationReason].self, forKey: .reasons))
    }

    /// Encodes the entry with its reasons inline.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(contact, forKey: .contact)
        try container.encode(name, forKey: .name)
        try container.encode(bestPriority, forKey: .bestPriority)
        try container.encode(reasons, forKey: .reasons)
    }
}
