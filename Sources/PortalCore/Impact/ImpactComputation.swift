/// The working state of one `ImpactResolver.resolve` call: flat arrays indexed by dense position.
struct ImpactComputation {
    private let inventory: Inventory
    private let index: InventoryIndex

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

    private static func severityRank(_ level: UInt8) -> UInt64 { UInt64(Self.down - level) }

    func makeImpact(targets: [ObjectRef]) -> Impact {
        let nameRank = index.objectNameRank
        let bases = index.kindBase
        var keys: [UInt64] = []
        keys.reserveCapacity(downRegions.count + downClusters.count + downServers.count + serviceOrder.count
                             + affectedProcesses.count + affectedDataSets.count)
        // Sort key: severity, kind, name rank. It also encodes the object, so sorting keys sorts the objects.
        func add(_ kind: ObjectKind, _ slots: [Int32], level: (Int32) -> UInt8) {
            let base = bases.base(kind)
            let kindBits = UInt64(kind.rank) << 56
            for slot in slots {
                keys.append(Self.severityRank(level(slot)) << 60 | kindBits | UInt64(nameRank[base + Int(slot)]))
            }
        }
        add(.region, downRegions) { _ in Self.down }
        add(.cluster, downClusters) { _ in Self.down }
        add(.server, downServers) { _ in Self.down }
        add(.service, serviceOrder) { serviceLevel[Int($0)] }
        add(.process, affectedProcesses) { processLevel[Int($0)] }
        add(.dataset, affectedDataSets) { dataSetLevel[Int($0)] }
        keys.sort()

        let kinds = ObjectKind.allCases
        let bySlot = index.objectsByNameRank
        let ids = index.objectIDs
        var affected: [AffectedObject] = []
        affected.reserveCapacity(keys.count)
        var nodes: [DenseRef] = []
        nodes.reserveCapacity(keys.count)
        var refs: [ObjectRef] = []
        refs.reserveCapacity(keys.count)
        for key in keys {
            let kind = kinds[Int(key >> 56 & 0xF)]
            let base = bases.base(kind)
            let slot = bySlot[base + Int(key & 0xFFFF_FFFF)]
            let node = DenseRef(kind, slot)
            let state: ImpactState = switch key >> 60 {
            case 0: .down
            case 1: .degraded
            default: .atRisk
            }
            let ref = ObjectRef(kind: kind, id: ids[base + Int(slot)])
            nodes.append(node)
            refs.append(ref)
            affected.append(AffectedObject(object: ref, name: inventory.name(ofSlot: node), state: state,
                                           cause: cause(of: node)))
        }
        let t0 = ContinuousClock.now
        let c = contacts(of: nodes, refs: refs)
        let t1 = ContinuousClock.now
        let i = Impact(targets: Array(Set(targets)).sorted(), affected: affected,
                      contacts: c)
        let t2 = ContinuousClock.now
        print("  contacts", t1 - t0, "impact init", t2 - t1)
        return i
    }

    private func cause(of node: DenseRef) -> ExplanationStep {
        let ids = index.objectIDs
        let bases = index.kindBase
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
                let downHosts = hosts.filter { serverMark[Int($0)] != Self.untouched }.map { ids[bases.server + Int($0)] }
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

    /// Every active holder of every role of every affected object, one entry per contact.
    private func contacts(of nodes: [DenseRef], refs: [ObjectRef]) -> [NotifiedContact] {
        let contactCount = inventory.people.count + inventory.teams.count
        let holderOffsets = inventory.holderTable.table.offsets
        let holderItems = inventory.holderTable.table.items
        let roleCount = inventory.holderTable.roleCount
        let rolesByName = index.rolesByName
        let roleIDs = inventory.roles.map(\.id)
        let assignments = inventory.assignments
        let assignmentContact = index.assignmentContact
        let ids = index.objectIDs
        let bases = index.kindBase

        // Counting first lets every contact's list be allocated once at its final size.
        var counts = [Int32](repeating: 0, count: contactCount)
        for node in nodes {
            let keyBase = bases.flat(node) * roleCount
            for position in Int(holderOffsets[keyBase])..<Int(holderOffsets[keyBase + roleCount]) {
                counts[Int(assignmentContact[Int(holderItems[position].assignment)])] += 1
            }
        }
        var reasons = counts.map { count -> [NotificationReason] in
            var list: [NotificationReason] = []
            if count > 0 { list.reserveCapacity(Int(count)) }
            return list
        }
        var best = [Int](repeating: Priority.inactive.rank, count: contactCount)

        for (node, ref) in zip(nodes, refs) {
            let keyBase = bases.flat(node) * roleCount
            for role in rolesByName {
                let key = keyBase + Int(role)
                for position in Int(holderOffsets[key])..<Int(holderOffsets[key + 1]) {
                    let holder = holderItems[position]
                    let contact = Int(assignmentContact[Int(holder.assignment)])
                    let assignment = assignments[Int(holder.assignment)]
                    let inheritedFrom: ObjectRef? = holder.source == node ? nil
                        : ObjectRef(kind: holder.source.kind, id: ids[bases.flat(holder.source)])
                    reasons[contact].append(NotificationReason(
                        assignmentID: assignment.id, roleID: roleIDs[Int(role)], priority: assignment.priority,
                        object: ref, inheritedFrom: inheritedFrom))
                    best[contact] = min(best[contact], assignment.priority.rank)
                }
            }
        }
        let contactNameRank = index.contactNameRank
        var touched: [Int] = []
        for contact in 0..<contactCount where counts[contact] > 0 { touched.append(contact) }
        touched.sort { a, b in
            best[a] != best[b] ? best[a] < best[b] : contactNameRank[a] < contactNameRank[b]
        }
        return touched.map { contact in
            return NotifiedContact(contact: inventory.contact(slot: contact), name: inventory.contactName(slot: contact),
                                   bestPriority: Priority.allCases[best[contact]], reasons: reasons[contact])
        }
    }
}
