import PortalCore

/// The inventory tables read row by row into PortalCore values, either whole (`InventoryLoader.load`) or only the
/// rows whose key is in a list of ids (`InventoryScopeLoader`): one statement per table and list, ids passed as one
/// JSON array, never one query per object.
struct InventoryRows {
    let db: Database

    init(_ db: Database) {
        self.db = db
    }

    /// `WHERE column IN (ids)` for a list, nothing for the whole table.
    private func select(_ columns: String, from table: String, where column: String = "id", in ids: Set<Int64>?, orderBy: String = "id",
                        _ body: (Statement) throws -> Void) throws {
        guard let ids else {
            try db.forEach("SELECT \(columns) FROM \(table) ORDER BY \(orderBy)", [], body)
            return
        }
        guard !ids.isEmpty else { return }
        try db.forEach("SELECT \(columns) FROM \(table) WHERE \(column) IN (SELECT value FROM json_each(?)) ORDER BY \(orderBy)",
                       [InventoryScopeLoader.jsonList(ids)], body)
    }

    func regions(ids: Set<Int64>? = nil) throws -> [Region] {
        var regions: [Region] = []
        try select("id, name, parent_id, description", from: "regions", in: ids) {
            regions.append(Region(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", parentID: $0.isNull(at: 2) ? nil : $0.int64(at: 2), description: $0.string(at: 3) ?? ""))
        }
        return regions
    }

    func clusters(ids: Set<Int64>? = nil) throws -> [Cluster] {
        var clusters: [Cluster] = []
        try select("id, name, region_id, description", from: "clusters", in: ids) {
            clusters.append(Cluster(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", regionID: $0.int64(at: 2), description: $0.string(at: 3) ?? ""))
        }
        return clusters
    }

    /// Every server, or those whose `column` (id or cluster_id) is listed.
    func servers(where column: String = "id", in ids: Set<Int64>? = nil) throws -> [Server] {
        var servers: [Server] = []
        try select("id, name, region_id, cluster_id, environment, description", from: "servers", where: column, in: ids) {
            servers.append(Server(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", regionID: $0.isNull(at: 2) ? nil : $0.int64(at: 2),
                                  clusterID: $0.isNull(at: 3) ? nil : $0.int64(at: 3), environment: Environment(rawValue: $0.string(at: 4) ?? "") ?? .prod,
                                  description: $0.string(at: 5) ?? ""))
        }
        return servers
    }

    func services(ids: Set<Int64>? = nil) throws -> [Service] {
        var services: [Service] = []
        try select("id, name, environment, tier, description", from: "services", in: ids) {
            services.append(Service(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", environment: Environment(rawValue: $0.string(at: 2) ?? "") ?? .prod,
                                    tier: Int($0.int64(at: 3)), description: $0.string(at: 4) ?? ""))
        }
        return services
    }

    /// Placements of every service, or of the services listed.
    func placements(serviceIDs: Set<Int64>? = nil) throws -> [Placement] {
        var placements: [Placement] = []
        try select("service_id, server_id, cluster_id, min_healthy", from: "placements", where: "service_id", in: serviceIDs) {
            placements.append(Placement(serviceID: $0.int64(at: 0), serverID: $0.isNull(at: 1) ? nil : $0.int64(at: 1),
                                        clusterID: $0.isNull(at: 2) ? nil : $0.int64(at: 2), minHealthy: Int($0.int64(at: 3))))
        }
        return placements
    }

    func dependencies() throws -> [Dependency] {
        var dependencies: [Dependency] = []
        try select("service_id, depends_on_id, kind", from: "dependencies", in: nil, orderBy: "rowid") {
            dependencies.append(Dependency(serviceID: $0.int64(at: 0), dependsOnID: $0.int64(at: 1), kind: DependencyKind(rawValue: $0.string(at: 2) ?? "") ?? .hard))
        }
        return dependencies
    }

    func processes(ids: Set<Int64>? = nil, serviceIDs: [Int64: [Int64]]) throws -> [BusinessProcess] {
        var processes: [BusinessProcess] = []
        try select("id, name, description", from: "processes", in: ids) {
            let id = $0.int64(at: 0)
            processes.append(BusinessProcess(id: id, name: $0.string(at: 1) ?? "", description: $0.string(at: 2) ?? "", serviceIDs: serviceIDs[id] ?? []))
        }
        return processes
    }

    func dataSets(ids: Set<Int64>? = nil) throws -> [DataSet] {
        var dataSets: [DataSet] = []
        try select("id, name, classification, service_id, server_id, description", from: "datasets", in: ids) {
            dataSets.append(DataSet(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", classification: Classification(rawValue: $0.string(at: 2) ?? "") ?? .internal,
                                    serviceID: $0.isNull(at: 3) ? nil : $0.int64(at: 3), serverID: $0.isNull(at: 4) ? nil : $0.int64(at: 4),
                                    description: $0.string(at: 5) ?? ""))
        }
        return dataSets
    }

    func people(ids: Set<Int64>? = nil) throws -> [Person] {
        var people: [Person] = []
        try select("id, name, email, phone, time_zone, jid", from: "people", in: ids) {
            let phone = $0.string(at: 3) ?? "", jid = $0.string(at: 5) ?? ""
            people.append(Person(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", email: $0.string(at: 2) ?? "", phone: phone.isEmpty ? nil : phone,
                                 timeZone: $0.string(at: 4) ?? "UTC", jid: jid.isEmpty ? nil : jid))
        }
        return people
    }

    /// Team members of every team, or of the teams listed.
    func members(teamIDs: Set<Int64>? = nil) throws -> [Int64: [Int64]] {
        var members: [Int64: [Int64]] = [:]
        try select("team_id, person_id", from: "team_members", where: "team_id", in: teamIDs, orderBy: "team_id, person_id") {
            members[$0.int64(at: 0), default: []].append($0.int64(at: 1))
        }
        return members
    }

    func teams(ids: Set<Int64>? = nil, memberIDs: [Int64: [Int64]]) throws -> [Team] {
        var teams: [Team] = []
        try select("id, name, email", from: "teams", in: ids) {
            let id = $0.int64(at: 0)
            let email = $0.string(at: 2) ?? ""
            teams.append(Team(id: id, name: $0.string(at: 1) ?? "", email: email.isEmpty ? nil : email, memberIDs: memberIDs[id] ?? []))
        }
        return teams
    }

    func roles() throws -> [Role] {
        var roles: [Role] = []
        try select("id, name", from: "roles", in: nil) { roles.append(Role(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "")) }
        return roles
    }

    /// Every assignment, or those on the objects of one kind listed.
    func assignments(on kind: ObjectKind? = nil, ids: Set<Int64>? = nil) throws -> [Assignment] {
        var assignments: [Assignment] = []
        let kinds: [(Int, ObjectKind)] = [(5, .region), (6, .cluster), (7, .server), (8, .service), (9, .process), (10, .dataset)]
        let column = kind.map { "\($0.rawValue)_id" } ?? "id"
        try select("id, person_id, team_id, role_id, priority, region_id, cluster_id, server_id, service_id, process_id, dataset_id",
                   from: "assignments", where: column, in: kind == nil ? nil : ids ?? []) { row in
            let contact: Contact = row.isNull(at: 1) ? .team(row.int64(at: 2)) : .person(row.int64(at: 1))
            guard let (column, kind) = kinds.first(where: { !row.isNull(at: $0.0) }) else { return }
            assignments.append(Assignment(id: row.int64(at: 0), contact: contact, roleID: row.int64(at: 3),
                                          priority: Priority(rawValue: row.string(at: 4) ?? "") ?? .primary,
                                          object: ObjectRef(kind: kind, id: row.int64(at: column))))
        }
        return assignments
    }
}
