import PortalCore

/// Reads the whole inventory into PortalCore's in-memory `Inventory` (for inheritance and impact), and writes a
/// generated one in bulk (demo data).
public enum InventoryLoader {
    /// Loads every inventory table; about 1 s for the 100,000-server demo inventory.
    public static func load(_ db: Database) throws -> Inventory {
        let rows = InventoryRows(db)
        var processServices: [Int64: [Int64]] = [:]
        try db.forEach("SELECT process_id, service_id FROM process_services ORDER BY process_id, service_id") {
            processServices[$0.int64(at: 0), default: []].append($0.int64(at: 1))
        }
        var members: [Int64: [Int64]] = [:]
        try db.forEach("SELECT team_id, person_id FROM team_members ORDER BY team_id, person_id") { members[$0.int64(at: 0), default: []].append($0.int64(at: 1)) }
        return try Inventory(regions: rows.regions(), clusters: rows.clusters(), servers: rows.servers(), services: rows.services(),
                             placements: rows.placements(), dependencies: rows.dependencies(),
                             processes: rows.processes(serviceIDs: processServices), dataSets: rows.dataSets(),
                             people: rows.people(), teams: rows.teams(memberIDs: members), roles: rows.roles(), assignments: rows.assignments())
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
