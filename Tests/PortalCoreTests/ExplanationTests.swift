import Testing
@testable import PortalCore

@Suite struct ExplanationTests {
    let b = Fixture.builder
    let resolver = ImpactResolver(inventory: Fixture.inventory)

    @Test func hardDependencyOnAServiceWhoseHostsAreAllDown() throws {
        let impact = try resolver.resolve(targets: [b.ref(.server, "db-12"), b.ref(.server, "db-13")])
        #expect(impact.explain(b.ref(.service, "Payroll"))
                == "Payroll is down: it depends (hard) on PG-3, which runs only on db-12 and db-13, both in this downtime.")
        #expect(impact.explanation(for: b.ref(.service, "Payroll")) == [
            .dependsOn(serviceID: b.id(.service, "PG-3"), kind: .hard),
            .runsOn(downHosts: [b.id(.server, "db-12"), b.id(.server, "db-13")], hostCount: 2, minHealthy: 1),
        ])
    }

    @Test func softDependencyNamesTheStateItComesFrom() throws {
        let impact = try resolver.resolve(targets: [b.ref(.cluster, "db-east")])
        #expect(impact.explain(b.ref(.service, "Reporting"))
                == "Reporting is degraded: it depends (soft) on Payroll (down), which depends (hard) on PG-3, which runs only on db-12 and db-13, both in this downtime.")
    }

    @Test(arguments: [
        (["web-1"], "Payroll is degraded: it runs with less capacity: web-1 is in this downtime, leaving 2 of its 3 hosts (it needs 1)."),
        (["web-1", "web-2"], "Payroll is at risk: it has lost its redundancy: web-1 and web-2 are in this downtime, leaving 1 of its 3 hosts, the minimum it needs."),
        (["web-1", "web-2", "web-3"], "Payroll is down: it runs only on web-1, web-2 and web-3, all in this downtime."),
    ])
    func hostWording(down: [String], sentence: String) throws {
        let impact = try resolver.resolve(targets: down.map { b.ref(.server, $0) })
        #expect(impact.explain(b.ref(.service, "Payroll")) == sentence)
    }

    @Test func serviceThatCannotRunWithSomeHostsLeft() throws {
        var b = InventoryBuilder()
        b.region("site")
        for name in ["h1", "h2", "h3", "h4"] { b.server(name, in: "site") }
        b.service("svc", servers: ["h1", "h2", "h3", "h4"], minHealthy: 3)
        let impact = try ImpactResolver(inventory: try b.build()).resolve(targets: [b.ref(.server, "h1"), b.ref(.server, "h2")])
        #expect(impact.explain(b.ref(.service, "svc"))
                == "svc is down: it cannot run: h1 and h2 are in this downtime, leaving 2 of its 4 hosts (it needs 3).")
    }

    @Test func serverInClusterAndDirectTarget() throws {
        let impact = try resolver.resolve(targets: [b.ref(.cluster, "db-east"), b.ref(.server, "mail-1")])
        #expect(impact.explain(b.ref(.server, "db-12")) == "db-12 is down: it is in cluster db-east, which is in this downtime.")
        #expect(impact.explain(b.ref(.server, "mail-1")) == "mail-1 is down: it is in this downtime.")
        #expect(impact.explain(b.ref(.dataset, "mail-archive"))
                == "mail-archive is down: it is stored on server mail-1, which is in this downtime.")
        #expect(impact.explain(b.ref(.process, "Monthly payroll run"))?
            .hasPrefix("Monthly payroll run is down: it uses Payroll, which depends (hard) on PG-3") == true)
        #expect(impact.explain(b.ref(.service, "Mailer"))
                == "Mailer is down: it runs only on mail-1, which is in this downtime.")
        #expect(impact.explain(b.ref(.region, "eu")) == nil)
    }

    @Test func longHostListsAreShortened() {
        #expect(Impact.list(["a"]) == "a")
        #expect(Impact.list(["a", "b"]) == "a and b")
        #expect(Impact.list(["a", "b", "c", "d", "e"]) == "a, b, c, d and e")
        #expect(Impact.list((1...12).map { "s\($0)" }) == "s1, s2, s3 and 9 more")
    }
}
