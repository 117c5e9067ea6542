import ForewarnTestSupport
import Foundation
import PortalApp
import PortalStore
import Testing

/// The in-memory inventory (impact preview, levels) asks the audit trail whether the inventory changed only when the
/// store's change signal moved: no statement while nothing committed, and a write through another store on the same
/// database (another process on the SQLite file, another instance on PostgreSQL) is seen on the next call.
@Suite("Inventory cache behind the change signal", .serialized)
struct InventorySignalTests {
    /// Statements `body` runs on this thread.
    static func statements(_ body: () throws -> Void) rethrows -> Int {
        StatementCounter.enable()
        StatementCounter.reset()
        try body()
        return StatementCounter.count
    }

    /// Waits until the store's change signal can be trusted (PostgreSQL: its listener is connected).
    static func signalReady(_ store: Store) -> Bool {
        let start = Date()
        while Date().timeIntervalSince(start) < 5 {
            if store.changes?.current() != nil { return true }
            usleep(10_000)
        }
        return false
    }

    static func addRegion(_ store: Store, _ name: String) throws {
        try store.write { db in
            try PortalStoreImport.importRows(db, kind: "regions", csv: "name,description,parent\r\n\(name),,\r\n")
            try AuditLog.record(db, actor: "test", action: "create", objectKind: "region", objectID: nil, objectName: name)
        }
    }

    @Test func noStatementWhileNothingCommittedAndAnotherStoresWriteIsSeen() throws {
        let path = try testDatabase(in: temporaryDirectory())
        let first = try Store(path: path)
        defer { first.close() }
        // Another process on the same SQLite file, another instance on the same PostgreSQL database.
        let second = try Store(path: path)
        defer { second.close() }
        try Self.addRegion(second, "signal-a")
        #expect(Self.signalReady(first))
        let cache = InventoryCache()
        #expect(try cache.current(first).regions.contains { $0.name == "signal-a" })
        // Nothing committed since: the cached inventory without a statement, however often.
        let idle = try Self.statements { for _ in 0..<20 { _ = try cache.current(first) } }
        #expect(idle == 0, "\(idle) statements for 20 calls while nothing changed")

        try Self.addRegion(second, "signal-b")
        let written = Date()
        var seen = false
        var looked = 0
        while !seen && Date().timeIntervalSince(written) < 3 {
            looked += try Self.statements { seen = try cache.current(first).regions.contains { $0.name == "signal-b" } }
            if !seen { usleep(5_000) }
        }
        #expect(seen, "the other store's region is not in the inventory after 3 s")
        #expect(looked > 0, "the inventory changed, yet no statement looked at it")
        print("inventory: another store's write seen after \(Int(Date().timeIntervalSince(written) * 1000)) ms")

        // A write that is not about the inventory moves the signal: one look at the audit trail, no reload.
        let before = try cache.currentWithGeneration(first).generation
        try second.write { db in
            try AuditLog.record(db, actor: "test", action: "update", objectKind: "setting", objectID: nil, objectName: "x")
        }
        let start = Date()
        var after = 0
        while Date().timeIntervalSince(start) < 1 { after += try Self.statements { _ = try cache.current(first) }; if after > 0 { break }; usleep(5_000) }
        // One look: the audit query (on SQLite inside the read's BEGIN … COMMIT: 3 statements); a reload is dozens.
        #expect(after > 0 && after <= 3, "\(after) statements for the look after an unrelated write")
        #expect(try cache.currentWithGeneration(first).generation == before)
    }

    @Test func aWriteOfTheSameStoreIsSeenAtOnce() throws {
        let path = try testDatabase(in: temporaryDirectory())
        let store = try Store(path: path)
        defer { store.close() }
        #expect(Self.signalReady(store))
        let cache = InventoryCache()
        _ = try cache.current(store)
        try Self.addRegion(store, "signal-own")
        // The writer's own instance raises its signal when the commit returns: no wait for a notification.
        #expect(try cache.current(store).regions.contains { $0.name == "signal-own" })
    }
}
