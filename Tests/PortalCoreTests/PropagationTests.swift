import Testing
@testable import PortalCore

@Suite struct PropagationTests {
    /// "dep" gets `upstream` from its hosts (2 hosts), "app" depends on it with `kind`.
    static func state(upstream: ImpactState, kind: DependencyKind) throws -> ImpactState? {
        var b = InventoryBuilder()
        b.region("site")
        for name in ["h1", "h2", "h3"] { b.server(name, in: "site") }
        b.server("other", in: "site")
        switch upstream {
        case .down: b.service("dep", servers: ["h1"])
        case .atRisk: b.service("dep", servers: ["h1", "h2"])
        case .degraded: b.service("dep", servers: ["h1", "h2", "h3"])
        }
        b.service("app", servers: ["other"])
        b.depend("app", on: "dep", kind)
        let impact = try ImpactResolver(inventory: try b.build()).resolve(targets: [b.ref(.server, "h1")])
        #expect(impact.state(of: b.ref(.service, "dep")) == upstream)
        return impact.state(of: b.ref(.service, "app"))
    }

    @Test(arguments: [
        (ImpactState.down, DependencyKind.hard, ImpactState.down),
        (.down, .soft, .degraded),
        (.degraded, .hard, .degraded),
        (.degraded, .soft, .degraded),
        (.atRisk, .hard, .atRisk),
        (.atRisk, .soft, .atRisk),
    ])
    func dependencyPassesState(upstream: ImpactState, kind: DependencyKind, expected: ImpactState) throws {
        #expect(try Self.state(upstream: upstream, kind: kind) == expected)
    }

    @Test func worstStateWins() throws {
        // app depends hard on an at-risk service and softly on a down one: degraded beats at risk.
        var b = InventoryBuilder()
        b.region("site")
        for name in ["a1", "a2", "b1", "app-host"] { b.server(name, in: "site") }
        b.service("redundant", servers: ["a1", "a2"])
        b.service("single", servers: ["b1"])
        b.service("app", servers: ["app-host"])
        b.depend("app", on: "redundant", .hard)
        b.depend("app", on: "single", .soft)
        let impact = try ImpactResolver(inventory: try b.build())
            .resolve(targets: [b.ref(.server, "a1"), b.ref(.server, "b1")])
        #expect(impact.state(of: b.ref(.service, "app")) == .degraded)
        #expect(impact.affectedObject(b.ref(.service, "app"))?.cause == .dependsOn(serviceID: b.id(.service, "single"), kind: .soft))
    }

    @Test func ownHostsAndDependenciesCombineToTheWorst() throws {
        // Hosts alone make "app" at risk, its hard dependency makes it down.
        var b = InventoryBuilder()
        b.region("site")
        for name in ["d1", "x1", "x2"] { b.server(name, in: "site") }
        b.service("db", servers: ["d1"])
        b.service("app", servers: ["x1", "x2"])
        b.depend("app", on: "db", .hard)
        let impact = try ImpactResolver(inventory: try b.build())
            .resolve(targets: [b.ref(.server, "d1"), b.ref(.server, "x1")])
        #expect(impact.state(of: b.ref(.service, "app")) == .down)
    }

    @Test(arguments: [2, 10, 200])
    func longHardChainsGoAllTheWay(length: Int) throws {
        var b = InventoryBuilder()
        b.region("site")
        b.server("root-host", in: "site")
        b.service("s0", servers: ["root-host"])
        for i in 1...length {
            b.service("s\(i)")
            b.depend("s\(i)", on: "s\(i - 1)", .hard)
        }
        let impact = try ImpactResolver(inventory: try b.build()).resolve(targets: [b.ref(.server, "root-host")])
        #expect(impact.count(of: .service, state: .down) == length + 1)
        let path = impact.explanation(for: b.ref(.service, "s\(length)"))
        #expect(path.count == length + 1)
        #expect(path.last == .runsOn(downHosts: [b.id(.server, "root-host")], hostCount: 1, minHealthy: 1))
    }

    @Test func explanationIsTheShortestPath() throws {
        // top → a → b → c → root (long, listed first) and top → root (short).
        var b = InventoryBuilder()
        b.region("site")
        b.server("h", in: "site")
        b.service("root", servers: ["h"])
        for name in ["c", "b", "a", "top"] { b.service(name) }
        b.depend("c", on: "root", .hard)
        b.depend("b", on: "c", .hard)
        b.depend("a", on: "b", .hard)
        b.depend("top", on: "a", .hard)
        b.depend("top", on: "root", .hard)
        let impact = try ImpactResolver(inventory: try b.build()).resolve(targets: [b.ref(.server, "h")])
        #expect(impact.explanation(for: b.ref(.service, "top")).count == 2)
        #expect(impact.affectedObject(b.ref(.service, "top"))?.cause == .dependsOn(serviceID: b.id(.service, "root"), kind: .hard))
    }

    @Test func shorterSoftPathBeatsLongerOneForTheSameState() throws {
        // "top" is degraded either through a soft link on down "root" (2 steps)
        // or through a hard chain from degraded "wide" (3 steps); the shorter wins.
        var b = InventoryBuilder()
        b.region("site")
        for name in ["h", "w1", "w2", "w3"] { b.server(name, in: "site") }
        b.service("wide", servers: ["w1", "w2", "w3"])
        b.service("mid")
        b.service("root", servers: ["h"])
        b.service("top")
        b.depend("mid", on: "wide", .hard)
        b.depend("top", on: "mid", .hard)
        b.depend("top", on: "root", .soft)
        let impact = try ImpactResolver(inventory: try b.build())
            .resolve(targets: [b.ref(.server, "h"), b.ref(.server, "w1")])
        #expect(impact.state(of: b.ref(.service, "top")) == .degraded)
        #expect(impact.explanation(for: b.ref(.service, "top")).count == 2)
    }

