extension Inventory {
    /// Who holds `roleID` for `object`, and where from: direct active assignments win; otherwise the nearest
    /// ancestor level that has an active one (see `InventoryIndex.forEachInheritanceParent` for the chains).
    /// Inactive assignments met on the way are included and flagged. Unknown ids give no holders.
    public func holders(of roleID: Int64, for object: ObjectRef) -> RoleResolution {
        let roleName = role(roleID)?.name ?? ""
        guard let node = index.slot(of: object), let role = index.roleSlot[roleID] else {
            return RoleResolution(roleID: roleID, roleName: roleName, object: object, holders: [])
        }
        return resolution(of: node, role: role, object: object)
    }

    /// Every role of the inventory for one object, in role-name order, vacant roles included.
    public func allRoles(for object: ObjectRef) -> [RoleResolution] {
        guard let node = index.slot(of: object) else { return [] }
        return index.rolesByName.map { resolution(of: node, role: $0, object: object) }
    }

    private func resolution(of node: DenseRef, role: Int32, object: ObjectRef) -> RoleResolution {
        var found: [Int32] = []
        // Walks up live rather than reading `HolderTable`, which keeps only active holders.
        func collect(_ node: DenseRef, into out: inout [Int32]) {
            index.resolveHolders(of: node, role: role, includeInactive: true, into: &out, inherit: collect)
        }
        collect(node, into: &found)
        let ordered = found.sorted { a, b in
            let priorityA = index.assignmentPriority[Int(a)].rank
            let priorityB = index.assignmentPriority[Int(b)].rank
            if priorityA != priorityB { return priorityA < priorityB }
            let nameA = index.contactNameRank[Int(index.assignmentContact[Int(a)])]
            let nameB = index.contactNameRank[Int(index.assignmentContact[Int(b)])]
            return nameA != nameB ? nameA < nameB : a < b
        }
        let roleRow = roles[Int(role)]
        return RoleResolution(roleID: roleRow.id, roleName: roleRow.name, object: object, holders: ordered.map { position in
            let assignment = assignments[Int(position)]
            return RoleHolder(assignmentID: assignment.id, contact: assignment.contact,
                              contactName: contactName(slot: Int(index.assignmentContact[Int(position)])),
                              roleID: assignment.roleID, priority: assignment.priority,
                              inheritedFrom: assignment.object == object ? nil : assignment.object)
        })
    }
}
