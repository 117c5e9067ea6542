/// The working state of one `ImpactResolver.resolve` call: flat arrays indexed by dense position.
struct ImpactComputation {
    private let inventory: Inventory
    private let index: InventoryIndex
    /// Hoisted from `index` once: reading a class's array property in a loop retains and releases it each time.
    private let objectIDs: [Int64]
    private let kindBase: KindOffsets

    // Containment marks.
    private static let untouched: UInt8 = 0
    private static let targeted: UInt8 = 1
    private static let contained: UInt8 = 2
    private var regionMark: [UInt8]
    private var clusterMark: [UInt8]
    private var serverMark: [UInt8]
    private var targetRegions: [Int32] = []
    private var targetClusters: [Int32] = []
    private var targetServers: [Int32] = []
    private var targetServices: [Int32] = []
    private var downRegions: [Int32] = []
    private var downClusters: [Int32] = []
    private var downServers: [Int32] = []

    // Service levels, larger is worse; 0 = unaffected.
    private static let atRisk: UInt8 = 1
    private static let degraded: UInt8 = 2
    private static let down: UInt8 = 3
    private enum Cause: UInt8 { case target, hosts, hardDependency, softDependency }
    private var serviceLevel: [UInt8]
    private var serviceCause: [Cause]
    private var serviceCauseRef: [Int32]
    private var serviceDistance: [Int32]
    /// The level whose search last queued the service, to queue each service once per level.
    private var queuedAtLevel: [UInt8]
    /// Affected services, most severe level first, nearest to a root cause first within a level.
    private var serviceOrder: [Int32] = []

    private var processLevel: [UInt8]
    private var processCause: [Int32]
    private var dataSetLevel: [UInt8]
    private var affectedProcesses: [Int32] = []
    private var affectedDataSets: [Int32] = []

    init(inventory: Inventory) {
        self.inventory = inventory
        index = inventory.index
        objectIDs = inventory.index.objectIDs
        kindBase = inventory.index.kindBase
        regionMark = [UInt8](repeating: 0, count: inventory.regions.count)
        clusterMark = [UInt8](repeating: 0, count: inventory.clusters.count)
        serverMark = [UInt8](repeating: 0, count: inventory.servers.count)
        serviceLevel = [UInt8](repeating: 0, count: inventory.services.count)
        serviceCause = [Cause](repeating: .target, count: inventory.services.count)
        serviceCauseRef = [Int32](repeating: -1, count: inventory.services.count)
        serviceDistance = [Int32](repeating: 0, count: inventory.services.count)
        queuedAtLevel = [UInt8](repeating: 0, count: inventory.services.count)
        processLevel = [UInt8](repeating: 0, count: inventory.processes.count)
        processCause = [Int32](repeating: -1, count: inventory.processes.count)
        dataSetLevel = [UInt8](repeating: 0, count: inventory.dataSets.count)
    }

    mutating func markTargets(_ targets: [ObjectRef]) throws(ImpactError) {
        var seenServices = Set<Int32>()
        for target in targets {
            guard let node = index.slot(of: target) else { throw .unknownTarget(target) }
            switch node.kind {
            case .region:
                if regionMark[node.slot] == Self.untouched { targetRegions.append(node.index) }
                regionMark[node.slot] = Self.targeted
            case .cluster:
                if clusterMark[node.slot] == Self.untouched { targetClusters.append(node.index) }
                clusterMark[node.slot] = Self.targeted
            case .server:
                if serverMark[node.slot] == Self.untouched { targetServers.append(node.index) }
                serverMark[node.slot] = Self.targeted
            case .service:
                if seenServices.insert(node.index).inserted { targetServices.append(node.index) }
            case .process, .dataset:
                throw .unsupportedTarget(target)
            }
        }
    }

