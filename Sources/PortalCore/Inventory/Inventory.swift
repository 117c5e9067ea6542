/// The whole inventory as immutable values, with lookup indexes built once so queries and impact runs are fast.
///
/// Build a new `Inventory` after every change; copies are cheap because the rows and indexes are shared.
public struct Inventory: Sendable {
    public let regions: [Region]
    public let clusters: [Cluster]
    public let servers: [Server]
    public let services: [Service]
    public let placements: [Placement]
    public let dependencies: [Dependency]
    public let processes: [BusinessProcess]
    public let dataSets: [DataSet]
    public let people: [Person]
    public let teams: [Team]
    public let roles: [Role]
    public let assignments: [Assignment]

    let index: InventoryIndex
    let holderTable: HolderTable

    /// Checks that every reference resolves and region parents form a tree, then builds the indexes.
    public init(regions: [Region] = [], clusters: [Cluster] = [], servers: [Server] = [],
                services: [Service] = [], placements: [Placement] = [], dependencies: [Dependency] = [],
                processes: [BusinessProcess] = [], dataSets: [DataSet] = [], people: [Person] = [],
                teams: [Team] = [], roles: [Role] = [], assignments: [Assignment] = []) throws(InventoryError) {
        self.regions = regions
        self.clusters = clusters
        self.servers = servers
        self.services = services
        self.placements = placements
        self.dependencies = dependencies
        self.processes = processes
        self.dataSets = dataSets
        self.people = people
        self.teams = teams
        self.roles = roles
        self.assignments = assignments
        index = try InventoryIndex(regions: regions, clusters: clusters, servers: servers, services: services,
                                   placements: placements, dependencies: dependencies, processes: processes,
                                   dataSets: dataSets, people: people, teams: teams, roles: roles,
                                   assignments: assignments)
        holderTable = HolderTable(index: index)
    }
}

extension Inventory: Equatable {
    /// Two inventories are equal when their rows are; indexes are derived data.
    public static func == (lhs: Inventory, rhs: Inventory) -> Bool {
        lhs.regions == rhs.regions && lhs.clusters == rhs.clusters && lhs.servers == rhs.servers
            && lhs.services == rhs.services && lhs.placements == rhs.placements
            && lhs.dependencies == rhs.dependencies && lhs.processes == rhs.processes
            && lhs.dataSets == rhs.dataSets && lhs.people == rhs.people && lhs.teams == rhs.teams
            && lhs.roles == rhs.roles && lhs.assignments == rhs.assignments
    }
}
