extension InventoryIndex {
    /// The objects a node inherits roles from, nearest first.
    ///
    /// Regions, clusters and servers follow containment. A service inherits from what it is placed on
    /// (each placed server or cluster, and through them their ancestors). A data set inherits from its
    /// service or server. A business process inherits from nothing: it is a business object, and the
    /// technical contacts of the services it uses are not its owners.
    @inline(__always)
    func forEachInheritanceParent(of node: DenseRef, _ body: (DenseRef) -> Void) {
        switch node.kind {
        case .region, .cluster, .server:
            if let parent = containmentParent(of: node) { body(parent) }
        case .service:
            for object in servicePlacementObjects[node.slot] { body(object) }
        case .dataset:
            let service = dataSetService[node.slot]
            body(service >= 0 ? DenseRef(.service, service) : DenseRef(.server, dataSetServer[node.slot]))
        case .process:
            break
        }
    }

    /// The inheritance rule, in one place: active assignments on the node for the role win; otherwise
    /// the union of what each inheritance parent resolves to (as computed by `inherit`).
    /// Inactive assignments never stop inheritance; with `includeInactive` they are reported alongside.
    /// Results are assignment positions; the object an assignment sits on tells where it is inherited from.
    func resolveHolders(of node: DenseRef, role: Int32, includeInactive: Bool,
                        into result: inout [Int32],
                        inherit: (DenseRef, inout [Int32]) -> Void) {
        let start = result.count
        var hasActive = false
        let table = assignmentsOn[node.kind.rank]
        for position in table.range(node.slot) {
            let assignment = table.items[position]
            guard assignmentRole[Int(assignment)] == role else { continue }
            let priority = assignmentPriority[Int(assignment)]
            guard priority != .inactive || includeInactive else { continue }
            hasActive = hasActive || priority != .inactive
            result.append(assignment)
        }
        if hasActive { return }
        var parents = 0
        forEachInheritanceParent(of: node) { parent in
            parents += 1
            inherit(parent, &result)
        }
        // Two hosts in one region reach the same regional assignment twice.
        if parents > 1 && result.count - start > 1 {
            var seen = Set<Int32>()
            var kept = start
            for position in start..<result.count where seen.insert(result[position]).inserted {
                result[kept] = result[position]
                kept += 1
            }
            result.removeSubrange(kept...)
        }
    }
}