    /// Regions take down sub-regions, clusters and servers; clusters take down their servers.
    mutating func cascadeContainment() {
        var stack = targetRegions
        while let region = stack.popLast() {
            downRegions.append(region)
            for child in index.regionChildren[Int(region)] where regionMark[Int(child)] != Self.targeted {
                regionMark[Int(child)] = Self.contained
                stack.append(child)
            }
        }
        downClusters = targetClusters
        for region in downRegions {
            for cluster in index.regionClusters[Int(region)] where clusterMark[Int(cluster)] == Self.untouched {
                clusterMark[Int(cluster)] = Self.contained
                downClusters.append(cluster)
            }
        }
        downServers = targetServers
        for cluster in downClusters {
            for server in index.clusterServers[Int(cluster)] where serverMark[Int(server)] == Self.untouched {
                serverMark[Int(server)] = Self.contained
                downServers.append(server)
            }
        }
        for region in downRegions {
            for server in index.regionServers[Int(region)] where serverMark[Int(server)] == Self.untouched {
                serverMark[Int(server)] = Self.contained
                downServers.append(server)
            }
        }
    }

    private struct Pending {
        var service: Int32
        var distance: Int32
        var cause: Cause
        var causeRef: Int32
    }

    /// Host redundancy first, then dependencies level by level (down, degraded, at risk): each level is a
    /// breadth-first search, so a service keeps its worst state and the shortest chain leading to it.
    mutating func settleServices() {
        var downHostCount = [Int32](repeating: 0, count: serviceLevel.count)
        var hostHit: [Int32] = []
        let hostedOffsets = index.serverServices.offsets
        let hosted = index.serverServices.items
        for server in downServers {
            for position in Int(hostedOffsets[Int(server)])..<Int(hostedOffsets[Int(server) + 1]) {
                let service = hosted[position]
                if downHostCount[Int(service)] == 0 { hostHit.append(service) }
                downHostCount[Int(service)] += 1
            }
        }

        var downSeeds: [Pending] = targetServices.map { Pending(service: $0, distance: 0, cause: .target, causeRef: -1) }
        var degradedSeeds: [Pending] = []
        var atRiskSeeds: [Pending] = []
        for service in hostHit {
            let hosts = Int32(index.serviceHosts.range(Int(service)).count)
            let healthy = hosts - downHostCount[Int(service)]
            let needed = index.serviceMinHealthy[Int(service)]
            let seed = Pending(service: service, distance: 0, cause: .hosts, causeRef: -1)
            if healthy < needed {
                downSeeds.append(seed)
            } else if healthy == needed {
                atRiskSeeds.append(seed)
            } else {
                degradedSeeds.append(seed)
            }
        }

        settle(level: Self.down, seeds: downSeeds, followSoft: false)
        // A soft dependency on something down degrades; those seeds come after the level's own (distance ≥ 1)
        // and in non-decreasing distance because `serviceOrder` is in breadth-first order.
        let dependents = index.dependents
        let isHard = index.dependentIsHard
        for service in serviceOrder {
            for position in dependents.range(Int(service)) where !isHard[position] {
                let dependent = dependents.items[position]
                guard serviceLevel[Int(dependent)] == 0 else { continue }
                degradedSeeds.append(Pending(service: dependent, distance: serviceDistance[Int(service)] + 1,
                                             cause: .softDependency, causeRef: service))
            }
        }
        settle(level: Self.degraded, seeds: degradedSeeds, followSoft: true)
        settle(level: Self.atRisk, seeds: atRiskSeeds, followSoft: true)
    }

