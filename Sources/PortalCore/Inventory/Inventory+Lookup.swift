extension Inventory {
    /// The region with this id.
    public func region(_ id: Int64) -> Region? { index.regionSlot[id].map { regions[Int($0)] } }
    /// The cluster with this id.
    public func cluster(_ id: Int64) -> Cluster? { index.clusterSlot[id].map { clusters[Int($0)] } }
    /// The server with this id.
    public func server(_ id: Int64) -> Server? { index.serverSlot[id].map { servers[Int($0)] } }
    /// The service with this id.
    public func service(_ id: Int64) -> Service? { index.serviceSlot[id].map { services[Int($0)] } }
    /// The business process with this id.
    public func process(_ id: Int64) -> BusinessProcess? { index.processSlot[id].map { processes[Int($0)] } }
    /// The data set with this id.
    public func dataSet(_ id: Int64) -> DataSet? { index.dataSetSlot[id].map { dataSets[Int($0)] } }
    /// The person with this id.
    public func person(_ id: Int64) -> Person? { index.personSlot[id].map { people[Int($0)] } }
    /// The team with this id.
    public func team(_ id: Int64) -> Team? { index.teamSlot[id].map { teams[Int($0)] } }
    /// The role with this id.
    public func role(_ id: Int64) -> Role? { index.roleSlot[id].map { roles[Int($0)] } }

    /// Whether the referenced object exists.
    public func contains(_ object: ObjectRef) -> Bool { index.slot(of: object) != nil }

    /// The display name of any inventory object.
    public func name(of object: ObjectRef) -> String? {
        index.slot(of: object).map(name(ofSlot:))
    }

    /// The display name of a person or team.
    public func name(of contact: Contact) -> String? {
        switch contact {
        case .person(let id): person(id)?.name
        case .team(let id): team(id)?.name
        }
    }

    /// The first object of a kind with this exact name (names are unique per table in the store).
    public func find(_ kind: ObjectKind, named name: String) -> ObjectRef? {
        let position: Int? = switch kind {
        case .region: regions.firstIndex { $0.name == name }
        case .cluster: clusters.firstIndex { $0.name == name }
        case .server: servers.firstIndex { $0.name == name }
        case .service: services.firstIndex { $0.name == name }
        case .process: processes.firstIndex { $0.name == name }
        case .dataset: dataSets.firstIndex { $0.name == name }
        }
        return position.map { ObjectRef(kind: kind, id: index.objectIDs[index.kindBase.base(kind) + $0]) }
    }

    /// Regions whose parent is this region.
    public func subRegions(of regionID: Int64) -> [Region] {
        guard let slot = index.regionSlot[regionID] else { return [] }
        return index.regionChildren[Int(slot)].map { regions[Int($0)] }
    }

    /// Clusters located in this region (not in its sub-regions).
    public func clusters(inRegion regionID: Int64) -> [Cluster] {
        guard let slot = index.regionSlot[regionID] else { return [] }
        return index.regionClusters[Int(slot)].map { clusters[Int($0)] }
    }

    /// Servers of a cluster.
    public func servers(inCluster clusterID: Int64) -> [Server] {
        guard let slot = index.clusterSlot[clusterID] else { return [] }
        return index.clusterServers[Int(slot)].map { servers[Int($0)] }
    }

    /// Servers placed directly in a region, outside any cluster.
    public func standaloneServers(inRegion regionID: Int64) -> [Server] {
        guard let slot = index.regionSlot[regionID] else { return [] }
        return index.regionServers[Int(slot)].map { servers[Int($0)] }
    }

    /// The region a server is in, directly or through its cluster.
    public func regionID(ofServer serverID: Int64) -> Int64? {
        guard let slot = index.serverSlot[serverID] else { return nil }
        return regions[Int(index.effectiveRegion(ofServer: Int(slot)))].id
    }

    /// Distinct servers a service runs on, cluster placements expanded to their servers.
    public func hosts(ofService serviceID: Int64) -> [Server] {
        guard let slot = index.serviceSlot[serviceID] else { return [] }
        return index.serviceHosts[Int(slot)].map { servers[Int($0)] }
    }

    /// The healthy hosts a service needs: the largest `minHealthy` of its placements, at least 1.
    public func minimumHealthy(ofService serviceID: Int64) -> Int {
        guard let slot = index.serviceSlot[serviceID] else { return 1 }
        return Int(index.serviceMinHealthy[Int(slot)])
    }

    /// Services running on a server, directly or through its cluster.
    public func services(onServer serverID: Int64) -> [Service] {
        guard let slot = index.serverSlot[serverID] else { return [] }
        return index.serverServices[Int(slot)].map { services[Int($0)] }
    }

    /// Dependencies of a service (what it needs).
    public func dependencies(of serviceID: Int64) -> [Dependency] {
        guard let slot = index.serviceSlot[serviceID] else { return [] }
        let range = index.dependencies.range(Int(slot))
        return range.map { position in
            Dependency(serviceID: serviceID, dependsOnID: services[Int(index.dependencies.items[position])].id,
                       kind: index.dependencyIsHard[position] ? .hard : .soft)
        }
    }

    /// Dependencies on a service (who needs it).
    public func dependents(of serviceID: Int64) -> [Dependency] {
        guard let slot = index.serviceSlot[serviceID] else { return [] }
        let range = index.dependents.range(Int(slot))
        return range.map { position in
            Dependency(serviceID: services[Int(index.dependents.items[position])].id, dependsOnID: serviceID,
                       kind: index.dependentIsHard[position] ? .hard : .soft)
        }
    }

    /// Business processes that use a service.
    public func processes(usingService serviceID: Int64) -> [BusinessProcess] {
        guard let slot = index.serviceSlot[serviceID] else { return [] }
        return index.serviceProcesses[Int(slot)].map { processes[Int($0)] }
    }

    /// Containment ancestors, nearest first: server → cluster → region → parent region …; empty for other kinds.
    public func ancestors(of object: ObjectRef) -> [ObjectRef] {
        guard var node = index.slot(of: object) else { return [] }
        var chain: [ObjectRef] = []
        while let parent = index.containmentParent(of: node) {
            chain.append(index.ref(parent))
            node = parent
        }
        return chain
    }

    /// Assignments made directly on an object, inactive ones included.
    public func assignments(on object: ObjectRef) -> [Assignment] {
        guard let node = index.slot(of: object) else { return [] }
        return index.assignmentsOn[node.kind.rank][node.slot].map { assignments[Int($0)] }
    }

    /// The members of a team.
    public func members(ofTeam teamID: Int64) -> [Person] {
        (team(teamID)?.memberIDs ?? []).compactMap(person)
    }

    func name(ofSlot node: DenseRef) -> String {
        switch node.kind {
        case .region: regions[node.slot].name
        case .cluster: clusters[node.slot].name
        case .server: servers[node.slot].name
        case .service: services[node.slot].name
        case .process: processes[node.slot].name
        case .dataset: dataSets[node.slot].name
        }
    }

    /// The name of a contact given its dense position (people first, then teams).
    func contactName(slot: Int) -> String {
        slot < index.personCount ? people[slot].name : teams[slot - index.personCount].name
    }

    func contact(slot: Int) -> Contact {
        slot < index.personCount ? .person(people[slot].id) : .team(teams[slot - index.personCount].id)
    }
}
