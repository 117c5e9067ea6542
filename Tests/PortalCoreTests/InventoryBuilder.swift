@testable import PortalCore

/// Builds small inventories by name for tests; ids are assigned in order from 1 per table.
struct InventoryBuilder {
    var regions: [Region] = []
    var clusters: [Cluster] = []
    var servers: [Server] = []
    var services: [Service] = []
    var placements: [Placement] = []
    var dependencies: [Dependency] = []
    var processes: [BusinessProcess] = []
    var dataSets: [DataSet] = []
    var people: [Person] = []
    var teams: [Team] = []
    var roles: [Role] = []
    var assignments: [Assignment] = []

    mutating func region(_ name: String, parent: String? = nil) {
        regions.append(Region(id: Int64(regions.count + 1), name: name, parentID: parent.map { id(.region, $0) }))
    }

    mutating func cluster(_ name: String, in region: String, servers names: [String]) {
        clusters.append(Cluster(id: Int64(clusters.count + 1), name: name, regionID: id(.region, region)))
        for server in names {
            servers.append(Server(id: Int64(servers.count + 1), name: server, clusterID: Int64(clusters.count)))
        }
    }

    mutating func server(_ name: String, in region: String) {
        servers.append(Server(id: Int64(servers.count + 1), name: name, regionID: id(.region, region)))
    }

    mutating func service(_ name: String, servers onServers: [String] = [], clusters onClusters: [String] = [],
                          minHealthy: Int = 1) {
        let serviceID = Int64(services.count + 1)
        services.append(Service(id: serviceID, name: name))
        for server in onServers {
            placements.append(Placement(serviceID: serviceID, serverID: id(.server, server), minHealthy: minHealthy))
        }
        for cluster in onClusters {
            placements.append(Placement(serviceID: serviceID, clusterID: id(.cluster, cluster), minHealthy: minHealthy))
        }
    }

    mutating func depend(_ dependent: String, on dependency: String, _ kind: DependencyKind) {
        dependencies.append(Dependency(serviceID: id(.service, dependent), dependsOnID: id(.service, dependency), kind: kind))
    }

    mutating func process(_ name: String, uses names: [String]) {
        processes.append(BusinessProcess(id: Int64(processes.count + 1), name: name,
                                         serviceIDs: names.map { id(.service, $0) }))
    }

    mutating func dataSet(_ name: String, service: String? = nil, server: String? = nil) {
        dataSets.append(DataSet(id: Int64(dataSets.count + 1), name: name,
                                serviceID: service.map { id(.service, $0) }, serverID: server.map { id(.server, $0) }))
    }

    mutating func person(_ name: String) {
        let mailbox = name.lowercased().replacingOccurrences(of: " ", with: ".")
        people.append(Person(id: Int64(people.count + 1), name: name, email: "\(mailbox)@example.com",
                             timeZone: "Europe/Paris"))
    }

    mutating func team(_ name: String, members: [String] = []) {
        teams.append(Team(id: Int64(teams.count + 1), name: name, email: nil,
                          memberIDs: members.map { personID($0) }))
    }

    mutating func role(_ name: String) {
        roles.append(Role(id: Int64(roles.count + 1), name: name))
    }

    /// `contact` is a person's name, or a team's name prefixed with "team:".
    mutating func assign(_ contact: String, _ role: String, _ priority: Priority = .primary, on object: ObjectRef) {
        let resolved: Contact = contact.hasPrefix("team:")
            ? .team(teams.first { $0.name == String(contact.dropFirst(5)) }!.id)
            : .person(personID(contact))
        assignments.append(Assignment(id: Int64(assignments.count + 1), contact: resolved,
                                      roleID: roles.first { $0.name == role }!.id, priority: priority, object: object))
    }

    func personID(_ name: String) -> Int64 { people.first { $0.name == name }!.id }

    func roleID(_ name: String) -> Int64 { roles.first { $0.name == name }!.id }

    func id(_ kind: ObjectKind, _ name: String) -> Int64 {
        let found: Int64? = switch kind {
        case .region: regions.first { $0.name == name }?.id
        case .cluster: clusters.first { $0.name == name }?.id
        case .server: servers.first { $0.name == name }?.id
        case .service: services.first { $0.name == name }?.id
        case .process: processes.first { $0.name == name }?.id
        case .dataset: dataSets.first { $0.name == name }?.id
        }
        guard let found else { fatalError("no \(kind) named \(name) in the test inventory") }
        return found
    }

    func ref(_ kind: ObjectKind, _ name: String) -> ObjectRef { ObjectRef(kind: kind, id: id(kind, name)) }

    func build() throws -> Inventory {
        try Inventory(regions: regions, clusters: clusters, servers: servers, services: services,
                      placements: placements, dependencies: dependencies, processes: processes,
                      dataSets: dataSets, people: people, teams: teams, roles: roles, assignments: assignments)
    }
}
