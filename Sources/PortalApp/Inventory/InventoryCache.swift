import Foundation
import PortalCore
import PortalStore

/// The in-memory inventory (for inheritance and impact), rebuilt only when the audit trail shows an inventory change.
///
/// Every inventory write records an audit row in its transaction. Rows about things that are not inventory
/// (downtimes, users, notices, ...) are skipped, so announcing a downtime does not reload 100,000 servers; a kind
/// not listed here counts as inventory, so a new kind can only cause an extra reload, never a stale inventory.
/// Only audit rows newer than the last look are examined, and only when the store's change signal (`Store.changes`:
/// any committed write, any process or instance) moved since the last look: while nothing committed, no statement.
public final class InventoryCache: @unchecked Sendable {
    static let otherKinds = ["downtime", "user", "api token", "blackout", "notice", "setting", "settings", "subscription", "webhook",
                             "calendar_token", "incident", "check", "level_subscription", "xmpp", "check_alert"]
    private let lock = NSLock()
    private var seen: Int64 = -1
    private var cached: Inventory?
    /// The change signal as read before the last look at the audit trail; nil when it could not be trusted.
    private var lookedAt: UInt64?
    private var loads = 0

    public init() {}

    /// The current inventory and how many times it was loaded so far: a caller that sees the same count again holds
    /// the same inventory (the level worker recomputes every service only when it moved).
    public func currentWithGeneration(_ store: Store) throws -> (inventory: Inventory, generation: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (try loadIfChanged(store), loads)
    }

    /// The current inventory, loading it if the inventory changed since the last call.
    public func current(_ store: Store) throws -> Inventory {
        lock.lock()
        defer { lock.unlock() }
        return try loadIfChanged(store)
    }

    /// Called with the lock held.
    private func loadIfChanged(_ store: Store) throws -> Inventory {
        // Read before the look: a write committing during it moves the signal past what is kept, so the next call looks.
        let signal = store.changes?.current()
        if let cached, let signal, signal == lookedAt { return cached }
        let since = cached == nil ? -1 : seen
        let (newest, changed) = try store.read { try AuditLog.changes($0, since: since, ignoring: Self.otherKinds) }
        if let cached, !changed {
            seen = newest
            lookedAt = signal
            return cached
        }
        let inventory = try store.read { try InventoryLoader.load($0) }
        cached = inventory
        loads += 1
        seen = newest
        lookedAt = signal
        return inventory
    }
}
