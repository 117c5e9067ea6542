import Foundation
import Glibc
import Synchronization

/// A counter that every process using one database sees move when something it watches has committed, so that caches
/// elsewhere drop what they hold. A store has two: `sessions` (a session ended, a user's role, password or disabled
/// flag changed, a token was revoked: `CredentialCache`) and `changes` (any write transaction committed through a
/// `Store`: the home page's cache).
///
/// SQLite: an 8-byte counter in the file `<database>-<name>` next to the database, mapped into memory (`mmap`,
/// shared), so a check is one load from memory: no system call, no SQL. It is raised under `flock` after the change
/// has committed; other processes and other `Store`s on the same file see it at once (one page cache).
/// PostgreSQL: `NOTIFY forewarn_<name>` inside the changing transaction (delivered at commit to every instance), heard
/// by a `PostgresListener`; while that listener is not connected the counter is unknown and caches must not be
/// trusted, and every reconnect raises it (notifications sent during the gap are lost).
public final class DatabaseSignal: @unchecked Sendable {
    /// The PostgreSQL channel the change is announced on.
    public let channel: String

    private enum Backing {
        case file(path: String)
        case notifications(url: String)
    }
    private let backing: Backing
    private let local = Mutex<UInt64>(0)
    private let lock = NSLock()
    private var descriptor: Int32 = -1
    /// The counter file mapped into memory (SQLite), once opened.
    private var mapped: UnsafeMutableRawPointer?
    private var listener: PostgresListener?
    private var stopped = false

    /// `name`: plain lower-case letters (`sessions`, `changes`); names the file and the channel.
    public init?(location: DatabaseLocation, name: String) {
        channel = "forewarn_" + name
        switch location {
        case .sqlite(let path):
            // An in-memory or URI database has no file to sit next to: no cache then.
            guard !path.isEmpty, !path.hasPrefix(":") else { return nil }
            backing = .file(path: path + "-" + name)
        case .postgres(let url):
            backing = .notifications(url: url)
        }
    }

    deinit {
        stop()
        if let mapped { munmap(mapped, 8) }
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

    /// The counter now, or nil when changes made elsewhere could go unseen (no counter file, listener down).
    public func current() -> UInt64? {
        switch backing {
        case .file:
            // An aligned 8-byte load: one instruction, never torn; `raise` in any process stores into the same page.
            return counter()?.load(as: UInt64.self)
        case .notifications(let url):
            lock.lock()
            if stopped { lock.unlock(); return nil }
            if listener == nil {
                let started = PostgresListener(url: url, channels: [channel]) { [weak self] _ in self?.raiseLocal() }
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
        if case .notifications = backing { try db.run("SELECT pg_notify('\(channel)', '')") }
        db.afterCommit { [self] in raise() }
    }

    /// Announces changes already committed on `db` (outside a transaction of the store's: `Store.withWriter`, migrations).
    func announceNow(_ db: Database) throws {
        if case .notifications = backing, !db.isInTransaction { try db.run("SELECT pg_notify('\(channel)', '')") }
        raise()
    }

    private func raise() {
        switch backing {
        case .file:
            guard let memory = counter() else { return }
            flock(descriptor, LOCK_EX)
            memory.storeBytes(of: memory.load(as: UInt64.self) &+ 1, as: UInt64.self)
            flock(descriptor, LOCK_UN)
        case .notifications:
            raiseLocal()
        }
    }

    private func raiseLocal() { local.withLock { $0 &+= 1 } }

    /// The mapped counter, opening and mapping the file on first use (8 bytes, zero when new).
    private func counter() -> UnsafeMutableRawPointer? {
        lock.lock()
        defer { lock.unlock() }
        if let mapped { return mapped }
        guard case .file(let path) = backing else { return nil }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        // A new file is grown to 8 zero bytes under the lock (a shorter mapping would fault on its first load).
        flock(fd, LOCK_EX)
        var info = stat()
        if fstat(fd, &info) != 0 || (info.st_size < 8 && ftruncate(fd, 8) != 0) {
            flock(fd, LOCK_UN)
            close(fd)
            return nil
        }
        flock(fd, LOCK_UN)
        guard let memory = mmap(nil, 8, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), memory != MAP_FAILED else {
            close(fd)
            return nil
        }
        descriptor = fd
        mapped = memory
        return memory
    }
}
