import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// The downtime clock's per-tick lock on PostgreSQL (`pg_try_advisory_xact_lock` in a transaction per tick): while one
/// instance runs a tick, another instance's tick is skipped; the lock is free again when the tick ends or its
/// connection dies. Runs under `make test-postgres`.
@Suite("PostgreSQL per-tick lock", .serialized, .enabled(if: testPostgresURL != nil))
struct PostgresTickLockTests {
    static let key: Int64 = 0x466F_7265_7E57

    @Test func anotherInstancesTickIsSkippedWhileOneRunsAndRunsAfterIt() throws {
        let url = try #require(testPostgresURL)
        let first = PostgresTickLock(url: url, key: Self.key)
        let second = PostgresTickLock(url: url, key: Self.key)
        defer { first.close(); second.close() }
        let inner = try first.run { try second.run { "second ran" } }
        #expect(inner == .some(nil), "the second instance skips its tick while the first holds the lock")
        #expect(try second.run { "second ran" } == "second ran", "free once the first tick committed")
        // A tick that throws still lets go.
        #expect(throws: DatabaseError.self) { try first.run { throw DatabaseError(code: 1, message: "tick failed") } }
        #expect(try second.run { 1 } == 1)
    }

    @Test func aDeadInstancesLockIsFreedWithItsConnection() throws {
        let url = try #require(testPostgresURL)
        let second = PostgresTickLock(url: url, key: Self.key)
        defer { second.close() }
        // The first "instance" holds the lock in an open transaction and dies: its connection ends.
        let dying = try Database(location: .postgres(url: url))
        try dying.execute("BEGIN")
        #expect(try dying.scalar("SELECT pg_try_advisory_xact_lock(?)", [Self.key]) == .integer(1))
        #expect(try second.run { 1 } == nil)
        dying.close()
        var ran: Int?
        for _ in 0..<50 where ran == nil {
            ran = try second.run { 1 }
            if ran == nil { usleep(20_000) }
        }
        #expect(ran == 1)
    }

    /// Four instances tick as fast as they can: ticks are skipped (they do collide), and never two run at once.
    @Test func concurrentTicksNeverOverlap() throws {
        let url = try #require(testPostgresURL)
        let active = Locked(0)
        let maxActive = Locked(0)
        let ran = Locked([Int](repeating: 0, count: 4))
        let skipped = Locked(0)
        let failures = Locked([String]())
        let group = DispatchGroup()
        for instance in 0..<4 {
            group.enter()
            Thread {
                defer { group.leave() }
                let lock = PostgresTickLock(url: url, key: Self.key)
                defer { lock.close() }
                do {
                    for _ in 0..<40 {
                        let result: Void? = try lock.run {
                            active.mutate { $0 += 1 }
                            maxActive.mutate { $0 = max($0, active.value) }
                            usleep(3_000)
                            active.mutate { $0 -= 1 }
                            ran.mutate { $0[instance] += 1 }
                        }
                        if result == nil { skipped.mutate { $0 += 1 } }
                        usleep(1_000)
                    }
                } catch {
                    failures.mutate { $0.append("\(error)") }
                }
            }.start()
        }
        group.wait()
        #expect(failures.value.isEmpty, "\(failures.value)")
        #expect(maxActive.value == 1, "one tick at a time")
        #expect(ran.value.reduce(0, +) > 0, "ticks ran: \(ran.value)")
        #expect(skipped.value > 0, "the instances collided and some ticks were skipped: \(skipped.value)")
        #expect(ran.value.reduce(0, +) + skipped.value == 160)
    }
}
