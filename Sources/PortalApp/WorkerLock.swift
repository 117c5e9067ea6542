import Foundation
import Glibc
import PortalStore

/// Makes one `forewarn` process per database the owner of the background workers (downtime clock, outbox delivery),
/// so two processes on one file never send a notice twice. The owner holds an exclusive `flock` on a lock file beside
/// the database; the kernel drops it the moment the owner exits or is killed, and a waiting process takes over at its
/// next try. (Several instances on PostgreSQL coordinate through the database instead.)
final class WorkerLock: @unchecked Sendable {
    let path: String
    /// On PostgreSQL: an advisory lock instead of the lock file.
    private let advisory: PostgresAdvisoryLock?
    private var descriptor: Int32 = -1
    private var waiting = false
    private let lock = NSLock()

    init(databasePath: String) {
        if case .postgres(let url)? = try? DatabaseLocation.parse(databasePath) {
            let key = PostgresLocks.key(PostgresLocks.workers, url: url)
            advisory = PostgresAdvisoryLock(url: url, key: key)
            path = "PostgreSQL advisory lock \(key)"
        } else {
            advisory = nil
            path = databasePath + ".workers.lock"
        }
    }

    deinit { release() }

    /// Whether this process holds the lock (taking it now if it is free). Never blocks.
    func acquire() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let advisory { return advisory.tryAcquire() }
        if descriptor >= 0 { return true }
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return false
        }
        // The owner's pid, for an operator wondering which process sends the mail.
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { write(fd, $0, strlen($0)) }
        descriptor = fd
        return true
    }

    var isHeld: Bool {
        lock.lock()
        defer { lock.unlock() }
        return advisory?.isHeld ?? (descriptor >= 0)
    }

    /// Tries again every `interval` seconds on a thread of its own until the lock is taken (then calls `acquired`)
    /// or `stopWaiting` is called.
    func waitForOwnership(every interval: TimeInterval, acquired: @escaping @Sendable () -> Void) {
        lock.lock()
        waiting = true
        lock.unlock()
        let thread = Thread { [self] in
            while isWaiting {
                Thread.sleep(forTimeInterval: interval)
                lock.lock()
                let stillWaiting = waiting
                lock.unlock()
                if stillWaiting, acquire() {
                    lock.lock()
                    waiting = false
                    lock.unlock()
                    acquired()
                }
            }
        }
        thread.name = "forewarn-worker-lock"
        thread.start()
    }

    private var isWaiting: Bool {
        lock.lock()
        defer { lock.unlock() }
        return waiting
    }

    func stopWaiting() {
        lock.lock()
        waiting = false
        lock.unlock()
    }

    func release() {
        lock.lock()
        defer { lock.unlock() }
        advisory?.release()
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }
}
