/// The computed consequences of a downtime: affected objects with states and reasons, and the contacts to tell.
///
/// A plain value: store it as the snapshot taken at announcement, and `diff` it against a fresh one later.
public struct Impact: Sendable, Codable, Equatable {
    /// The downtime targets, sorted and without duplicates.
    public let targets: [ObjectRef]
    /// Most severe first, then by kind (regions … data sets), then by name.
    public let affected: [AffectedObject]
    /// Best priority first, then by name; inactive holders never appear.
    public let contacts: [NotifiedContact]

    private let positions: ObjectPositionTable

    /// Creates an impact from already ordered parts.
    public init(targets: [ObjectRef], affected: [AffectedObject], contacts: [NotifiedContact]) {
        self.init(targets: targets, affected: affected, refs: affected.map(\.object), contacts: contacts)
    }

    /// `refs` are the affected objects' references, passed separately so the resolver avoids copying entries.
    init(targets: [ObjectRef], affected: [AffectedObject], refs: [ObjectRef], contacts: [NotifiedContact]) {
        self.targets = targets
        self.affected = affected
        self.contacts = contacts
        positions = ObjectPositionTable(refs)
    }

    private enum CodingKeys: String, CodingKey {
        case targets, affected, contacts
    }

    /// Decodes a stored snapshot.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(targets: try container.decode([ObjectRef].self, forKey: .targets),
                  affected: try container.decode([AffectedObject].self, forKey: .affected),
                  contacts: try container.decode([NotifiedContact].self, forKey: .contacts))
    }

    /// Encodes targets, affected objects and contacts (the lookup index is rebuilt on decoding).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(targets, forKey: .targets)
        try container.encode(affected, forKey: .affected)
        try container.encode(contacts, forKey: .contacts)
    }

    /// Equal when targets, affected objects and contacts are.
    public static func == (lhs: Impact, rhs: Impact) -> Bool {
        lhs.targets == rhs.targets && lhs.affected == rhs.affected && lhs.contacts == rhs.contacts
    }

    /// Whether nothing is affected.
    public var isEmpty: Bool { affected.isEmpty }

    /// The entry for an object, nil when the downtime does not affect it.
    public func affectedObject(_ object: ObjectRef) -> AffectedObject? {
        positions.position(of: object).map { affected[$0] }
    }

    /// The position of an object in `affected`, nil when unaffected.
    public func position(of object: ObjectRef) -> Int? {
        positions.position(of: object)
    }

    /// The state of an object, nil when unaffected.
    public func state(of object: ObjectRef) -> ImpactState? {
        affectedObject(object)?.state
    }

    /// Affected objects of one kind, in report order.
    public func affected(ofKind kind: ObjectKind) -> [AffectedObject] {
        affected.filter { $0.object.kind == kind }
    }

    /// How many objects of a kind are affected, optionally only in one state.
    public func count(of kind: ObjectKind, state: ImpactState? = nil) -> Int {
        affected.reduce(0) { count, object in
            count + (object.object.kind == kind && (state == nil || object.state == state) ? 1 : 0)
        }
    }

    /// The entry for a contact, nil when they are not notified.
    public func notifiedContact(_ contact: Contact) -> NotifiedContact? {
        contacts.first { $0.contact == contact }
    }
}
