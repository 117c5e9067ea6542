import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

@Suite("Who do I tell? and demo data")
struct WhoToTellTests {
    @Test func contactsAreResolvedWithInheritanceAndTheirSource() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        try app.importFixture()
        let server = try app.app.context.store.read { try EntityStore.id($0, InventorySpecs.servers, name: "db-12") }!
        let page = try app.get("/servers/\(server)/contacts")
        #expect(page.status == 200)
        // DBA is technical contact on cluster db-east; Taro coordinates region europe (secondary), two levels up.
        #expect(page.text.contains("DBA"))
        #expect(page.text.contains("inherited from cluster db-east"))
        #expect(page.text.contains("山田太郎"))
        #expect(page.text.contains("inherited from region europe"))
        // The data set has its own data owner, assigned directly.
        let dataset = try app.app.context.store.read { try EntityStore.id($0, InventorySpecs.datasets, name: "salaries") }!
        let datasetPage = try app.get("/datasets/\(dataset)/contacts")
        #expect(datasetPage.text.contains("Ana Lima"))
        #expect(datasetPage.text.contains("assigned directly"))
        // A change shows up at once: the cache follows the audit trail.
        let assignment = try app.app.context.store.read { db in
            try db.scalar("SELECT id FROM assignments WHERE team_id IS NOT NULL")
        }
        guard case .integer(let assignmentID)? = assignment else { Issue.record("no team assignment"); return }
        let deleted = try app.fetch("DELETE", "/api/v1/assignments/\(assignmentID)")
        #expect(deleted.status == 204)
        #expect(!(try app.get("/servers/\(server)/contacts").text.contains("inherited from cluster db-east")))
        #expect(try app.get("/people/1/contacts").status == 404)
    }

    @Test func demoDataIsDeterministicAndOnlyForAnEmptyDatabase() throws {
        let folder = temporaryDirectory()
        let first = try runForewarn(["demo-data", "--db", folder + "/a.sqlite", "--servers", "300", "--seed", "7"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("300 servers"))
        _ = try runForewarn(["demo-data", "--db", folder + "/b.sqlite", "--servers", "300", "--seed", "7"])
        let kinds = ["regions", "clusters", "servers", "services", "placements", "dependencies", "processes", "datasets", "teams", "people", "assignments"]
        for kind in kinds {
            let a = try runForewarn(["export", "--db", folder + "/a.sqlite", "--kind", kind]).stdout
            let b = try runForewarn(["export", "--db", folder + "/b.sqlite", "--kind", kind]).stdout
            #expect(a == b, "\(kind) differs for the same seed")
            #expect(a.split(whereSeparator: \.isNewline).count > 1, "\(kind) is empty")
        }
        let other = try runForewarn(["demo-data", "--db", folder + "/c.sqlite", "--servers", "300", "--seed", "8"])
        #expect(other.status == 0)
        #expect(try runForewarn(["export", "--db", folder + "/c.sqlite", "--kind", "people"]).stdout
                != (try runForewarn(["export", "--db", folder + "/a.sqlite", "--kind", "people"]).stdout))
        let again = try runForewarn(["demo-data", "--db", folder + "/a.sqlite", "--servers", "300"])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already has an inventory"))
        #expect(try runForewarn(["demo-data", "--db", folder + "/a.sqlite", "--if-empty"]).status == 0)
        // The generated inventory round-trips through CSV like any other.
        let store = try Store(path: folder + "/a.sqlite")
        let counts = try store.read { db in try db.scalar("SELECT count(*) FROM assignments") }
        #expect(counts != .integer(0))
    }
}
