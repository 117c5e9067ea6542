import Foundation

/// One instance at a time runs a periodic job (the downtime clock and its reminders): each tick opens a transaction on a
/// connection of its own, takes `pg_try_advisory_xact_lock(key)` and runs the job only when it got it; the commit at
/// the end of the tick lets go. An instance that finds the lock taken skips that tick (another is doing the work); one
/// that dies mid-tick loses its connection, and the server drops the lock with it.
public final class PostgresTickLock: @unchecked Sendable {
    public let key: Int64
    private let url: String
    private var connection: Database?
    private let lock = NSLock()

    public init(url: String, key: Int64) {
        self.url = url
        self.key = key
    }

    /// Runs `body` under the lock and returns its result, or nil without running it when another instance holds the lock.
    public func run<T>(_ body: () throws -> T) throws -> T? {
        lock.lock()
        defer { lock.unlock() }
        let db = try connection ?? Database(location: .postgres(url: url))
        connection = db
        do {
            try db.execute("BEGIN")
        } catch {
            // A broken connection: open a new one at the next tick.
            db.close()
            connection = nil
            throw error
        }
        defer { _ = try? db.execute("COMMIT") }
        guard try db.scalar("SELECT pg_try_advisory_xact_lock(?)", [key]) == .integer(1) else { return nil }
        return try body()
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        connection?.close()
        connection = nil
    }
}