    /// Breadth-first search from seeds sorted by distance, merged with the search queue so the smallest
    /// distance is always settled first.
    private mutating func settle(level: UInt8, seeds: [Pending], followSoft: Bool) {
        let offsets = index.dependents.offsets
        let dependents = index.dependents.items
        let isHard = index.dependentIsHard
        var queue: [Pending] = []
        queue.reserveCapacity(seeds.count)
        var head = 0
        var seed = 0
        while seed < seeds.count || head < queue.count {
            let next: Pending
            if head < queue.count && (seed == seeds.count || queue[head].distance < seeds[seed].distance) {
                next = queue[head]
                head += 1
            } else {
                next = seeds[seed]
                seed += 1
            }
            let service = Int(next.service)
            guard serviceLevel[service] == 0 else { continue }
            serviceLevel[service] = level
            serviceCause[service] = next.cause
            serviceCauseRef[service] = next.causeRef
            serviceDistance[service] = next.distance
            serviceOrder.append(next.service)
            for position in Int(offsets[service])..<Int(offsets[service + 1]) {
                let dependent = Int(dependents[position])
                // Queue entries come out in distance order, so the first push per level is the shortest.
                guard serviceLevel[dependent] == 0, queuedAtLevel[dependent] != level else { continue }
                let hard = isHard[position]
                guard hard || followSoft else { continue }
                queuedAtLevel[dependent] = level
                queue.append(Pending(service: Int32(dependent), distance: next.distance + 1,
                                     cause: hard ? .hardDependency : .softDependency, causeRef: next.service))
            }
        }
    }

    /// Walking services worst-first means the first service to reach a process is its worst and nearest one.
    mutating func settleProcessesAndDataSets() {
        for service in serviceOrder {
            let level = serviceLevel[Int(service)]
            for process in index.serviceProcesses[Int(service)] where processLevel[Int(process)] == 0 {
                processLevel[Int(process)] = level
                processCause[Int(process)] = service
                affectedProcesses.append(process)
            }
            for dataSet in index.serviceDataSets[Int(service)] {
                dataSetLevel[Int(dataSet)] = level
                affectedDataSets.append(dataSet)
            }
        }
        for server in downServers {
            for dataSet in index.serverDataSets[Int(server)] {
                dataSetLevel[Int(dataSet)] = Self.down
                affectedDataSets.append(dataSet)
            }
        }
    }

    // MARK: - Result

    private static let priorities: [Priority] = Priority.allCases

    private static func severityRank(_ level: UInt8) -> UInt64 { UInt64(Self.down - level) }

    func makeImpact(targets: [ObjectRef]) -> Impact {
        let nameRank = index.objectNameRank
        let bases = index.kindBase
        // Sort key: severity, kind, name rank. It also encodes the object, so ordering keys orders the objects.
        let lists: [(ObjectKind, [Int32], (Int32) -> UInt8)] = [
            (.region, downRegions, { _ in Self.down }),
            (.cluster, downClusters, { _ in Self.down }),
            (.server, downServers, { _ in Self.down }),
            (.service, serviceOrder, { [serviceLevel] in serviceLevel[Int($0)] }),
            (.process, affectedProcesses, { [processLevel] in processLevel[Int($0)] }),
            (.dataset, affectedDataSets, { [dataSetLevel] in dataSetLevel[Int($0)] }),
        ]
        let count = lists.reduce(0) { $0 + $1.1.count }
        var keys: [UInt64] = []
        keys.reserveCapacity(count)
        if count * 16 < bases.total {
            for (kind, slots, level) in lists {
                let base = bases.base(kind)
                for slot in slots {
                    keys.append(Self.severityRank(level(slot)) << 60 | UInt64(kind.rank) << 56
                                | UInt64(nameRank[base + Int(slot)]))
                }
            }
            keys.sort()
        } else {
            // A large impact touches much of the inventory: marking and scanning in name order beats sorting.
            var severityByRank = [UInt8](repeating: .max, count: bases.total)
            for (kind, slots, level) in lists {
                let base = bases.base(kind)
                for slot in slots { severityByRank[base + Int(nameRank[base + Int(slot)])] = UInt8(Self.severityRank(level(slot))) }
            }
            // One scan in kind and name order, one bucket per severity, most severe first.
            var buckets: [[UInt64]] = [[], [], []]
            buckets[0].reserveCapacity(count)
            severityByRank.withUnsafeBufferPointer { severityByRank in
                for kind in ObjectKind.allCases {
                    let base = bases.base(kind)
                    for rank in 0..<bases.count(kind) {
                        let severity = severityByRank[base + rank]
                        guard severity <= 2 else { continue }
                        buckets[Int(severity)].append(UInt64(severity) << 60 | UInt64(kind.rank) << 56 | UInt64(rank))
                    }
                }
            }
            keys = buckets[0] + buckets[1] + buckets[2]
        }

        let kinds = ObjectKind.allCases
        let bySlot = index.objectsByNameRank
        let ids = index.objectIDs
        var affected: [AffectedObject] = []
        affected.reserveCapacity(keys.count)
        var refs: [ObjectRef] = []
        refs.reserveCapacity(keys.count)
        var rankedPositions: [Int] = []
        rankedPositions.reserveCapacity(keys.count)
        let names = index.namesByNameRank
        for key in keys {
            let kind = kinds[Int(key >> 56 & 0xF)]
            let base = bases.base(kind)
            let ranked = base + Int(key & 0xFFFF_FFFF)
            let slot = bySlot[ranked]
            let node = DenseRef(kind, slot)
            let state: ImpactState = switch key >> 60 {
            case 0: .down
            case 1: .degraded
            default: .atRisk
            }
            let ref = ObjectRef(kind: kind, id: ids[base + Int(slot)])
            refs.append(ref)
            rankedPositions.append(ranked)
            affected.append(AffectedObject(object: ref, name: names[ranked], state: state, cause: cause(of: node)))
        }
        return Impact(targets: Array(Set(targets)).sorted(), affected: affected, refs: refs,
                      contacts: contacts(of: refs, rankedPositions: rankedPositions))
    }

