import PortalCore

/// Reads the whole inventory into PortalCore's in-memory `Inventory` (for inheritance and impact), and writes a
/// generated one in bulk (demo data).
public enum InventoryLoader {
    /// Loads every inventory table; about 1 s for the 100,000-server demo inventory.
    public static func load(_ db: Database) throws -> Inventory {
        var regions: [Region] = []
        try db.forEach("SELECT id, name, parent_id, description FROM regions ORDER BY id") {
            regions.append(Region(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", parentID: $0.isNull(at: 2) ? nil : $0.int64(at: 2), description: $0.string(at: 3) ?? ""))
        }
        var clusters: [Cluster] = []
        try db.forEach("SELECT id, name, region_id, description FROM clusters ORDER BY id") {
            clusters.append(Cluster(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", regionID: $0.int64(at: 2), description: $0.string(at: 3) ?? ""))
        }
        var servers: [Server] = []
        try db.forEach("SELECT id, name, region_id, cluster_id, environment, description FROM servers ORDER BY id") {
            servers.append(Server(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", regionID: $0.isNull(at: 2) ? nil : $0.int64(at: 2),
                                  clusterID: $0.isNull(at: 3) ? nil : $0.int64(at: 3), environment: Environment(rawValue: $0.string(at: 4) ?? "") ?? .prod,
                                  description: $0.string(at: 5) ?? ""))
        }
        var services: [Service] = []
        try db.forEach("SELECT id, name, environment, tier, description FROM services ORDER BY id") {
            services.append(Service(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", environment: Environment(rawValue: $0.string(at: 2) ?? "") ?? .prod,
                                    tier: Int($0.int64(at: 3)), description: $0.string(at: 4) ?? ""))
        }
        var placements: [Placement] = []
        try db.forEach("SELECT service_id, server_id, cluster_id, min_healthy FROM placements ORDER BY id") {
            placements.append(Placement(serviceID: $0.int64(at: 0), serverID: $0.isNull(at: 1) ? nil : $0.int64(at: 1),
                                        clusterID: $0.isNull(at: 2) ? nil : $0.int64(at: 2), minHealthy: Int($0.int64(at: 3))))
        }
        var dependencies: [Dependency] = []
        try db.forEach("SELECT service_id, depends_on_id, kind FROM dependencies ORDER BY rowid") {
            dependencies.append(Dependency(serviceID: $0.int64(at: 0), dependsOnID: $0.int64(at: 1), kind: DependencyKind(rawValue: $0.string(at: 2) ?? "") ?? .hard))
        }
        var processServices: [Int64: [Int64]] = [:]
        try db.forEach("SELECT process_id, service_id FROM process_services ORDER BY process_id, service_id") {
            processServices[$0.int64(at: 0), default: []].append($0.int64(at: 1))
        }
        var processes: [BusinessProcess] = []
        try db.forEach("SELECT id, name, description FROM processes ORDER BY id") {
            let id = $0.int64(at: 0)
            processes.append(BusinessProcess(id: id, name: $0.string(at: 1) ?? "", description: $0.string(at: 2) ?? "", serviceIDs: processServices[id] ?? []))
        }
        var dataSets: [DataSet] = []
        try db.forEach("SELECT id, name, classification, service_id, server_id, description FROM datasets ORDER BY id") {
            dataSets.append(DataSet(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", classification: Classification(rawValue: $0.string(at: 2) ?? "") ?? .internal,
                                    serviceID: $0.isNull(at: 3) ? nil : $0.int64(at: 3), serverID: $0.isNull(at: 4) ? nil : $0.int64(at: 4),
                                    description: $0.string(at: 5) ?? ""))
        }
        var people: [Person] = []
        try db.forEach("SELECT id, name, email, phone, time_zone, jid FROM people ORDER BY id") {
            let phone = $0.string(at: 3) ?? "", jid = $0.string(at: 5) ?? ""
            people.append(Person(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", email: $0.string(at: 2) ?? "", phone: phone.isEmpty ? nil : phone,
                                 timeZone: $0.string(at: 4) ?? "UTC", jid: jid.isEmpty ? nil : jid))
        }
        var members: [Int64: [Int64]] = [:]
        try db.forEach("SELECT team_id, person_id FROM team_members ORDER BY team_id, person_id") { members[$0.int64(at: 0), default: []].append($0.int64(at: 1)) }
        var teams: [Team] = []
        try db.forEach("SELECT id, name, email FROM teams ORDER BY id") {
            let id = $0.int64(at: 0)
            let email = $0.string(at: 2) ?? ""
            teams.append(Team(id: id, name: $0.string(at: 1) ?? "", email: email.isEmpty ? nil : email, memberIDs: members[id] ?? []))
        }
        var roles: [Role] = []
        try db.forEach("SELECT id, name FROM roles ORDER BY id") { roles.append(Role(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "")) }
        var assignments: [Assignment] = []
        try db.forEach("""
            SELECT id, person_id, team_id, role_id, priority, region_id, cluster_id, server_id, service_id, process_id, dataset_id
            FROM assignments ORDER BY id
            """) { row in
            let contact: Contact = row.isNull(at: 1) ? .team(row.int64(at: 2)) : .person(row.int64(at: 1))
            let kinds: [(Int, ObjectKind)] = [(5, .region), (6, .cluster), (7, .server), (8, .service), (9, .process), (10, .dataset)]
            guard let (column, kind) = kinds.first(where: { !row.isNull(at: $0.0) }) else { return }
            assignments.append(Assignment(id: row.int64(at: 0), contact: contact, roleID: row.int64(at: 3),
                                          priority: Priority(rawValue: row.string(at: 4) ?? "") ?? .primary,
                                          object: ObjectRef(kind: kind, id: row.int64(at: column))))
        }
        return try Inventory(regions: regions, clusters: clusters, servers: servers, services: services, placements: placements,
                         dependencies: dependencies, processes: processes, dataSets: dataSets, people: people, teams: teams,
                         roles: roles, assignments: assignments)
    }

    /// Whether any inventory object exists yet.
    public static func isEmpty(_ db: Database) throws -> Bool {
        try db.scalar("SELECT EXISTS (SELECT 1 FROM regions) OR EXISTS (SELECT 1 FROM services) OR EXISTS (SELECT 1 FROM people)") == .integer(0)
    }

    /// Writes a generated inventory into an empty database inside the caller's transaction. Ids are kept, so
    /// references stay valid; generated role names are matched to the seeded roles case-insensitively.
    public static func insert(_ db: Database, _ inventory: Inventory) throws {
        var roleIDs: [Int64: Int64] = [:]
        let aliases = ["communications manager": "comms manager"]
        for role in inventory.roles {
            let name = aliases[role.name.lowercased()] ?? role.name.lowercased()
            if case .integer(let existing)? = try db.scalar("SELECT id FROM roles WHERE name = ?", [name]) {
                roleIDs[role.id] = existing
            } else {
                try db.run("INSERT INTO roles (name) VALUES (?)", [name])
                roleIDs[role.id] = db.lastInsertRowID
            }
        }
        for r in inventory.regions { try db.run("INSERT INTO regions (id, name, parent_id, description) VALUES (?, ?, ?, ?)", [r.id, r.name, r.parentID, r.description]) }
        for c in inventory.clusters { try db.run("INSERT INTO clusters (id, name, region_id, description) VALUES (?, ?, ?, ?)", [c.id, c.name, c.regionID, c.description]) }
        for s in inventory.servers {
            try db.run("INSERT INTO servers (id, name, region_id, cluster_id, environment, description) VALUES (?, ?, ?, ?, ?, ?)",
                       [s.id, s.name, s.clusterID == nil ? s.regionID : nil, s.clusterID, s.environment.rawValue, s.description])
        }
        for s in inventory.services {
            try db.run("INSERT INTO services (id, name, environment, tier, description) VALUES (?, ?, ?, ?, ?)", [s.id, s.name, s.environment.rawValue, s.tier, s.description])
        }
        for p in inventory.placements {
            try db.run("INSERT INTO placements (service_id, server_id, cluster_id, min_healthy) VALUES (?, ?, ?, ?)", [p.serviceID, p.serverID, p.clusterID, p.minHealthy])
        }
        for d in inventory.dependencies {
            try db.run("INSERT INTO dependencies (service_id, depends_on_id, kind) VALUES (?, ?, ?)", [d.serviceID, d.dependsOnID, d.kind.rawValue])
        }
        for p in inventory.processes {
            try db.run("INSERT INTO processes (id, name, description) VALUES (?, ?, ?)", [p.id, p.name, p.description])
            for serviceID in Set(p.serviceIDs).sorted() { try db.run("INSERT INTO process_services (process_id, service_id) VALUES (?, ?)", [p.id, serviceID]) }
        }
        for d in inventory.dataSets {
            try db.run("INSERT INTO datasets (id, name, classification, service_id, server_id, description) VALUES (?, ?, ?, ?, ?, ?)",
                       [d.id, d.name, d.classification.rawValue, d.serviceID, d.serverID, d.description])
        }
        for p in inventory.people {
            try db.run("INSERT INTO people (id, name, email, phone, time_zone, jid) VALUES (?, ?, ?, ?, ?, ?)",
                       [p.id, p.name, p.email, p.phone ?? "", p.timeZone, p.jid ?? ""])
        }
        for t in inventory.teams {
            try db.run("INSERT INTO teams (id, name, email) VALUES (?, ?, ?)", [t.id, t.name, t.email ?? ""])
            for member in Set(t.memberIDs).sorted() { try db.run("INSERT INTO team_members (team_id, person_id) VALUES (?, ?)", [t.id, member]) }
        }
        for a in inventory.assignments {
            let object = a.object
            func column(_ kind: ObjectKind) -> Int64? { object.kind == kind ? object.id : nil }
            var person: Int64? = nil, team: Int64? = nil
            switch a.contact {
            case .person(let id): person = id
            case .team(let id): team = id
            }
            try db.run("""
                INSERT OR IGNORE INTO assignments (id, person_id, team_id, role_id, priority, region_id, cluster_id, server_id, service_id, process_id, dataset_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [a.id, person, team, roleIDs[a.roleID] ?? a.roleID, a.priority.rawValue, column(.region), column(.cluster),
                      column(.server), column(.service), column(.process), column(.dataset)])
        }
    }
}
