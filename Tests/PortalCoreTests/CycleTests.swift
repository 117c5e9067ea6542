import Testing
@testable import PortalCore

@Suite struct CycleTests {
    @Test func addingTheReverseOfADependencyIsRefusedWithItsPath() throws {
        let b = Fixture.builder
        let inventory = Fixture.inventory
        let cycle = try #require(inventory.dependencyCycle(adding: Dependency(
            serviceID: b.id(.service, "PG-3"), dependsOnID: b.id(.service, "Payroll"), kind: .soft)))
        #expect(cycle == [b.id(.service, "PG-3"), b.id(.service, "Payroll"), b.id(.service, "PG-3")])
        #expect(inventory.cycleDescription(cycle, kind: .service) == "PG-3 → Payroll → PG-3")
    }

    @Test func longerCyclesAreReportedShortestFirst() throws {
        let b = Fixture.builder
        let inventory = Fixture.inventory
        // Reporting → Payroll → PG-3 already; PG-3 → Reporting closes a three-service loop.
        let cycle = try #require(inventory.dependencyCycle(adding: Dependency(
            serviceID: b.id(.service, "PG-3"), dependsOnID: b.id(.service, "Reporting"))))
        #expect(inventory.cycleDescription(cycle, kind: .service) == "PG-3 → Reporting → Payroll → PG-3")
    }

    @Test(arguments: [("Payroll", "Mailer"), ("Mailer", "PG-3"), ("Reporting", "PG-3")])
    func edgesThatCloseNoLoopAreAccepted(dependent: String, dependency: String) throws {
        let b = Fixture.builder
        #expect(Fixture.inventory.dependencyCycle(adding: Dependency(
            serviceID: b.id(.service, dependent), dependsOnID: b.id(.service, dependency))) == nil)
    }

    @Test func selfDependencyIsACycle() {
        let b = Fixture.builder
        let id = b.id(.service, "Mailer")
        #expect(Fixture.inventory.dependencyCycle(adding: Dependency(serviceID: id, dependsOnID: id)) == [id, id])
        #expect(Dependency(serviceID: id, dependsOnID: id).validate().map(\.field) == ["dependsOnID"])
    }

    @Test func regionParentLoops() throws {
        let b = Fixture.builder
        let inventory = Fixture.inventory
        let cycle = try #require(inventory.regionCycle(settingParentOf: b.id(.region, "eu"), to: b.id(.region, "ams-1")))
        #expect(inventory.cycleDescription(cycle, kind: .region) == "eu → ams-1 → eu-west → eu")
        #expect(inventory.regionCycle(settingParentOf: b.id(.region, "eu"), to: b.id(.region, "eu")) == [1, 1])
        #expect(inventory.regionCycle(settingParentOf: b.id(.region, "ams-1"), to: b.id(.region, "eu-central")) == nil)
        #expect(inventory.regionCycle(settingParentOf: b.id(.region, "ams-1"), to: nil) == nil)
    }
}

@Suite struct InventoryConsistencyTests {
    @Test func missingReferencesAreNamed() {
        var b = Fixture.builder
        b.servers.append(Server(id: 99, name: "ghost", clusterID: 42))
        #expect(throws: InventoryError.missingReference(owner: "Server 'ghost'", field: "cluster", id: 42)) { try b.build() }
        #expect(InventoryError.missingReference(owner: "Server 'ghost'", field: "cluster", id: 42).message
                == "Server 'ghost' refers to cluster 42, which does not exist; fix or remove the reference.")
    }

    @Test func duplicateIDsAreRefused() {
        var b = Fixture.builder
        b.services.append(Service(id: 1, name: "again"))
        #expect(throws: InventoryError.duplicateID(table: "services", id: 1)) { try b.build() }
    }

    @Test func serversNeedExactlyOneLocation() {
        var b = Fixture.builder
        b.servers.append(Server(id: 99, name: "both", regionID: 1, clusterID: 1))
        #expect(throws: InventoryError.needsExactlyOne(owner: "Server 'both'", first: "a region", second: "a cluster")) {
            try b.build()
        }
    }

    @Test func regionLoopsInStoredRowsAreRefused() {
        var b = Fixture.builder
        b.regions[0].parentID = b.id(.region, "ams-1")
        #expect(throws: InventoryError.regionCycle(names: ["eu", "ams-1", "eu-west", "eu"])) { try b.build() }
    }

    @Test func lookupsAnswerFromTheIndexes() {
        let b = Fixture.builder
        let inventory = Fixture.inventory
        #expect(inventory.ancestors(of: b.ref(.server, "db-12"))
                == [b.ref(.cluster, "db-east"), b.ref(.region, "ams-1"), b.ref(.region, "eu-west"), b.ref(.region, "eu")])
        #expect(inventory.regionID(ofServer: b.id(.server, "db-12")) == b.id(.region, "ams-1"))
        #expect(inventory.services(onServer: b.id(.server, "web-2")).map(\.name) == ["Payroll"])
        #expect(inventory.dependents(of: b.id(.service, "Payroll")).map(\.kind) == [.soft])
        #expect(inventory.dependencies(of: b.id(.service, "Payroll")).map(\.dependsOnID) == [b.id(.service, "PG-3")])
        #expect(inventory.processes(usingService: b.id(.service, "Reporting")).map(\.name) == ["Monthly payroll run"])
        #expect(inventory.find(.cluster, named: "web-ams") == b.ref(.cluster, "web-ams"))
        #expect(inventory.name(of: .team(1)) == "DBA")
        #expect(inventory.members(ofTeam: 1).map(\.name) == ["Bruno Rossi"])
        #expect(inventory.subRegions(of: b.id(.region, "eu")).map(\.name) == ["eu-west", "eu-central"])
    }
}