    private func cause(of node: DenseRef) -> ExplanationStep {
        let ids = objectIDs
        let bases = kindBase
        switch node.kind {
        case .region:
            if regionMark[node.slot] == Self.targeted { return .inDowntime }
            return .inRegion(regionID: ids[bases.region + Int(index.regionParent[node.slot])])
        case .cluster:
            if clusterMark[node.slot] == Self.targeted { return .inDowntime }
            return .inRegion(regionID: ids[bases.region + Int(index.clusterRegion[node.slot])])
        case .server:
            if serverMark[node.slot] == Self.targeted { return .inDowntime }
            let cluster = index.serverCluster[node.slot]
            return cluster >= 0 ? .inCluster(clusterID: ids[bases.cluster + Int(cluster)])
                : .inRegion(regionID: ids[bases.region + Int(index.serverDirectRegion[node.slot])])
        case .service:
            let causeRef = Int(serviceCauseRef[node.slot])
            switch serviceCause[node.slot] {
            case .target:
                return .inDowntime
            case .hosts:
                let hosts = index.serviceHosts[node.slot]
                var downHosts: [Int64] = []
                downHosts.reserveCapacity(hosts.count)
                for host in hosts where serverMark[Int(host)] != Self.untouched { downHosts.append(ids[bases.server + Int(host)]) }
                return .runsOn(downHosts: downHosts, hostCount: hosts.count,
                               minHealthy: Int(index.serviceMinHealthy[node.slot]))
            case .hardDependency:
                return .dependsOn(serviceID: ids[bases.service + causeRef], kind: .hard)
            case .softDependency:
                return .dependsOn(serviceID: ids[bases.service + causeRef], kind: .soft)
            }
        case .process:
            return .usesService(serviceID: ids[bases.service + Int(processCause[node.slot])])
        case .dataset:
            let service = index.dataSetService[node.slot]
            return service >= 0 ? .storedOnService(serviceID: ids[bases.service + Int(service)])
                : .storedOnServer(serverID: ids[bases.server + Int(index.dataSetServer[node.slot])])
        }
    }

