/// Integer-indexed lookup tables derived once from the inventory rows, so queries and the impact
/// resolver never hash ids or compare strings in their inner loops.
final class InventoryIndex: Sendable {
    // id → position in the row arrays, one map per table.
    let regionSlot: [Int64: Int32]
    let clusterSlot: [Int64: Int32]
    let serverSlot: [Int64: Int32]
    let serviceSlot: [Int64: Int32]
    let processSlot: [Int64: Int32]
    let dataSetSlot: [Int64: Int32]
    let personSlot: [Int64: Int32]
    let teamSlot: [Int64: Int32]
    let roleSlot: [Int64: Int32]

    /// Where each kind starts in the flat per-object arrays below (regions, clusters, …, data sets).
    let kindBase: KindOffsets
    /// Ids of all objects, flat by `kindBase`, so hot loops build `ObjectRef`s without touching the row structs.
    let objectIDs: [Int64]

    // Containment tree.
    let regionParent: [Int32]
    let regionChildren: CompactTable<Int32>
    let regionClusters: CompactTable<Int32>
    /// Servers placed directly in the region (not through a cluster).
    let regionServers: CompactTable<Int32>
    /// Every region after its parent.
    let regionTopological: [Int32]
    let clusterRegion: [Int32]
    let clusterServers: CompactTable<Int32>
    /// -1 for a server directly in a region.
    let serverCluster: [Int32]
    /// The region a server sits in directly; -1 for cluster members.
    let serverDirectRegion: [Int32]

    // What runs where.
    /// Distinct servers a service runs on, cluster placements expanded.
    let serviceHosts: CompactTable<Int32>
    /// Largest `minHealthy` of the service's placements (1 without placements).
    let serviceMinHealthy: [Int32]
    /// The placement objects (servers and clusters) a service inherits roles from.
    let servicePlacementObjects: CompactTable<DenseRef>
    let serverServices: CompactTable<Int32>

    // Dependencies.
    let dependencies: CompactTable<Int32>
    let dependencyIsHard: [Bool]
    let dependents: CompactTable<Int32>
    let dependentIsHard: [Bool]

    // Business processes and data sets.
    let processServices: CompactTable<Int32>
    let serviceProcesses: CompactTable<Int32>
    let serviceDataSets: CompactTable<Int32>
    let serverDataSets: CompactTable<Int32>
    let dataSetService: [Int32]
    let dataSetServer: [Int32]

    // Contacts and assignments.
    let personCount: Int
    /// People first, then teams.
    let assignmentContact: [Int32]
    let assignmentRole: [Int32]
    let assignmentPriority: [Priority]
    /// Kept apart from the 56-byte `Assignment` rows so the resolver's contact loop stays in cache.
    let compactAssignments: [CompactAssignment]
    /// Assignment positions on each object, by `ObjectKind.rank`.
    let assignmentsOn: [CompactTable<Int32>]
    let roleCount: Int
    let rolesByName: [Int32]

    // Name order, so results sort by integers.
    /// `objectNameRank[kindBase.flat(node)]` is the object's position when its kind is sorted by name.
    let objectNameRank: [Int32]
    /// `objectsByNameRank[kindBase.base(kind) + rank]` is the slot of the object with that name rank.
    let objectsByNameRank: [Int32]
    /// Names in the same order as `objectsByNameRank`, so results copy names sequentially.
    let namesByNameRank: [String]
    /// Position of each contact (people then teams) when all contacts are sorted by name.
    let contactNameRank: [Int32]

