import Foundation

/// A session-level PostgreSQL advisory lock on a connection of its own: the `flock` of several instances. The server
/// drops it the moment the holder's connection ends (the process exits or is killed), and another instance takes it
/// at its next try.
public final class PostgresAdvisoryLock: @unchecked Sendable {
    public let key: Int64
    private let url: String
    private var connection: Database?
    private let lock = NSLock()

    public init(url: String, key: Int64) {
        self.url = url
        self.key = key
    }

    /// Whether this process holds the lock now (taking it if it is free). Never waits for another holder.
    public func tryAcquire() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let connection {
            // Still ours while the connection lives; a broken connection has lost it.
            if (try? connection.scalar("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted")) != nil { return true }
            connection.close()
            self.connection = nil
        }
        guard let db = try? Database(location: .postgres(url: url)),
              (try? db.scalar("SELECT pg_try_advisory_lock(?)", [key])) == .integer(1) else { return false }
        connection = db
        return true
    }

    /// Whether this process took the lock and still has its connection (does not try to take it).
    public var isHeld: Bool {
        lock.lock()
        defer { lock.unlock() }
        return connection != nil
    }

    public func release() {
        lock.lock()
        defer { lock.unlock() }
        _ = try? connection?.scalar("SELECT pg_advisory_unlock(?)", [key])
        connection?.close()
        connection = nil
    }
}
