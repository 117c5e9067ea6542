import Foundation
import Testing
@testable import PortalCore

@Suite struct ConflictTests {
    let b = Fixture.builder
    let detector = ConflictDetector(inventory: Fixture.inventory)

    /// A window from `start` to `end` hours after a fixed instant.
    static func hours(_ start: Double, _ end: Double) -> DateInterval {
        let base = Date(timeIntervalSince1970: 1_750_000_000)
        return DateInterval(start: base.addingTimeInterval(start * 3600), end: base.addingTimeInterval(end * 3600))
    }

    func existing(_ id: Int64, _ targets: [ObjectRef], _ window: DateInterval, coordinator: Int64? = nil,
                  active: Bool = true) -> ExistingDowntime {
        ExistingDowntime(id: id, title: "Patch \(id)", targets: targets, window: window, coordinatorID: coordinator,
                         isActive: active)
    }

    @Test(arguments: [
        ("overlapping", 1.0, 3.0, true),
        ("touching at the end", 2.0, 4.0, false),
        ("touching at the start", -2.0, 0.0, false),
        ("inside", 0.5, 1.0, true),
        ("enclosing", -1.0, 5.0, true),
        ("later", 3.0, 4.0, false),
    ])
    func sameObject(name: String, start: Double, end: Double, conflicts: Bool) {
        let candidate = DowntimeCandidate(targets: [b.ref(.server, "db-12")], window: Self.hours(start, end))
        let found = detector.conflicts(for: candidate, existing: [existing(7, [b.ref(.server, "db-12")], Self.hours(0, 2))],
                                       blackouts: [])
        #expect(found.map(\.kind) == (conflicts ? [.sameObject] : []), "\(name)")
    }

    @Test func sameObjectMessage() {
        let candidate = DowntimeCandidate(targets: [b.ref(.server, "db-12")], window: Self.hours(0, 1))
        let found = detector.conflicts(for: candidate, existing: [existing(7, [b.ref(.server, "db-12")], Self.hours(0, 2))],
                                       blackouts: [])
        #expect(found.map(\.message) == ["Server db-12 is already in DT-7 “Patch 7” at an overlapping time."])
        #expect(found.first?.downtimeID == 7)
    }

    @Test func parentInAnotherDowntime() {
        let candidate = DowntimeCandidate(targets: [b.ref(.server, "db-12")], window: Self.hours(0, 1))
        let found = detector.conflicts(for: candidate, existing: [existing(3, [b.ref(.region, "eu-west")], Self.hours(0, 2))],
                                       blackouts: [])
        #expect(found.map(\.kind) == [.parentChild])
        #expect(found.first?.related == b.ref(.region, "eu-west"))
        #expect(found.first?.message == "Server db-12 is in region eu-west, which is already in DT-3 “Patch 3” at an overlapping time.")
    }

    @Test func childInAnotherDowntime() {
        let candidate = DowntimeCandidate(targets: [b.ref(.cluster, "db-east")], window: Self.hours(0, 1))
        let found = detector.conflicts(for: candidate, existing: [existing(4, [b.ref(.server, "db-13")], Self.hours(0, 2))],
                                       blackouts: [])
        #expect(found.map(\.kind) == [.parentChild])
        #expect(found.first?.message == "Cluster db-east contains server db-13, which is already in DT-4 “Patch 4” at an overlapping time.")
    }

    @Test func unrelatedInactiveAndSelfDowntimesDoNotConflict() {
        let window = Self.hours(0, 1)
        let candidate = DowntimeCandidate(id: 9, targets: [b.ref(.server, "db-12")], window: window, coordinatorID: 1)
        let found = detector.conflicts(for: candidate, existing: [
            existing(1, [b.ref(.server, "web-1")], window),                       // unrelated object
            existing(2, [b.ref(.server, "db-12")], window, active: false),        // cancelled
            existing(9, [b.ref(.server, "db-12")], window, coordinator: 1),       // itself, being edited
            existing(3, [b.ref(.cluster, "app-fra")], window),                    // other branch of the tree
        ], blackouts: [])
        #expect(found.isEmpty)
    }

    @Test func coordinatorBookedTwice() {
        let candidate = DowntimeCandidate(targets: [b.ref(.server, "mail-1")], window: Self.hours(0, 1),
                                          coordinatorID: b.personID("Alice Martin"))
        let found = detector.conflicts(for: candidate, existing: [
            existing(5, [b.ref(.server, "web-1")], Self.hours(0.5, 2), coordinator: b.personID("Alice Martin")),
            existing(6, [b.ref(.server, "web-2")], Self.hours(1, 2), coordinator: b.personID("Alice Martin")), // touching
            existing(7, [b.ref(.server, "web-3")], Self.hours(0, 2), coordinator: b.personID("Bruno Rossi")),
        ], blackouts: [])
        #expect(found.map(\.kind) == [.coordinatorBooked])
        #expect(found.first?.message == "Alice Martin already coordinates DT-5 “Patch 5” at an overlapping time; choose another coordinator or move the window.")
    }

    @Test(arguments: [
        ("global freeze", String?.none, "db-12", true),
        ("freeze on the server's site", "ams-1", "db-12", true),
        ("freeze on an ancestor region", "eu", "db-12", true),
        ("freeze on another branch", "eu-central", "db-12", false),
        ("freeze on a sub-region of a region target", "ams-1", "eu-west", true),
        ("freeze on the region target itself", "eu-west", "eu-west", true),
    ])
    func blackouts(name: String, region: String?, target: String, conflicts: Bool) {
        let kind: ObjectKind = target.hasPrefix("eu") ? .region : .server
        let freeze = BlackoutWindow(id: 1, name: "Year-end freeze", regionID: region.map { b.id(.region, $0) },
                                    window: Self.hours(-24, 24))
        let candidate = DowntimeCandidate(targets: [b.ref(kind, target)], window: Self.hours(0, 1))
        let found = detector.conflicts(for: candidate, existing: [], blackouts: [freeze])
        #expect(found.map(\.kind) == (conflicts ? [.blackout] : []), "\(name)")
    }

    @Test func blackoutOnServiceHostsRegionAndTouchingFreeze() {
        let freeze = BlackoutWindow(id: 2, name: "Audit", regionID: b.id(.region, "eu-central"), window: Self.hours(0, 1))
        let service = DowntimeCandidate(targets: [b.ref(.service, "Reporting")], window: Self.hours(0.5, 2))
        #expect(detector.conflicts(for: service, existing: [], blackouts: [freeze]).map(\.message)
                == ["Service Reporting is in region eu-central, which is under the change freeze “Audit” at an overlapping time; move the window or ask for an exception."])
        let touching = DowntimeCandidate(targets: [b.ref(.service, "Reporting")], window: Self.hours(1, 2))
        #expect(detector.conflicts(for: touching, existing: [], blackouts: [freeze]).isEmpty)
    }

    @Test func conflictsAreOrderedByKind() {
        let window = Self.hours(0, 1)
        let candidate = DowntimeCandidate(targets: [b.ref(.server, "db-12")], window: window, coordinatorID: 1)
        let found = detector.conflicts(
            for: candidate,
            existing: [existing(2, [b.ref(.cluster, "db-east")], window, coordinator: 1), existing(1, [b.ref(.server, "db-12")], window)],
            blackouts: [BlackoutWindow(id: 1, name: "Freeze", window: window)])
        #expect(found.map(\.kind) == [.sameObject, .parentChild, .blackout, .coordinatorBooked])
    }
}
