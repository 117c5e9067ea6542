import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

/// Heartbeat leases on both engines (SQLite in `make test`, PostgreSQL in `make test-postgres`).
@Suite("Heartbeat leases")
struct HeartbeatLeaseStoreTests {
    func storeWithHeartbeats(_ count: Int) throws -> (Store, [Int64]) {
        let store = try Store(path: testDatabase(in: temporaryDirectory()))
        let ids = try store.write { db -> [Int64] in
            try db.run("INSERT INTO services (name, environment, tier) VALUES ('backups', 'PROD', 1)")
            guard case .integer(let service)? = try db.scalar("SELECT id FROM services WHERE name = 'backups'") else { return [] }
            return try (1...count).map {
                try HeartbeatStore.insert(db, name: "job \($0)", serviceID: service, periodSeconds: 60, graceSeconds: 10, uuid: UUID().uuidString, now: Date())
            }
        }
        return (store, ids)
    }

    @Test func oneInstanceHoldsAHeartbeatUntilItsLeaseRunsOut() throws {
        let (store, ids) = try storeWithHeartbeats(3)
        let now = Date()
        let first = try store.write { try HeartbeatLeaseStore.claim($0, owner: "serve-1", until: now.addingTimeInterval(15), now: now) }
        let second = try store.write { try HeartbeatLeaseStore.claim($0, owner: "serve-2", until: now.addingTimeInterval(15), now: now) }
        #expect(first == Set(ids) && second.isEmpty)
        // Renewing keeps them; the other instance still gets nothing while the lease runs.
        let renewedAt = now.addingTimeInterval(10)
        #expect(try store.write { try HeartbeatLeaseStore.claim($0, owner: "serve-1", until: renewedAt.addingTimeInterval(15), now: renewedAt) } == Set(ids))
        let beforeEnd = now.addingTimeInterval(20)
        #expect(try store.write { try HeartbeatLeaseStore.claim($0, owner: "serve-2", until: beforeEnd.addingTimeInterval(15), now: beforeEnd) }.isEmpty,
                "the renewed lease runs until 25 s")
        // serve-1 died after its renewal: once the lease ran out, serve-2 takes every heartbeat over, and serve-1 has none left.
        let later = now.addingTimeInterval(26)
        #expect(try store.write { try HeartbeatLeaseStore.claim($0, owner: "serve-2", until: later.addingTimeInterval(15), now: later) } == Set(ids))
        #expect(try store.write { try HeartbeatLeaseStore.claim($0, owner: "serve-1", until: later.addingTimeInterval(15), now: later) }.isEmpty)
        #expect(Set(try store.read { try HeartbeatLeaseStore.owners($0) }.values) == ["serve-2"])
    }

    @Test func aReleasedLeaseIsFreeAtOnceAndADeletedHeartbeatTakesItsLeaseAlong() throws {
        let (store, ids) = try storeWithHeartbeats(2)
        let now = Date()
        _ = try store.write { try HeartbeatLeaseStore.claim($0, owner: "serve-1", until: now.addingTimeInterval(15), now: now) }
        try store.write { try HeartbeatLeaseStore.release($0, owner: "serve-1") }
        #expect(try store.write { try HeartbeatLeaseStore.claim($0, owner: "serve-2", until: now.addingTimeInterval(15), now: now) } == Set(ids))
        try store.write { try HeartbeatStore.delete($0, id: ids[0]) }
        #expect(try store.read { try HeartbeatLeaseStore.owners($0) } == [ids[1]: "serve-2"])
    }

    @Test func concurrentClaimantsNeverShareAHeartbeat() throws {
        let (store, ids) = try storeWithHeartbeats(50)
        let path = store.path
        let results = Locked([String: Set<Int64>]())
        let failures = Locked([String]())
        let group = DispatchGroup()
        let now = Date()
        for n in 1...4 {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    let own = try Store(path: path)
                    defer { own.close() }
                    let held = try own.write { try HeartbeatLeaseStore.claim($0, owner: "serve-\(n)", until: now.addingTimeInterval(15), now: now) }
                    results.mutate { $0["serve-\(n)"] = held }
                } catch {
                    failures.mutate { $0.append("\(error)") }
                }
            }.start()
        }
        group.wait()
        #expect(failures.value.isEmpty, "\(failures.value)")
        let claimed = results.value.values.flatMap { $0 }
        #expect(claimed.count == ids.count && Set(claimed) == Set(ids), "every heartbeat held by exactly one claimant")
        let owners = try store.read { try HeartbeatLeaseStore.owners($0) }
        #expect(results.value.allSatisfy { owner, held in held.allSatisfy { owners[$0] == owner } })
    }
}
