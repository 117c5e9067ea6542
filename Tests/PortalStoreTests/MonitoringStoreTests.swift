import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

@Suite("Monitoring store: checks, samples with rollups, alerts, leases")
struct MonitoringStoreTests {
    func storeWithCheck() throws -> (Store, Int64) {
        let store = try Store(path: testDatabase(in: temporaryDirectory()))
        let id = try store.write { db -> Int64 in
            try db.run("INSERT INTO regions (name) VALUES ('eu')")
            try db.run("INSERT INTO services (name, environment, tier) VALUES ('portal', 'PROD', 1)")
            var spec = CheckSpec(name: "portal home", kind: .http, targetKind: "service", targetName: "portal", intervalSeconds: 1)
            spec.url = "http://127.0.0.1:1/"
            guard let target = try CheckStore.target(db, kind: "service", name: "portal") else { throw DatabaseError(code: 1, message: "no target", sql: nil) }
            return try CheckStore.insert(db, spec, target: target)
        }
        return (store, id)
    }

    @Test func samplesRollUpInTheSameTransaction() throws {
        let (store, id) = try storeWithCheck()
        let start = Date(timeIntervalSince1970: 1_800_000_000)  // on an hour boundary
        let samples = (0..<150).map { i in
            NewSample(checkID: id, at: start.addingTimeInterval(Double(i)), available: i % 10 != 0, httpStatus: i % 10 != 0 ? 200 : 500,
                      responseMS: 10 + i, downtimeID: nil)
        }
        try store.write { try SampleStore.insert($0, Array(samples[..<100])) }
        try store.write { try SampleStore.insert($0, Array(samples[100...])) }
        let (minutes, total, window) = try store.read { db in
            (try RollupStore.series(db, checkID: id, resolution: .minute, from: start, to: start.addingTimeInterval(3600)),
             try RollupStore.total(db, checkID: id, from: start, to: start.addingTimeInterval(3600)),
             try SampleStore.window(db, checkID: id, since: start.addingTimeInterval(140)))
        }
        #expect(minutes.map { $0.1.samples } == [60, 60, 30])
        #expect(total.samples == 150 && total.up == 135 && total.minMS == 10 && total.maxMS == 159)
        #expect(window.samples == 10 && window.up == 9 && window.statusCounts == ["200": 9, "500": 1])
    }

    @Test func oneOpenAlertPerCheck() throws {
        let (store, id) = try storeWithCheck()
        _ = try store.write { try AlertStore.open($0, checkID: id, kind: .down, downtimeID: nil, at: Date(), availability: 10, message: "down") }
        #expect(throws: DatabaseError.self) {
            try store.write { _ = try AlertStore.open($0, checkID: id, kind: .down, downtimeID: nil, at: Date(), availability: 10, message: "again") }
        }
    }

    @Test func aLeaseHeldByOneCheckerIsNotTakenByAnother() throws {
        let (store, id) = try storeWithCheck()
        let now = Date()
        let first = try store.write { try CheckLeaseStore.claim($0, owner: "serve-1", until: now.addingTimeInterval(15), now: now) }
        let second = try store.write { try CheckLeaseStore.claim($0, owner: "monitor-2", until: now.addingTimeInterval(15), now: now) }
        #expect(first == [id] && second.isEmpty)
        // The first checker died: once its lease expired, the second takes over.
        let later = now.addingTimeInterval(20)
        #expect(try store.write { try CheckLeaseStore.claim($0, owner: "monitor-2", until: later.addingTimeInterval(15), now: later) } == [id])
    }
}