    init(regions: [Region], clusters: [Cluster], servers: [Server], services: [Service],
         placements: [Placement], dependencies: [Dependency], processes: [BusinessProcess],
         dataSets: [DataSet], people: [Person], teams: [Team], roles: [Role],
         assignments: [Assignment]) throws(InventoryError) {
        regionSlot = try Self.slots(regions.map(\.id), table: "regions")
        clusterSlot = try Self.slots(clusters.map(\.id), table: "clusters")
        serverSlot = try Self.slots(servers.map(\.id), table: "servers")
        serviceSlot = try Self.slots(services.map(\.id), table: "services")
        processSlot = try Self.slots(processes.map(\.id), table: "business processes")
        dataSetSlot = try Self.slots(dataSets.map(\.id), table: "data sets")
        personSlot = try Self.slots(people.map(\.id), table: "people")
        teamSlot = try Self.slots(teams.map(\.id), table: "teams")
        roleSlot = try Self.slots(roles.map(\.id), table: "roles")
        _ = try Self.slots(assignments.map(\.id), table: "assignments")
        let ids = [regions.map(\.id), clusters.map(\.id), servers.map(\.id),
                   services.map(\.id), processes.map(\.id), dataSets.map(\.id)]
        kindBase = KindOffsets(counts: ids.map(\.count))
        objectIDs = Array(ids.joined())

        // Each part is built by its own function, kept out of line: as one function this initialiser took the
        // optimiser most of PortalCore's release compile (docs/notes-build5.md).
        let containment = try Self.containment(regions: regions, clusters: clusters, servers: servers,
                                               regionSlot: regionSlot, clusterSlot: clusterSlot)
        regionParent = containment.regionParent
        regionTopological = containment.regionTopological
        regionChildren = containment.regionChildren
        clusterRegion = containment.clusterRegion
        regionClusters = containment.regionClusters
        serverCluster = containment.serverCluster
        serverDirectRegion = containment.serverDirectRegion
        clusterServers = containment.clusterServers
        regionServers = containment.regionServers

        let hosting = try Self.hosting(services: services, serverCount: servers.count, placements: placements,
                                       serviceSlot: serviceSlot, serverSlot: serverSlot, clusterSlot: clusterSlot,
                                       clusterServers: containment.clusterServers)
        serviceMinHealthy = hosting.serviceMinHealthy
        servicePlacementObjects = hosting.servicePlacementObjects
        serviceHosts = hosting.serviceHosts
        serverServices = hosting.serverServices

        let edges = try Self.dependencyTables(services: services, dependencies: dependencies, serviceSlot: serviceSlot)
        self.dependencies = edges.dependencies
        dependencyIsHard = edges.dependencyIsHard
        dependents = edges.dependents
        dependentIsHard = edges.dependentIsHard

        let processTables = try Self.processTables(processes: processes, serviceCount: services.count, serviceSlot: serviceSlot)
        processServices = processTables.processServices
        serviceProcesses = processTables.serviceProcesses

        let dataSetTables = try Self.dataSetTables(dataSets: dataSets, serviceCount: services.count, serverCount: servers.count,
                                                   serviceSlot: serviceSlot, serverSlot: serverSlot)
        dataSetService = dataSetTables.dataSetService
        dataSetServer = dataSetTables.dataSetServer
        serviceDataSets = dataSetTables.serviceDataSets
        serverDataSets = dataSetTables.serverDataSets

        try Self.checkTeams(teams, personSlot: personSlot)

        personCount = people.count
        roleCount = roles.count
        let counts = [regions.count, clusters.count, servers.count, services.count, processes.count, dataSets.count]
        let assignmentTables = try Self.assignmentTables(
            assignments, personCount: people.count, counts: counts,
            slotMaps: [regionSlot, clusterSlot, serverSlot, serviceSlot, processSlot, dataSetSlot],
            personSlot: personSlot, teamSlot: teamSlot, roleSlot: roleSlot)
        assignmentContact = assignmentTables.assignmentContact
        assignmentRole = assignmentTables.assignmentRole
        assignmentPriority = assignments.map(\.priority)
        compactAssignments = assignmentTables.compactAssignments
        assignmentsOn = assignmentTables.assignmentsOn

        let names = [regions.map(\.name), clusters.map(\.name), servers.map(\.name),
                     services.map(\.name), processes.map(\.name), dataSets.map(\.name)]
        let nameTables = Self.nameTables(names: names, ids: ids, kindBase: kindBase)
        objectNameRank = nameTables.objectNameRank
        objectsByNameRank = nameTables.objectsByNameRank
        namesByNameRank = nameTables.namesByNameRank
        contactNameRank = Self.inverse(Self.nameOrder(people.map(\.name) + teams.map(\.name),
                                                      ids: people.map(\.id) + teams.map(\.id)))
        rolesByName = Self.nameOrder(roles.map(\.name), ids: roles.map(\.id))
    }

