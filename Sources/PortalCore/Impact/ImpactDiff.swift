/// What changed between an announced impact snapshot and the impact computed now.
public struct ImpactDiff: Sendable, Codable, Hashable {
    /// Affected now, not in the snapshot (report order).
    public let addedObjects: [AffectedObject]
    /// In the snapshot, no longer affected (report order of the snapshot).
    public let removedObjects: [AffectedObject]
    public let changedStates: [StateChange]
    /// Told now, not in the snapshot.
    public let addedContacts: [NotifiedContact]
    /// In the snapshot, no longer told.
    public let removedContacts: [NotifiedContact]

    /// Creates a diff.
    public init(addedObjects: [AffectedObject], removedObjects: [AffectedObject], changedStates: [StateChange],
                addedContacts: [NotifiedContact], removedContacts: [NotifiedContact]) {
        self.addedObjects = addedObjects
        self.removedObjects = removedObjects
        self.changedStates = changedStates
        self.addedContacts = addedContacts
        self.removedContacts = removedContacts
    }

    /// Whether the impact is unchanged.
    public var isEmpty: Bool {
        addedObjects.isEmpty && removedObjects.isEmpty && changedStates.isEmpty
            && addedContacts.isEmpty && removedContacts.isEmpty
    }

    /// One line for a banner, e.g. "+2 services, -1 server, 1 state change, -1 contact"; "no change" when empty.
    public var summary: String {
        var parts: [String] = []
        for (sign, objects) in [("+", addedObjects), ("-", removedObjects)] {
            for kind in ObjectKind.allCases {
                let count = objects.count(where: { $0.object.kind == kind })
                if count > 0 { parts.append("\(sign)\(count) \(count == 1 ? kind.noun : kind.pluralNoun)") }
            }
        }
        if !changedStates.isEmpty {
            parts.append("\(changedStates.count) state \(changedStates.count == 1 ? "change" : "changes")")
        }
        for (sign, contacts) in [("+", addedContacts), ("-", removedContacts)] where !contacts.isEmpty {
            parts.append("\(sign)\(contacts.count) \(contacts.count == 1 ? "contact" : "contacts")")
        }
        return parts.isEmpty ? "no change" : parts.joined(separator: ", ")
    }
}