    /// Every active holder of every role of every affected object, one entry per contact. Only counted here (the
    /// order, the best priority and how many reasons each has); the reasons are gathered when first asked for.
    private func contacts(of refs: [ObjectRef], rankedPositions: [Int]) -> [NotifiedContact] {
        let contactCount = inventory.people.count + inventory.teams.count
        let holders = inventory.holderTable
        let starts = holders.starts
        let ends = holders.ends
        let itemContacts = holders.itemContacts
        let itemPriorities = holders.itemPriorityRanks
        let roleCount = holders.roleCount

        var counts = [Int32](repeating: 0, count: contactCount)
        var best = [UInt8](repeating: UInt8(Priority.inactive.rank), count: contactCount)
        // The hottest loop of a resolve: raw buffers, since every index comes from the holder table itself.
        starts.withUnsafeBufferPointer { starts in
        ends.withUnsafeBufferPointer { ends in
        itemContacts.withUnsafeBufferPointer { itemContacts in
        itemPriorities.withUnsafeBufferPointer { itemPriorities in
        counts.withUnsafeMutableBufferPointer { counts in
        best.withUnsafeMutableBufferPointer { best in
            for ranked in rankedPositions {
                let first = holders.firstKey(rankedPosition: ranked)
                for key in first..<(first + roleCount) {
                    for item in Int(starts[key])..<Int(ends[key]) {
                        let contact = Int(itemContacts[item])
                        counts[contact] &+= 1
                        best[contact] = min(best[contact], itemPriorities[item])
                    }
                }
            }
        }}}}}}
        var offsets = [Int](repeating: 0, count: contactCount + 1)
        for contact in 0..<contactCount { offsets[contact + 1] = offsets[contact] + Int(counts[contact]) }
        // The gathering keeps only the holder table alive (not the whole inventory) until it runs.
        let roleIDs = holders.rolesByName.map { inventory.roles[Int($0)].id }
        let store = ReasonStore { [offsets] in
            Self.gatherReasons(holders: holders, roleIDs: roleIDs, refs: refs, rankedPositions: rankedPositions, offsets: offsets)
        }
        let contactNameRank = index.contactNameRank
        var touched: [Int] = []
        for contact in 0..<contactCount where counts[contact] > 0 { touched.append(contact) }
        touched.sort { a, b in
            best[a] != best[b] ? best[a] < best[b] : contactNameRank[a] < contactNameRank[b]
        }
        return touched.map { contact in
            NotifiedContact(contact: inventory.contact(slot: contact), name: inventory.contactName(slot: contact),
                            bestPriority: Self.priorities[Int(best[contact])], store: store,
                            range: offsets[contact]..<offsets[contact + 1])
        }
    }

    /// The reasons in affected order, and their positions grouped by contact at `offsets` (from the counting pass).
    private static func gatherReasons(holders: HolderTable, roleIDs: [Int64], refs: [ObjectRef], rankedPositions: [Int],
                                      offsets: [Int]) -> ReasonStore.Contents {
        let starts = holders.starts
        let ends = holders.ends
        let items = holders.items
        let facts = holders.facts
        let roleCount = holders.roleCount
        let total = offsets.last ?? 0
        var reasons: [NotificationReason] = []
        reasons.reserveCapacity(total)
        var order = [Int32](repeating: 0, count: total)
        var cursor = offsets
        for (position, ranked) in rankedPositions.enumerated() {
            let ref = refs[position]
            let first = holders.firstKey(rankedPosition: ranked)
            for rolePosition in 0..<roleCount {
                let key = first + rolePosition
                for item in Int(starts[key])..<Int(ends[key]) {
                    let holder = facts[Int(items[item])]
                    let inheritedFrom: ObjectRef? = holder.object == ref ? nil : holder.object
                    order[cursor[Int(holder.contact)]] = Int32(reasons.count)
                    cursor[Int(holder.contact)] += 1
                    reasons.append(NotificationReason(
                        assignmentID: holder.id, roleID: roleIDs[rolePosition], priority: holder.priority,
                        object: ref, inheritedFrom: inheritedFrom))
                }
            }
        }
        return (reasons, order)
    }
}