    // MARK: - Queries used across the module

    func slot(of ref: ObjectRef) -> DenseRef? {
        let map: [Int64: Int32] = switch ref.kind {
        case .region: regionSlot
        case .cluster: clusterSlot
        case .server: serverSlot
        case .service: serviceSlot
        case .process: processSlot
        case .dataset: dataSetSlot
        }
        return map[ref.id].map { DenseRef(ref.kind, $0) }
    }

    @inline(__always)
    func ref(_ dense: DenseRef) -> ObjectRef {
        ObjectRef(kind: dense.kind, id: objectIDs[kindBase.flat(dense)])
    }

    /// The containment parent: region → parent region, cluster → region, server → cluster or region.
    func containmentParent(of node: DenseRef) -> DenseRef? {
        switch node.kind {
        case .region:
            let parent = regionParent[node.slot]
            return parent >= 0 ? DenseRef(.region, parent) : nil
        case .cluster:
            return DenseRef(.region, clusterRegion[node.slot])
        case .server:
            let cluster = serverCluster[node.slot]
            return cluster >= 0 ? DenseRef(.cluster, cluster) : DenseRef(.region, serverDirectRegion[node.slot])
        case .service, .process, .dataset:
            return nil
        }
    }

    /// The region a server ends up in, through its cluster if it has one.
    func effectiveRegion(ofServer server: Int) -> Int32 {
        let cluster = serverCluster[server]
        return cluster >= 0 ? clusterRegion[Int(cluster)] : serverDirectRegion[server]
    }

    // MARK: - Building blocks

    private static func slots(_ ids: [Int64], table: String) throws(InventoryError) -> [Int64: Int32] {
        var map = [Int64: Int32](minimumCapacity: ids.count)
        for (i, id) in ids.enumerated() {
            guard map.updateValue(Int32(i), forKey: id) == nil else { throw .duplicateID(table: table, id: id) }
        }
        return map
    }

    private static func lookup(_ map: [Int64: Int32], _ id: Int64, owner: String, field: String) throws(InventoryError) -> Int32 {
        guard let slot = map[id] else { throw .missingReference(owner: owner, field: field, id: id) }
        return slot
    }

    /// Parents before children; a parent chain that loops is reported with the names along it.
    private static func topologicalOrder(parents: [Int32], names: [String]) throws(InventoryError) -> [Int32] {
        var state = [UInt8](repeating: 0, count: parents.count) // 0 new, 1 on the current chain, 2 placed
        var order: [Int32] = []
        order.reserveCapacity(parents.count)
        for start in parents.indices where state[start] == 0 {
            var chain: [Int32] = []
            var current = Int32(start)
            while current >= 0 && state[Int(current)] == 0 {
                state[Int(current)] = 1
                chain.append(current)
                current = parents[Int(current)]
            }
            if current >= 0 && state[Int(current)] == 1 {
                let loopStart = chain.firstIndex(of: current)!
                let loop = chain[loopStart...].map { names[Int($0)] } + [names[Int(current)]]
                throw .regionCycle(names: loop)
            }
            for region in chain.reversed() {
                state[Int(region)] = 2
                order.append(region)
            }
        }
        return order
    }

    /// Positions sorted by name, ties broken by id so the order never depends on input order.
    private static func nameOrder(_ names: [String], ids: [Int64]) -> [Int32] {
        (0..<Int32(names.count)).sorted { a, b in
            let nameA = names[Int(a)], nameB = names[Int(b)]
            return nameA != nameB ? nameA < nameB : ids[Int(a)] < ids[Int(b)]
        }
    }

    private static func inverse(_ order: [Int32]) -> [Int32] {
        var rank = [Int32](repeating: 0, count: order.count)
        for (position, slot) in order.enumerated() { rank[Int(slot)] = Int32(position) }
        return rank
    }
}

// MARK: - The parts of the initialiser, each out of line (a single initialiser was too large for the optimiser)

