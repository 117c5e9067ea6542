import Foundation
import Testing
@testable import PortalCore

@Suite struct DiffTests {
    @Test func diffAgainstTheAnnouncedSnapshot() throws {
        var b = Fixture.builder
        b.assign("Alice Martin", "Technical contact", on: b.ref(.cluster, "db-east"))
        let before = try ImpactResolver(inventory: try b.build()).resolve(targets: [b.ref(.cluster, "db-east")])

        // Since the announcement: Reporting now depends hard on Mailer's neighbour PG-3, two new services run
        // on db-12, and Alice handed the cluster over to Chloé.
        var changed = b
        changed.assignments.removeAll()
        changed.assign("Chloé Dubois", "Technical contact", on: b.ref(.cluster, "db-east"))
        changed.service("Cache", servers: ["db-12"])
        changed.service("Queue", servers: ["db-12", "db-13"])
        changed.depend("Reporting", on: "PG-3", .hard)
        let after = try ImpactResolver(inventory: try changed.build()).resolve(targets: [b.ref(.cluster, "db-east")])

        let diff = after.diff(against: before)
        #expect(diff.addedObjects.map(\.name) == ["Cache", "Queue"])
        #expect(diff.removedObjects.isEmpty)
        #expect(diff.changedStates == [StateChange(object: b.ref(.service, "Reporting"), name: "Reporting",
                                                   from: .degraded, to: .down)])
        #expect(diff.addedContacts.map(\.name) == ["Chloé Dubois"])
        #expect(diff.removedContacts.map(\.name) == ["Alice Martin"])
        #expect(diff.summary == "+2 services, 1 state change, +1 contact, -1 contact")

        let back = before.diff(against: after)
        #expect(back.summary == "-2 services, 1 state change, +1 contact, -1 contact")
        #expect(after.diff(against: after).isEmpty)
        #expect(after.diff(against: after).summary == "no change")
    }

    @Test func snapshotsRoundTripThroughJSON() throws {
        let b = Fixture.builder
        var withContacts = b
        withContacts.assign("team:DBA", "Technical contact", on: b.ref(.region, "eu"))
        let impact = try ImpactResolver(inventory: try withContacts.build()).resolve(targets: [b.ref(.cluster, "db-east")])
        let data = try JSONEncoder().encode(impact)
        let decoded = try JSONDecoder().decode(Impact.self, from: data)
        #expect(decoded == impact)
        #expect(decoded.state(of: b.ref(.service, "Payroll")) == .down)
        #expect(decoded.explain(b.ref(.service, "Payroll")) == impact.explain(b.ref(.service, "Payroll")))
        #expect(String(decoding: data, as: UTF8.self).contains("\"cluster:1\""))
        #expect(decoded.contacts.first?.contact == .team(1))
    }

    @Test(arguments: ["server:12", "dataset:3", "region:1"])
    func objectReferencesParseTheirOwnDescription(text: String) throws {
        let ref = try #require(ObjectRef(text))
        #expect(ref.description == text)
    }

    @Test(arguments: ["server", "server:", "planet:3", ":4", "server:x"])
    func malformedReferencesAreRejected(text: String) {
        #expect(ObjectRef(text) == nil)
    }
}
