import Foundation
import Testing
@testable import PortalCore

/// Explanations and contact reasons are built only for what is shown (#14): the resolver counts reasons and gathers
/// them on first use; `ImpactExplainer` shares the tails of explanations. Both must say exactly what the eager
/// versions say.
@Suite struct LazyImpactTests {
    static let inventory = InventoryGenerator(servers: 2_000, seed: 42).generate()
    let resolver = ImpactResolver(inventory: LazyImpactTests.inventory)

    /// The cluster and the region whose downtimes affect the most objects: fan-out through services and contacts.
    static let targets: [ObjectRef] = {
        let resolver = ImpactResolver(inventory: inventory)
        func largest(_ refs: [ObjectRef]) -> ObjectRef {
            refs.max { (try! resolver.resolve(targets: [$0]).affected.count, $1.id) < (try! resolver.resolve(targets: [$1]).affected.count, $0.id) }!
        }
        return [largest(inventory.clusters.map { .cluster($0.id) }), largest(inventory.regions.map { .region($0.id) })]
    }()

    @Test(arguments: targets)
    func anExplainerSaysWhatExplainSaysForEveryAffectedObject(target: ObjectRef) throws {
        let impact = try resolver.resolve(targets: [target])
        #expect(impact.affected.count > 100, "a large impact: \(impact.affected.count) objects")
        #expect(impact.affected.contains { if case .dependsOn = $0.cause { true } else { false } }, "chains longer than one step")
        var explainer = ImpactExplainer(impact)
        // Deepest objects last and first: tails are reused whichever row asks first.
        for object in impact.affected.reversed() + impact.affected {
            #expect(explainer.explain(object.object) == impact.explain(object.object))
        }
        let unaffected = Self.inventory.servers.map { ObjectRef.server($0.id) }.first { impact.state(of: $0) == nil }!
        #expect(explainer.explain(unaffected) == nil)
    }

    /// The cluster's impact is sorted by keys, the region's (over a sixteenth of the inventory) found by one scan in
    /// name order: both give the report order.
    @Test(arguments: targets)
    func affectedObjectsComeMostSevereFirstThenByKindThenByName(target: ObjectRef) throws {
        let impact = try resolver.resolve(targets: [target])
        let keys = impact.affected.map { ($0.state.severityRank, $0.object.kind.rank, $0.name) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(impact.affected.map(\.state)).count > 1, "more than one severity to order")
        #expect(Set(impact.affected.map(\.object)).count == impact.affected.count)
    }

    @Test func aLoopingSnapshotIsExplainedByTheBoundedWalk() {
        let a = AffectedObject(object: .service(1), name: "A", state: .down, cause: .dependsOn(serviceID: 2, kind: .hard))
        let b = AffectedObject(object: .service(2), name: "B", state: .down, cause: .dependsOn(serviceID: 1, kind: .hard))
        let impact = Impact(targets: [], affected: [a, b], contacts: [])
        var explainer = ImpactExplainer(impact)
        let text = explainer.explain(.service(1))
        #expect(text == impact.explain(.service(1)))
        #expect(text?.hasPrefix("A is down: it depends (hard) on B, which depends (hard) on A, which") == true)
    }

    @Test(arguments: targets)
    func reasonsAreGatheredOnFirstUseAndAreEveryActiveHolderOfEveryAffectedObject(target: ObjectRef) throws {
        let impact = try resolver.resolve(targets: [target])
        let contacts = impact.contacts
        #expect(contacts.count > 10)
        let counted = contacts.map(\.reasonCount)
        #expect(contacts.allSatisfy { !$0.reasonsAreGathered }, "resolving and counting gather no reasons")

        // Independently: every notified holder of every role of every affected object.
        var expected: [Contact: Set<NotificationReason>] = [:]
        for object in impact.affected {
            for role in Self.inventory.roles {
                for holder in Self.inventory.holders(of: role.id, for: object.object).notifiedHolders {
                    expected[holder.contact, default: []].insert(NotificationReason(
                        assignmentID: holder.assignmentID, roleID: role.id, priority: holder.priority,
                        object: object.object, inheritedFrom: holder.inheritedFrom))
                }
            }
        }
        #expect(Set(contacts.map(\.contact)) == Set(expected.keys))
        for (contact, count) in zip(contacts, counted) {
            let reasons = contact.reasons
            #expect(reasons.count == count)
            #expect(Set(reasons) == expected[contact.contact], "\(contact.name)")
            #expect(contact.bestPriority == reasons.map(\.priority).min())
            let positions = reasons.map { impact.position(of: $0.object)! }
            #expect(positions == positions.sorted(), "reasons follow the order of the affected objects")
        }
        #expect(contacts.allSatisfy { $0.reasonsAreGathered }, "one gathering serves every contact of the impact")
        let order = contacts.map { ($0.bestPriority.rank, $0.name) }
        #expect(zip(order, order.dropFirst()).allSatisfy { $0 <= $1 }, "best priority first, then by name")
    }

    @Test func aSnapshotRoundTripKeepsTheGatheredReasons() throws {
        let impact = try resolver.resolve(targets: [Self.targets[0]])
        let decoded = try JSONDecoder().decode(Impact.self, from: try JSONEncoder().encode(impact))
        #expect(decoded == impact)
        #expect(decoded.contacts.map(\.reasons) == impact.contacts.map(\.reasons))
    }
}