extension InventoryIndex {
    @inline(never)
    fileprivate static func containment(regions: [Region], clusters: [Cluster], servers: [Server],
                                        regionSlot: [Int64: Int32], clusterSlot: [Int64: Int32]) throws(InventoryError)
        -> (regionParent: [Int32], regionTopological: [Int32], regionChildren: CompactTable<Int32>, clusterRegion: [Int32],
            regionClusters: CompactTable<Int32>, serverCluster: [Int32], serverDirectRegion: [Int32],
            clusterServers: CompactTable<Int32>, regionServers: CompactTable<Int32>) {
        var regionParent = [Int32](repeating: -1, count: regions.count)
        for (i, region) in regions.enumerated() {
            guard let parentID = region.parentID else { continue }
            regionParent[i] = try lookup(regionSlot, parentID, owner: "Region '\(region.name)'", field: "parent region")
        }
        let regionTopological = try topologicalOrder(parents: regionParent, names: regions.map(\.name))
        let withParent = regionParent.indices.filter { regionParent[$0] >= 0 }
        let regionChildren = CompactTable(count: regions.count, keys: withParent.map { regionParent[$0] },
                                          values: withParent.map { Int32($0) })

        var clusterRegion = [Int32](repeating: -1, count: clusters.count)
        for (i, cluster) in clusters.enumerated() {
            clusterRegion[i] = try lookup(regionSlot, cluster.regionID, owner: "Cluster '\(cluster.name)'", field: "region")
        }
        let regionClusters = CompactTable(count: regions.count, keys: clusterRegion, values: (0..<Int32(clusters.count)).map { $0 })

        var serverCluster = [Int32](repeating: -1, count: servers.count)
        var serverDirectRegion = [Int32](repeating: -1, count: servers.count)
        for (i, server) in servers.enumerated() {
            let owner = "Server '\(server.name)'"
            switch (server.regionID, server.clusterID) {
            case (let regionID?, nil):
                serverDirectRegion[i] = try lookup(regionSlot, regionID, owner: owner, field: "region")
            case (nil, let clusterID?):
                serverCluster[i] = try lookup(clusterSlot, clusterID, owner: owner, field: "cluster")
            default:
                throw .needsExactlyOne(owner: owner, first: "a region", second: "a cluster")
            }
        }
        let clustered = serverCluster.indices.filter { serverCluster[$0] >= 0 }
        let clusterServers = CompactTable(count: clusters.count, keys: clustered.map { serverCluster[$0] },
                                          values: clustered.map { Int32($0) })
        let direct = serverDirectRegion.indices.filter { serverDirectRegion[$0] >= 0 }
        let regionServers = CompactTable(count: regions.count, keys: direct.map { serverDirectRegion[$0] },
                                         values: direct.map { Int32($0) })
        return (regionParent, regionTopological, regionChildren, clusterRegion, regionClusters, serverCluster,
                serverDirectRegion, clusterServers, regionServers)
    }

    /// Placements: hosts are the union of placed servers and every server of placed clusters.
    @inline(never)
    fileprivate static func hosting(services: [Service], serverCount: Int, placements: [Placement],
                                    serviceSlot: [Int64: Int32], serverSlot: [Int64: Int32], clusterSlot: [Int64: Int32],
                                    clusterServers: CompactTable<Int32>) throws(InventoryError)
        -> (serviceMinHealthy: [Int32], servicePlacementObjects: CompactTable<DenseRef>, serviceHosts: CompactTable<Int32>,
            serverServices: CompactTable<Int32>) {
        var minHealthy = [Int32](repeating: 0, count: services.count)
        var placementKeys: [Int32] = []
        var placementObjects: [DenseRef] = []
        placementKeys.reserveCapacity(placements.count)
        placementObjects.reserveCapacity(placements.count)
        for placement in placements {
            let service = try lookup(serviceSlot, placement.serviceID, owner: "A placement", field: "service")
            let owner = "The placement of service '\(services[Int(service)].name)'"
            let object: DenseRef
            switch (placement.serverID, placement.clusterID) {
            case (let serverID?, nil):
                object = DenseRef(.server, try lookup(serverSlot, serverID, owner: owner, field: "server"))
            case (nil, let clusterID?):
                object = DenseRef(.cluster, try lookup(clusterSlot, clusterID, owner: owner, field: "cluster"))
            default:
                throw .needsExactlyOne(owner: owner, first: "a server", second: "a cluster")
            }
            placementKeys.append(service)
            placementObjects.append(object)
            minHealthy[Int(service)] = max(minHealthy[Int(service)], Int32(placement.minHealthy))
        }
        let servicePlacementObjects = CompactTable(count: services.count, keys: placementKeys, values: placementObjects)

        var hostKeys: [Int32] = []
        var hostValues: [Int32] = []
        var seenStamp = [Int32](repeating: -1, count: serverCount)
        for service in 0..<services.count {
            let s32 = Int32(service)
            func add(_ server: Int32) {
                guard seenStamp[Int(server)] != s32 else { return }
                seenStamp[Int(server)] = s32
                hostKeys.append(s32)
                hostValues.append(server)
            }
            for object in servicePlacementObjects[service] {
                if object.kind == .server {
                    add(object.index)
                } else {
                    for server in clusterServers[object.slot] { add(server) }
                }
            }
        }
        return (minHealthy.map { max($0, 1) }, servicePlacementObjects,
                CompactTable(count: services.count, keys: hostKeys, values: hostValues),
                CompactTable(count: serverCount, keys: hostValues, values: hostKeys))
    }

