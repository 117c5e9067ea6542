import Foundation
import PortalCore
import PortalStore

/// The in-memory inventory (for inheritance and impact), rebuilt only when the audit trail shows a change.
///
/// Every inventory write records an audit row in its transaction, so the newest audit id is an exact version.
public final class InventoryCache: @unchecked Sendable {
    private let lock = NSLock()
    private var version: Int64 = -1
    private var cached: Inventory?

    public init() {}

    /// The current inventory, loading it if anything changed since the last call.
    public func current(_ store: Store) throws -> Inventory {
        let latest = try store.read { db -> Int64 in
            if case .integer(let id)? = try db.scalar("SELECT COALESCE(max(id), 0) FROM audit_log") { return id }
            return 0
        }
        lock.lock()
        defer { lock.unlock() }
        if let cached, version == latest { return cached }
        let inventory = try store.read { try InventoryLoader.load($0) }
        cached = inventory
        version = latest
        return inventory
    }
}
