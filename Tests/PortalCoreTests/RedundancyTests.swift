import Testing
@testable import PortalCore

@Suite struct RedundancyTests {
    /// One service on `hosts` standalone servers needing `minHealthy`; `down` of them are targets.
    static func impact(hosts: Int, minHealthy: Int, down: Int) throws -> (Impact, ObjectRef) {
        var b = InventoryBuilder()
        b.region("site")
        let names = (1...hosts).map { "h\($0)" }
        for name in names { b.server(name, in: "site") }
        b.service("svc", servers: names, minHealthy: minHealthy)
        let inventory = try b.build()
        let targets = names.prefix(down).map { b.ref(.server, $0) }
        return (try ImpactResolver(inventory: inventory).resolve(targets: targets), b.ref(.service, "svc"))
    }

    @Test(arguments: [
        ("one of two hosts down", 2, 1, 1, ImpactState?.some(.atRisk)),
        ("both hosts down", 2, 1, 2, .down),
        ("three hosts, min 1, one down", 3, 1, 1, .degraded),
        ("three hosts, min 2, one down", 3, 2, 1, .atRisk),
        ("three hosts, min 2, two down", 3, 2, 2, .down),
        ("single host down", 1, 1, 1, .down),
        ("no host down", 2, 1, 0, nil),
    ])
    func redundancy(name: String, hosts: Int, minHealthy: Int, down: Int, expected: ImpactState?) throws {
        let (impact, service) = try Self.impact(hosts: hosts, minHealthy: minHealthy, down: down)
        #expect(impact.state(of: service) == expected, "\(name)")
    }

    @Test func clusterPlacementCountsEveryServerOfTheCluster() throws {
        let inventory = Fixture.inventory
        let b = Fixture.builder
        #expect(inventory.hosts(ofService: b.id(.service, "Payroll")).map(\.name) == ["web-1", "web-2", "web-3"])
        let impact = try ImpactResolver(inventory: inventory).resolve(targets: [b.ref(.server, "web-1")])
        #expect(impact.state(of: b.ref(.service, "Payroll")) == .degraded)
    }

    @Test func requiredMinimumIsTheLargestOfThePlacements() throws {
        var b = InventoryBuilder()
        b.region("site")
        for name in ["a", "b", "c"] { b.server(name, in: "site") }
        b.service("svc", servers: ["a", "b"], minHealthy: 1)
        b.placements.append(Placement(serviceID: b.id(.service, "svc"), serverID: b.id(.server, "c"), minHealthy: 2))
        let inventory = try b.build()
        #expect(inventory.minimumHealthy(ofService: b.id(.service, "svc")) == 2)
        let impact = try ImpactResolver(inventory: inventory).resolve(targets: [b.ref(.server, "a")])
        #expect(impact.state(of: b.ref(.service, "svc")) == .atRisk)
    }

    @Test func overlappingDowntimesCombine() throws {
        let (first, service) = try Self.impact(hosts: 2, minHealthy: 1, down: 1)
        #expect(first.state(of: service) == .atRisk)
        // The union of two downtimes, each taking one of the two hosts, leaves no host.
        var b = InventoryBuilder()
        b.region("site")
        b.server("h1", in: "site")
        b.server("h2", in: "site")
        b.service("svc", servers: ["h1", "h2"])
        let resolver = ImpactResolver(inventory: try b.build())
        let combined = try resolver.resolve(targets: [b.ref(.server, "h1")] + [b.ref(.server, "h2")])
        #expect(combined.state(of: b.ref(.service, "svc")) == .down)
    }

    @Test func aServiceThatIsATargetIsDown() throws {
        let b = Fixture.builder
        let impact = try ImpactResolver(inventory: Fixture.inventory).resolve(targets: [b.ref(.service, "Mailer")])
        #expect(impact.state(of: b.ref(.service, "Mailer")) == .down)
        #expect(impact.affectedObject(b.ref(.service, "Mailer"))?.cause == .inDowntime)
        #expect(impact.state(of: b.ref(.server, "mail-1")) == nil)
    }

    @Test func duplicateAndNestedTargetsCountOnce() throws {
        let b = Fixture.builder
        let resolver = ImpactResolver(inventory: Fixture.inventory)
        let single = try resolver.resolve(targets: [b.ref(.cluster, "db-east")])
        let repeated = try resolver.resolve(targets: [b.ref(.cluster, "db-east"), b.ref(.cluster, "db-east"),
                                                      b.ref(.server, "db-12")])
        #expect(repeated.affected.count == single.affected.count)
        #expect(repeated.affected.filter { $0.object == b.ref(.server, "db-12") }.count == 1)
        #expect(repeated.affectedObject(b.ref(.server, "db-12"))?.cause == .inDowntime)
    }
}
