/// Active role holders of every object and role, resolved with inheritance once when the inventory is built,
/// so the impact resolver only reads slices.
///
/// Keys follow name order (`key(of:rolePosition:)`): the resolver visits affected objects sorted by name, so it
/// walks this table forwards instead of jumping around it. Roles are in name order too. An object that inherits
/// everything from a single parent shares the parent's slice instead of a copy: most servers point at their
/// cluster's or region's holders, which keeps the table small and cache-hot.
final class HolderTable: Sendable {
    /// `starts[key]..<ends[key]` index `items`.
    let starts: [Int32]
    let ends: [Int32]
    /// Positions in `facts`.
    let items: [Int32]
    /// The assignments `items` refer to, laid out in the order the name-ordered keys first use them, so the
    /// resolver reads them almost sequentially instead of jumping around the assignment table.
    let facts: [CompactAssignment]
    /// The contact and the priority rank of each of `items`, side by side with it: the resolver counts reasons per
    /// contact from these alone, without reaching into `facts`.
    let itemContacts: [Int32]
    let itemPriorityRanks: [UInt8]
    let roleCount: Int
    /// Role positions (dense role indexes) in role-name order.
    let rolesByName: [Int32]

    init(index: InventoryIndex) {
        let roleCount = index.roleCount
        self.roleCount = roleCount
        rolesByName = index.rolesByName
        let keyCount = index.kindBase.total * roleCount
        var starts = [Int32](repeating: 0, count: keyCount)
        var ends = [Int32](repeating: 0, count: keyCount)
        var items: [Int32] = []
        items.reserveCapacity(keyCount)

        // Parents before children: regions in topological order, then kinds that only inherit from kinds
        // resolved before them (clusters ← regions, servers ← clusters/regions, services ← servers/clusters,
        // data sets ← services/servers; processes inherit nothing).
        var order = index.regionTopological.map { DenseRef(.region, $0) }
        for kind in ObjectKind.allCases.dropFirst() {
            order.append(contentsOf: (0..<Int32(index.kindBase.count(kind))).map { DenseRef(kind, $0) })
        }
        for node in order {
            var parents: [DenseRef] = []
            index.forEachInheritanceParent(of: node) { parents.append($0) }
            for (rolePosition, role) in index.rolesByName.enumerated() {
                let start = items.count
                index.resolveHolders(of: node, role: role, includeInactive: false, into: &items) { parent, out in
                    let key = Self.key(of: parent, rolePosition: rolePosition, index: index)
                    // Element by element: appending a slice of `out` to itself would copy the whole array.
                    for position in Int(starts[key])..<Int(ends[key]) { out.append(out[position]) }
                }
                let key = Self.key(of: node, rolePosition: rolePosition, index: index)
                let ref = index.ref(node)
                let isDirect = items[start...].contains { index.compactAssignments[Int($0)].object == ref }
                if parents.count == 1 && !isDirect {
                    items.removeSubrange(start...)
                    let parentKey = Self.key(of: parents[0], rolePosition: rolePosition, index: index)
                    starts[key] = starts[parentKey]
                    ends[key] = ends[parentKey]
                } else {
                    starts[key] = Int32(start)
                    ends[key] = Int32(items.count)
                }
            }
        }
        var renumbered = [Int32](repeating: -1, count: index.compactAssignments.count)
        var facts: [CompactAssignment] = []
        for key in 0..<keyCount {
            for position in Int(starts[key])..<Int(ends[key]) where renumbered[Int(items[position])] < 0 {
                renumbered[Int(items[position])] = Int32(facts.count)
                facts.append(index.compactAssignments[Int(items[position])])
            }
        }
        self.starts = starts
        self.ends = ends
        let renumberedItems = items.map { renumbered[Int($0)] }
        self.items = renumberedItems
        self.facts = facts
        itemContacts = renumberedItems.map { facts[Int($0)].contact }
        itemPriorityRanks = renumberedItems.map { UInt8(facts[Int($0)].priority.rank) }
    }

    /// The first key of the object whose flat name-ordered position is `rankedPosition`
    /// (`kindBase.base(kind) + name rank`); its roles follow in name order.
    @inline(__always)
    func firstKey(rankedPosition: Int) -> Int { rankedPosition * roleCount }

    private static func key(of node: DenseRef, rolePosition: Int, index: InventoryIndex) -> Int {
        let ranked = index.kindBase.base(node.kind) + Int(index.objectNameRank[index.kindBase.flat(node)])
        return ranked * index.roleCount + rolePosition
    }
}
