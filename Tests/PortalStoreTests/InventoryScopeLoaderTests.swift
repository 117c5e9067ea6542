import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

/// The part of the inventory a frozen report reads must answer the report's questions exactly as the whole one does:
/// who holds each role on a data set (inherited through its service, the service's hosts and clusters, regions),
/// where a server sits, and which regions contain it.
@Suite("Inventory scope loader")
struct InventoryScopeLoaderTests {
    @Test func aScopeAnswersRolesAndContainmentLikeTheWholeInventory() throws {
        let store = try Store(path: testDatabase(in: temporaryDirectory()))
        let generated = InventoryGenerator(servers: 1500, seed: 7).generate()
        try store.write { try InventoryLoader.insert($0, generated) }
        let whole = try store.read { try InventoryLoader.load($0) }
        let dataSets = whole.dataSets.prefix(40).map { ObjectRef.dataset($0.id) }
        let servers = whole.servers.suffix(30).map { ObjectRef.server($0.id) }
        let services = whole.services.prefix(10).map { ObjectRef.service($0.id) }
        let objects = dataSets + servers + services
        let scope = try store.read { try InventoryScopeLoader.load($0, objects: objects) }

        #expect(scope.servers.count < whole.servers.count / 2, "\(scope.servers.count) of \(whole.servers.count) servers read")
        #expect(!dataSets.isEmpty && !servers.isEmpty)
        for object in objects {
            #expect(scope.name(of: object) == whole.name(of: object))
            #expect(scope.ancestors(of: object) == whole.ancestors(of: object), "ancestors of \(object)")
            for role in whole.roles {
                let expected = whole.holders(of: role.id, for: object).holders
                let actual = scope.holders(of: role.id, for: object).holders
                #expect(actual == expected, "\(role.name) of \(object)")
            }
        }
        for service in services {
            #expect(scope.hosts(ofService: service.id).map(\.id) == whole.hosts(ofService: service.id).map(\.id))
        }
        for holder in dataSets.flatMap({ whole.allRoles(for: $0) }).flatMap(\.holders) {
            switch holder.contact {
            case .person(let id): #expect(scope.person(id) == whole.person(id))
            case .team(let id): #expect(scope.team(id) == whole.team(id))
            }
        }
    }

    /// The servers list's total for a region (with sub-regions) is counted in two halves, region-placed and
    /// cluster-placed servers; it must equal the servers the whole inventory places under that region, alone and
    /// with another filter and a search.
    @Test func aRegionFilterCountsRegionAndClusterPlacedServersOnce() throws {
        let store = try Store(path: testDatabase(in: temporaryDirectory()))
        try store.write { try InventoryLoader.insert($0, InventoryGenerator(servers: 1500, seed: 11).generate()) }
        let whole = try store.read { try InventoryLoader.load($0) }
        #expect(whole.servers.contains { $0.regionID != nil } && whole.servers.contains { $0.clusterID != nil })
        for region in whole.regions {
            let inside = whole.servers.filter { whole.ancestors(of: .server($0.id)).contains(.region(region.id)) }
            var query = ListQuery()
            query.filters = ["region": region.name]
            #expect(try store.read { try EntityStore.list($0, InventorySpecs.servers, query: query) }.total == inside.count, "\(region.name)")
            query.filters["environment"] = "PROD"
            query.search = "a"
            let expected = inside.filter { $0.environment == .prod && ($0.name.lowercased().contains("a") || $0.description.lowercased().contains("a")) }
            #expect(try store.read { try EntityStore.list($0, InventorySpecs.servers, query: query) }.total == expected.count, "\(region.name), PROD, a")
        }
    }
}
