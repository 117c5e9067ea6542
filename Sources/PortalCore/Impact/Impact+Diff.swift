extension Impact {
    /// What changed from `baseline` (typically the snapshot frozen at announcement) to this impact.
    public func diff(against baseline: Impact) -> ImpactDiff {
        let added = affected.filter { baseline.affectedObject($0.object) == nil }
        let removed = baseline.affected.filter { affectedObject($0.object) == nil }
        let changed = affected.compactMap { now -> StateChange? in
            guard let before = baseline.affectedObject(now.object), before.state != now.state else { return nil }
            return StateChange(object: now.object, name: now.name, from: before.state, to: now.state)
        }
        let baselineContacts = Set(baseline.contacts.map(\.contact))
        let currentContacts = Set(contacts.map(\.contact))
        return ImpactDiff(addedObjects: added, removedObjects: removed, changedStates: changed,
                          addedContacts: contacts.filter { !baselineContacts.contains($0.contact) },
                          removedContacts: baseline.contacts.filter { !currentContacts.contains($0.contact) })
    }
}
