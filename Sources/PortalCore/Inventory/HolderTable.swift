/// Active role holders of every object and role, resolved with inheritance once when the inventory is built,
/// so the impact resolver only reads slices.
final class HolderTable: Sendable {
    /// Key `kindBase.flat(node) * roleCount + role`.
    let table: CompactTable<ResolvedHolder>
    let roleCount: Int

    init(index: InventoryIndex) {
        let roleCount = index.roleCount
        self.roleCount = roleCount
        let regionCount = index.kindBase.count(.region)

        // Regions can have parents anywhere in the array, so resolve them in topological order first.
        var regionLists = [[ResolvedHolder]](repeating: [], count: regionCount * roleCount)
        for region in index.regionTopological {
            for role in 0..<roleCount {
                var list: [ResolvedHolder] = []
                index.resolveHolders(of: DenseRef(.region, region), role: Int32(role), includeInactive: false,
                                     into: &list) { parent, out in
                    out.append(contentsOf: regionLists[parent.slot * roleCount + role])
                }
                regionLists[Int(region) * roleCount + role] = list
            }
        }
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(index.kindBase.total * roleCount + 1)
        var items: [ResolvedHolder] = []
        items.reserveCapacity(index.kindBase.total * roleCount)
        for list in regionLists {
            items.append(contentsOf: list)
            offsets.append(Int32(items.count))
        }

        // Every other kind only inherits from kinds stored before it (clusters ← regions, servers ← clusters,
        // services ← servers and clusters, data sets ← services and servers; processes inherit nothing).
        for kind in ObjectKind.allCases where kind != .region {
            for slot in 0..<index.kindBase.count(kind) {
                for role in 0..<roleCount {
                    index.resolveHolders(of: DenseRef(kind, Int32(slot)), role: Int32(role), includeInactive: false,
                                         into: &items) { parent, out in
                        let key = index.kindBase.flat(parent) * roleCount + role
                        // Element by element: appending a slice of `out` to itself would copy the whole array.
                        for position in Int(offsets[key])..<Int(offsets[key + 1]) { out.append(out[position]) }
                    }
                    offsets.append(Int32(items.count))
                }
            }
        }
        table = CompactTable(offsets: offsets, items: items)
    }
}
