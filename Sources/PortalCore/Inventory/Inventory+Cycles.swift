extension Inventory {
    /// The service ids of the cycle `adding` would close (A → B → … → A, A being the dependent), or nil if it closes none.
    public func dependencyCycle(adding dependency: Dependency) -> [Int64]? {
        if dependency.serviceID == dependency.dependsOnID { return [dependency.serviceID, dependency.serviceID] }
        guard let from = index.serviceSlot[dependency.serviceID],
              let to = index.serviceSlot[dependency.dependsOnID] else { return nil }
        // Breadth-first from the new dependency back to the dependent gives the shortest cycle to show.
        var previous = [Int32](repeating: -2, count: services.count)
        previous[Int(to)] = -1
        var queue: [Int32] = [to]
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            if current == from {
                var path: [Int64] = []
                var step = current
                while step >= 0 {
                    path.append(services[Int(step)].id)
                    step = previous[Int(step)]
                }
                return [dependency.serviceID] + path.reversed()
            }
            for next in index.dependencies[Int(current)] where previous[Int(next)] == -2 {
                previous[Int(next)] = current
                queue.append(next)
            }
        }
        return nil
    }

    /// The region ids of the loop that giving `regionID` the parent `parentID` would make
    /// (region → new parent → … → region), or nil if the tree stays a tree.
    public func regionCycle(settingParentOf regionID: Int64, to parentID: Int64?) -> [Int64]? {
        guard let parentID else { return nil }
        var chain = [regionID]
        var current: Int64? = parentID
        // Bounded by the region count: the existing tree is acyclic, checked when the inventory was built.
        while let id = current, chain.count <= regions.count + 1 {
            chain.append(id)
            if id == regionID { return chain }
            current = region(id)?.parentID
        }
        return nil
    }

    /// Renders ids as names joined by arrows ("payroll → pg-3 → payroll") for a cycle returned above.
    public func cycleDescription(_ ids: [Int64], kind: ObjectKind) -> String {
        ids.map { name(of: ObjectRef(kind: kind, id: $0)) ?? "#\($0)" }.joined(separator: " → ")
    }
}
