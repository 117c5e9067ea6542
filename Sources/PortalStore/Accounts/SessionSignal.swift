import Foundation
import Glibc
import Synchronization

/// A counter that every process using one database sees move when a session ends or a user's role, password or
/// disabled flag changes, so that `SessionCache`s elsewhere drop what they hold.
///
/// SQLite: an 8-byte counter in the file `<database>-sessions` next to the database, read with one `pread` per check
/// and raised under `flock` after the change has committed (other processes and other `Store`s on the same file see
/// it at once). PostgreSQL: `NOTIFY forewarn_sessions` inside the changing transaction (delivered at commit to every
/// instance), heard by a `PostgresListener`; while that listener is not connected the counter is unknown and caches
/// must not be trusted.
public final class SessionSignal: @unchecked Sendable {
    /// The PostgreSQL channel the change is announced on.
    public static let channel = "forewarn_sessions"

    private enum Backing {
        case file(path: String)
        case notifications(url: String)
    }
    private let backing: Backing
    private let local = Mutex<UInt64>(0)
    private let lock = NSLock()
    private var descriptor: Int32 = -1
    private var listener: PostgresListener?

    public init?(location: DatabaseLocation) {
        switch location {
        case .sqlite(let path):
            // An in-memory or URI database has no file to sit next to: no cache then.
            guard !path.isEmpty, !path.hasPrefix(":") else { return nil }
            backing = .file(path: path + "-sessions")
        case .postgres(let url):
            backing = .notifications(url: url)
        }
    }

    deinit {
        stop()
        if descriptor >= 0 { close(descriptor) }
    }

    /// Stops listening (the store is closing); the counter is then unknown.
    func stop() {
        lock.lock()
        let running = listener
        listener = nil
        stopped = true
        lock.unlock()
        running?.stop()
    }
    private var stopped = false

    /// The counter now, or nil when changes made elsewhere could go unseen (no sidecar file, listener down).
    public func current() -> UInt64? {
        switch backing {
        case .file:
            guard let fd = openFile() else { return nil }
            var value: UInt64 = 0
            let read = pread(fd, &value, 8, 0)
            return read == 8 ? value : (read == 0 ? 0 : nil)  // 0 bytes: a new file, nothing announced yet
        case .notifications(let url):
            lock.lock()
            if stopped { lock.unlock(); return nil }
            if listener == nil {
                let started = PostgresListener(url: url, channels: [Self.channel]) { [weak self] _ in self?.raiseLocal() }
                started.start()
                listener = started
            }
            let listening = listener!.isListening
            lock.unlock()
            return listening ? local.withLock { $0 } : nil
        }
    }

    /// Announces a change made in `db`'s open transaction: once it has committed (never before, or another instance
    /// could read the old row again and keep it under the new counter).
    func announce(_ db: Database) throws {
        if case .notifications = backing { try db.run("SELECT pg_notify('\(Self.channel)', '')") }
        db.afterCommit { [self] in raise() }
    }

    private func raise() {
        switch backing {
        case .file:
            guard let fd = openFile() else { return }
            flock(fd, LOCK_EX)
            var value: UInt64 = 0
            _ = pread(fd, &value, 8, 0)
            value &+= 1
            _ = pwrite(fd, &value, 8, 0)
            flock(fd, LOCK_UN)
        case .notifications:
            raiseLocal()
        }
    }

    private func raiseLocal() { local.withLock { $0 &+= 1 } }

    private func openFile() -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if descriptor >= 0 { return descriptor }
        guard case .file(let path) = backing else { return nil }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        descriptor = fd
        return fd
    }
}