    /// Dependencies, both directions.
    @inline(never)
    fileprivate static func dependencyTables(services: [Service], dependencies: [Dependency], serviceSlot: [Int64: Int32]) throws(InventoryError)
        -> (dependencies: CompactTable<Int32>, dependencyIsHard: [Bool], dependents: CompactTable<Int32>, dependentIsHard: [Bool]) {
        var dependencyFrom: [Int32] = []
        var dependencyTo: [Int32] = []
        var isHard: [Bool] = []
        dependencyFrom.reserveCapacity(dependencies.count)
        dependencyTo.reserveCapacity(dependencies.count)
        isHard.reserveCapacity(dependencies.count)
        for dependency in dependencies {
            let from = try lookup(serviceSlot, dependency.serviceID, owner: "A dependency", field: "service")
            let to = try lookup(serviceSlot, dependency.dependsOnID,
                                owner: "The dependency of service '\(services[Int(from)].name)'", field: "service")
            dependencyFrom.append(from)
            dependencyTo.append(to)
            isHard.append(dependency.kind == .hard)
        }
        return (CompactTable(count: services.count, keys: dependencyFrom, values: dependencyTo),
                CompactTable(count: services.count, keys: dependencyFrom, values: isHard).items,
                CompactTable(count: services.count, keys: dependencyTo, values: dependencyFrom),
                CompactTable(count: services.count, keys: dependencyTo, values: isHard).items)
    }

    @inline(never)
    fileprivate static func processTables(processes: [BusinessProcess], serviceCount: Int, serviceSlot: [Int64: Int32]) throws(InventoryError)
        -> (processServices: CompactTable<Int32>, serviceProcesses: CompactTable<Int32>) {
        var processKeys: [Int32] = []
        var processValues: [Int32] = []
        for (i, process) in processes.enumerated() {
            var seen = Set<Int32>()
            for serviceID in process.serviceIDs {
                let service = try lookup(serviceSlot, serviceID, owner: "Business process '\(process.name)'", field: "service")
                guard seen.insert(service).inserted else { continue }
                processKeys.append(Int32(i))
                processValues.append(service)
            }
        }
        return (CompactTable(count: processes.count, keys: processKeys, values: processValues),
                CompactTable(count: serviceCount, keys: processValues, values: processKeys))
    }

    @inline(never)
    fileprivate static func dataSetTables(dataSets: [DataSet], serviceCount: Int, serverCount: Int,
                                          serviceSlot: [Int64: Int32], serverSlot: [Int64: Int32]) throws(InventoryError)
        -> (dataSetService: [Int32], dataSetServer: [Int32], serviceDataSets: CompactTable<Int32>, serverDataSets: CompactTable<Int32>) {
        var dataSetService = [Int32](repeating: -1, count: dataSets.count)
        var dataSetServer = [Int32](repeating: -1, count: dataSets.count)
        for (i, dataSet) in dataSets.enumerated() {
            let owner = "Data set '\(dataSet.name)'"
            switch (dataSet.serviceID, dataSet.serverID) {
            case (let serviceID?, nil):
                dataSetService[i] = try lookup(serviceSlot, serviceID, owner: owner, field: "service")
            case (nil, let serverID?):
                dataSetServer[i] = try lookup(serverSlot, serverID, owner: owner, field: "server")
            default:
                throw .needsExactlyOne(owner: owner, first: "a service", second: "a server")
            }
        }
        let onService = dataSetService.indices.filter { dataSetService[$0] >= 0 }
        let onServer = dataSetServer.indices.filter { dataSetServer[$0] >= 0 }
        return (dataSetService, dataSetServer,
                CompactTable(count: serviceCount, keys: onService.map { dataSetService[$0] }, values: onService.map { Int32($0) }),
                CompactTable(count: serverCount, keys: onServer.map { dataSetServer[$0] }, values: onServer.map { Int32($0) }))
    }

