import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// `Store.changes`: every committed write through any `Store` on the database moves it, as seen from every other
/// `Store` (another process on the SQLite file, another instance on PostgreSQL); reads and rolled-back writes do not.
@Suite("Change signal")
struct ChangeSignalTests {
    /// The counter of `store` once it moved past `old` (PostgreSQL: the notification arrives at commit, at most 2 s).
    func moved(_ store: Store, from old: UInt64) -> UInt64? {
        let deadline = Date().addingTimeInterval(testPostgresURL == nil ? 0 : 2)
        var now = store.changes?.current()
        while now == old && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            now = store.changes?.current()
        }
        return now
    }

    func trusted(_ stores: Store...) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while !stores.allSatisfy({ $0.changes?.current() != nil }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return stores.allSatisfy { $0.changes?.current() != nil }
    }

    @Test func everyCommitThroughAnyStoreMovesItAndNothingElseDoes() throws {
        let path = try testDatabase(in: temporaryDirectory())
        let one = try Store(path: path)
        defer { one.close() }
        let other = try Store(path: path, migrate: false)
        defer { other.close() }
        #expect(trusted(one, other))
        let start = try #require(one.changes?.current())

        // A read, and a write that rolls back, leave it where it was.
        _ = try one.read { try $0.scalar("SELECT count(*) FROM users") }
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try other.write { db in
                try db.run("INSERT INTO settings (key, value) VALUES ('cache-test', 'x')")
                throw Refused()
            }
        }
        Thread.sleep(forTimeInterval: testPostgresURL == nil ? 0 : 0.3)
        #expect(one.changes?.current() == start, "a read or a rollback moved the counter")

        // A commit through the other store is seen by the first at once (SQLite: the same mapped page).
        try other.write { try $0.run("INSERT INTO settings (key, value) VALUES ('cache-test', 'y')") }
        let afterOther = try #require(moved(one, from: start))
        #expect(afterOther != start)
        // Its own writes, `tryWrite` and `withWriter` too.
        try one.write { try $0.run("UPDATE settings SET value = 'z' WHERE key = 'cache-test'") }
        let afterOwn = try #require(moved(other, from: afterOther))
        #expect(afterOwn != afterOther)
        _ = try one.tryWrite { try $0.run("DELETE FROM settings WHERE key = 'cache-test'") }
        let afterTry = try #require(moved(other, from: afterOwn))
        #expect(afterTry != afterOwn)
        try other.withWriter { try $0.run("INSERT INTO settings (key, value) VALUES ('cache-test', 'w')") }
        #expect(moved(one, from: afterTry) != afterTry)
    }

    @Test func aDatabaseWithoutAFileHasNoSignal() throws {
        guard testPostgresURL == nil else { return }
        #expect(DatabaseSignal(location: .sqlite(path: ":memory:"), name: "changes") == nil)
    }
}
