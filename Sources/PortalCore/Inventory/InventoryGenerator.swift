/// Builds a realistic, valid, deterministic inventory of any size for demos, tests and benchmarks.
///
/// Regions nest continent → zone → site; about 85% of servers sit in clusters of 2–8; there are about
/// `servers / 20` services with redundant placements, about 40 dependencies per service on lower-numbered
/// services (so the graph is acyclic), business processes, data sets, people, teams and assignments at
/// every level. Names are unique per table and ids run from 1 in each table. The same seed always gives
/// the same inventory.
public struct InventoryGenerator: Sendable {
    public let serverCount: Int
    public let seed: UInt64

    /// Configures a generator for `servers` servers.
    public init(servers: Int, seed: UInt64) {
        serverCount = max(0, servers)
        self.seed = seed
    }

    /// Builds the inventory.
    public func generate() -> Inventory {
        var rows = SyntheticInventory(seed: seed)
        rows.makeRegions()
        rows.makeServers(count: serverCount)
        rows.makeServices(count: serverCount / 20)
        rows.makeDependencies()
        rows.makeProcesses()
        rows.makeDataSets()
        rows.makePeopleAndTeams(people: max(12, serverCount / 50))
        rows.makeAssignments()
        do {
            return try Inventory(regions: rows.regions, clusters: rows.clusters, servers: rows.servers,
                                 services: rows.services, placements: rows.placements,
                                 dependencies: rows.dependencies, processes: rows.processes,
                                 dataSets: rows.dataSets, people: rows.people, teams: rows.teams,
                                 roles: rows.roles, assignments: rows.assignments)
        } catch {
            preconditionFailure("InventoryGenerator built an inconsistent inventory: \(error.message)")
        }
    }
}
