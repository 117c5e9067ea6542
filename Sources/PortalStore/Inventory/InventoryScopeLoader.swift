import PortalCore

/// Reads only the part of the inventory that a few objects and contacts need, for pages built from a frozen snapshot
/// (the change-impact report and its PDF): the objects, everything they inherit roles or containment from (a data set's
/// service or server, a service's hosts and clusters, a server's cluster, a cluster's region, every parent region),
/// the assignments on those, their people and teams (with members), and the roles. Business processes keep only the
/// services loaded; dependencies are left out. A few statements per level, however large the whole inventory is.
public enum InventoryScopeLoader {
    public static func load(_ db: Database, objects: [ObjectRef], contacts: [Contact] = [], people extraPeople: [Int64] = []) throws -> Inventory {
        let rows = InventoryRows(db)
        var ids: [ObjectKind: Set<Int64>] = [:]
        for object in objects { ids[object.kind, default: []].insert(object.id) }

        let dataSets = try rows.dataSets(ids: ids[.dataset] ?? [])
        for dataSet in dataSets {
            if let service = dataSet.serviceID { ids[.service, default: []].insert(service) }
            if let server = dataSet.serverID { ids[.server, default: []].insert(server) }
        }
        let placements = try rows.placements(serviceIDs: ids[.service] ?? [])
        var hostClusters = Set<Int64>()
        for placement in placements {
            if let server = placement.serverID { ids[.server, default: []].insert(server) }
            if let cluster = placement.clusterID { hostClusters.insert(cluster) }
        }
        let services = try rows.services(ids: ids[.service] ?? [])
        // A service placed on a cluster runs on each of its servers (freeze conflicts look at the hosts' regions).
        let hosts = try rows.servers(where: "cluster_id", in: hostClusters)
        ids[.cluster, default: []].formUnion(hostClusters)
        ids[.server, default: []].subtract(hosts.map(\.id))
        let servers = (try rows.servers(in: ids[.server] ?? []) + hosts).sorted { $0.id < $1.id }
        ids[.server] = Set(servers.map(\.id))
        for server in servers {
            if let cluster = server.clusterID { ids[.cluster, default: []].insert(cluster) }
            if let region = server.regionID { ids[.region, default: []].insert(region) }
        }
        let clusters = try rows.clusters(ids: ids[.cluster] ?? [])
        for cluster in clusters { ids[.region, default: []].insert(cluster.regionID) }
        let regions = try parentRegions(rows, of: ids[.region] ?? [])
        ids[.region] = Set(regions.map(\.id))

        let loadedServices = Set(services.map(\.id))
        var processServices: [Int64: [Int64]] = [:]
        try rows.db.forEach("SELECT process_id, service_id FROM process_services WHERE process_id IN (SELECT value FROM json_each(?)) ORDER BY process_id, service_id",
                            [jsonList(ids[.process] ?? [])]) { row in
            if loadedServices.contains(row.int64(at: 1)) { processServices[row.int64(at: 0), default: []].append(row.int64(at: 1)) }
        }
        let processes = try rows.processes(ids: ids[.process] ?? [], serviceIDs: processServices)

        var assignments: [Assignment] = []
        for kind in ObjectKind.allCases { assignments += try rows.assignments(on: kind, ids: ids[kind] ?? []) }
        assignments.sort { $0.id < $1.id }
        var teamIDs = Set<Int64>(), personIDs = Set(extraPeople)
        for contact in contacts + assignments.map(\.contact) {
            switch contact {
            case .person(let id): personIDs.insert(id)
            case .team(let id): teamIDs.insert(id)
            }
        }
        let members = try rows.members(teamIDs: teamIDs)
        for list in members.values { personIDs.formUnion(list) }
        return try Inventory(regions: regions, clusters: clusters, servers: servers, services: services, placements: placements,
                             processes: processes, dataSets: dataSets, people: try rows.people(ids: personIDs),
                             teams: try rows.teams(ids: teamIDs, memberIDs: members), roles: try rows.roles(), assignments: assignments)
    }

    /// The regions listed and all their parents, one statement per level.
    private static func parentRegions(_ rows: InventoryRows, of start: Set<Int64>) throws -> [Region] {
        var found: [Int64: Region] = [:]
        var wanted = start
        while !wanted.isEmpty {
            let level = try rows.regions(ids: wanted)
            for region in level { found[region.id] = region }
            wanted = Set(level.compactMap(\.parentID)).subtracting(found.keys)
        }
        return found.values.sorted { $0.id < $1.id }
    }

    static func jsonList(_ ids: Set<Int64>) -> String {
        "[" + ids.sorted().map(String.init).joined(separator: ",") + "]"
    }
}