    @Test func dependencyCyclesInStoredDataDoNotHang() throws {
        var b = InventoryBuilder()
        b.region("site")
        b.server("h", in: "site")
        b.service("a", servers: ["h"])
        b.service("b")
        b.service("c")
        b.depend("b", on: "a", .hard)
        b.depend("c", on: "b", .hard)
        b.depend("b", on: "c", .hard)
        let impact = try ImpactResolver(inventory: try b.build()).resolve(targets: [b.ref(.server, "h")])
        #expect(impact.count(of: .service, state: .down) == 3)
    }

    @Test func processesAndDataSetsFollowTheirServicesAndServers() throws {
        let b = Fixture.builder
        let resolver = ImpactResolver(inventory: Fixture.inventory)
        let impact = try resolver.resolve(targets: [b.ref(.cluster, "db-east"), b.ref(.server, "mail-1")])
        // Payroll down (hard on PG-3), Reporting degraded: the process takes the worst, through Payroll.
        #expect(impact.state(of: b.ref(.process, "Monthly payroll run")) == .down)
        #expect(impact.affectedObject(b.ref(.process, "Monthly payroll run"))?.cause
                == .usesService(serviceID: b.id(.service, "Payroll")))
        #expect(impact.state(of: b.ref(.dataset, "salaries")) == .down)
        #expect(impact.state(of: b.ref(.dataset, "mail-archive")) == .down)
        #expect(impact.affectedObject(b.ref(.dataset, "mail-archive"))?.cause == .storedOnServer(serverID: b.id(.server, "mail-1")))

        let partial = try resolver.resolve(targets: [b.ref(.server, "app-1")])
        #expect(partial.state(of: b.ref(.service, "Reporting")) == .atRisk)
        #expect(partial.state(of: b.ref(.process, "Monthly payroll run")) == .atRisk)
        #expect(partial.state(of: b.ref(.dataset, "salaries")) == nil)
    }

    @Test func regionTargetCascadesThroughTheTree() throws {
        let b = Fixture.builder
        let impact = try ImpactResolver(inventory: Fixture.inventory).resolve(targets: [b.ref(.region, "eu-west")])
        for (kind, name) in [(ObjectKind.region, "eu-west"), (.region, "ams-1"), (.cluster, "db-east"),
                             (.cluster, "web-ams"), (.server, "db-12"), (.server, "web-3"), (.server, "mail-1"),
                             (.service, "PG-3"), (.service, "Payroll"), (.service, "Mailer")] {
            #expect(impact.state(of: b.ref(kind, name)) == .down, "\(name)")
        }
        #expect(impact.state(of: b.ref(.region, "eu")) == nil)
        #expect(impact.state(of: b.ref(.cluster, "app-fra")) == nil)
        #expect(impact.state(of: b.ref(.service, "Reporting")) == .degraded)
        #expect(impact.explain(b.ref(.server, "db-12"))
                == "db-12 is down: it is in cluster db-east, which is in region ams-1, which is in region eu-west, which is in this downtime.")
    }

    @Test func outputIsOrderedBySeverityThenKindThenName() throws {
        let b = Fixture.builder
        let impact = try ImpactResolver(inventory: Fixture.inventory).resolve(targets: [b.ref(.region, "eu-west")])
        let keys = impact.affected.map { ($0.state.severityRank, $0.object.kind.rank, $0.name) }
        #expect(keys.map(\.0) == keys.map(\.0).sorted())
        for (a, b) in zip(keys, keys.dropFirst()) {
            #expect(a.0 < b.0 || (a.0 == b.0 && (a.1 < b.1 || (a.1 == b.1 && a.2 < b.2))), "\(a) before \(b)")
        }
        #expect(impact.affected.first?.object == b.ref(.region, "ams-1"))
        #expect(impact.affected.last?.object == b.ref(.service, "Reporting"))
    }

    @Test func sortedAndScannedOrdersAgree() throws {
        // A small impact in a big inventory is ordered by sorting, a large share of a small one by scanning
        // name order; padding the fixture with unrelated servers switches paths without changing the answer.
        let b = Fixture.builder
        var padded = b
        for i in 1...500 { padded.server("spare-\(i)", in: "eu-central") }
        let target = [b.ref(.cluster, "db-east")]
        let scanned = try ImpactResolver(inventory: try b.build()).resolve(targets: target)
        let sorted = try ImpactResolver(inventory: try padded.build()).resolve(targets: target)
        #expect(scanned.affected.count * 16 >= 22 && sorted.affected.count * 16 < 522)
        #expect(sorted.affected == scanned.affected)
        #expect(sorted.affected.map(\.name) == ["db-east", "db-12", "db-13", "PG-3", "Payroll", "Monthly payroll run",
                                                 "salaries", "Reporting"])
    }

    @Test func unknownAndUnsupportedTargetsAreRejected() throws {
        let resolver = ImpactResolver(inventory: Fixture.inventory)
        #expect(throws: ImpactError.unknownTarget(.server(999))) { try resolver.resolve(targets: [.server(999)]) }
        #expect(throws: ImpactError.unsupportedTarget(.process(1))) { try resolver.resolve(targets: [.process(1)]) }
        #expect(ImpactError.unsupportedTarget(.process(1)).message.contains("cannot be taken down"))
    }
}