    /// Teams must list real people.
    @inline(never)
    fileprivate static func checkTeams(_ teams: [Team], personSlot: [Int64: Int32]) throws(InventoryError) {
        for team in teams {
            for memberID in team.memberIDs {
                _ = try lookup(personSlot, memberID, owner: "Team '\(team.name)'", field: "person")
            }
        }
    }

    @inline(never)
    fileprivate static func assignmentTables(_ assignments: [Assignment], personCount: Int, counts: [Int], slotMaps: [[Int64: Int32]],
                                             personSlot: [Int64: Int32], teamSlot: [Int64: Int32], roleSlot: [Int64: Int32]) throws(InventoryError)
        -> (assignmentContact: [Int32], assignmentRole: [Int32], compactAssignments: [CompactAssignment], assignmentsOn: [CompactTable<Int32>]) {
        var assignmentContact = [Int32](repeating: 0, count: assignments.count)
        var assignmentRole = [Int32](repeating: 0, count: assignments.count)
        var objectKeys = [[Int32]](repeating: [], count: ObjectKind.allCases.count)
        var objectValues = [[Int32]](repeating: [], count: ObjectKind.allCases.count)
        for (i, assignment) in assignments.enumerated() {
            let owner = "Assignment \(assignment.id)"
            switch assignment.contact {
            case .person(let id):
                assignmentContact[i] = try lookup(personSlot, id, owner: owner, field: "person")
            case .team(let id):
                assignmentContact[i] = Int32(personCount) + (try lookup(teamSlot, id, owner: owner, field: "team"))
            }
            assignmentRole[i] = try lookup(roleSlot, assignment.roleID, owner: owner, field: "role")
            let kind = assignment.object.kind
            let slot = try lookup(slotMaps[kind.rank], assignment.object.id, owner: owner, field: kind.noun)
            objectKeys[kind.rank].append(slot)
            objectValues[kind.rank].append(Int32(i))
        }
        let compactAssignments = assignments.indices.map { i in
            CompactAssignment(id: assignments[i].id, object: assignments[i].object,
                              contact: assignmentContact[i], priority: assignments[i].priority)
        }
        let assignmentsOn = ObjectKind.allCases.map { kind in
            CompactTable(count: counts[kind.rank], keys: objectKeys[kind.rank], values: objectValues[kind.rank])
        }
        return (assignmentContact, assignmentRole, compactAssignments, assignmentsOn)
    }

    /// Name order, so results sort by integers.
    @inline(never)
    fileprivate static func nameTables(names: [[String]], ids: [[Int64]], kindBase: KindOffsets)
        -> (objectNameRank: [Int32], objectsByNameRank: [Int32], namesByNameRank: [String]) {
        var nameRank: [Int32] = []
        var slotByNameRank: [Int32] = []
        for kind in ObjectKind.allCases {
            let order = nameOrder(names[kind.rank], ids: ids[kind.rank])
            slotByNameRank.append(contentsOf: order)
            nameRank.append(contentsOf: inverse(order))
        }
        var namesInOrder: [String] = []
        namesInOrder.reserveCapacity(slotByNameRank.count)
        for kind in ObjectKind.allCases {
            let base = kindBase.base(kind)
            for rank in 0..<names[kind.rank].count {
                namesInOrder.append(names[kind.rank][Int(slotByNameRank[base + rank])])
            }
        }
        return (nameRank, slotByNameRank, namesInOrder)
    }
}
