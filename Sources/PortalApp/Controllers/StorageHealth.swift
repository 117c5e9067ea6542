import Foundation
import PortalStore

/// Whether the database can still take writes, for `/healthz`: a small probe write at most every `interval` seconds
/// (skipped while another write holds the writer: that write reports for itself), the free space of the file system,
/// and the storage failures requests ran into since the last good probe. It recovers by itself once writes succeed.
final class StorageHealth: @unchecked Sendable {
    struct Status: Equatable {
        let writable: Bool
        let message: String
    }

    /// Below this much free space the store is reported full (a WAL that cannot grow refuses the next large write).
    static let minimumFreeBytes: UInt64 = 256 * 1024
    static let fullMessage = "Storage is full or failing: nothing was saved. Try again later; an administrator has been told."

    private let interval: TimeInterval
    private let lock = NSLock()
    private var lastProbe: Date?
    private var probeFailed = false
    private var failureSinceProbe = false

    init(interval: TimeInterval) {
        self.interval = interval
    }

    /// A request's write failed for lack of storage.
    func recordFailure() {
        lock.lock()
        failureSinceProbe = true
        lock.unlock()
    }

    /// The current state, probing first when the last probe is older than the interval.
    func status(_ store: Store, now: Date = Date()) -> Status {
        lock.lock()
        let due = lastProbe.map { now.timeIntervalSince($0) >= interval } ?? true
        if due { lastProbe = now }
        lock.unlock()
        if due {
            var failed = false
            do {
                _ = try store.tryWrite { db in try SettingsStore.recordHealthProbe(db, at: now) }
            } catch {
                failed = true
            }
            lock.lock()
            probeFailed = failed
            if !failed { failureSinceProbe = false }
            lock.unlock()
        }
        let free = store.availableBytes
        lock.lock()
        defer { lock.unlock() }
        if probeFailed || failureSinceProbe { return Status(writable: false, message: "The last write failed: the storage is full or failing.") }
        if let free, free < Self.minimumFreeBytes {
            return Status(writable: false, message: "The file system holding the database has \(free / 1024) KiB left.")
        }
        return Status(writable: true, message: "")
    }
}
