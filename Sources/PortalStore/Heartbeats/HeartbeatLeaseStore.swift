import Foundation

/// Leases that share the heartbeat clock out among instances on one PostgreSQL database: an instance judges only the
/// heartbeats it holds a live lease on and renews them every sweep; a dead instance's leases run out and another
/// instance takes them over. (The alert itself is guarded by the row lock in `HeartbeatStore.fetchLocked` and the unique
/// open-alert index, so even two sweepers of one heartbeat raise its alert once.)
public enum HeartbeatLeaseStore {
    /// Renews this owner's leases and takes every heartbeat that is free or whose lease ran out; returns the ids it holds.
    public static func claim(_ db: Database, owner: String, until: Date, now: Date = Date()) throws -> Set<Int64> {
        try db.run("""
            INSERT INTO heartbeat_leases (heartbeat_id, owner, expires_at) SELECT id, ?, ? FROM heartbeats ORDER BY id
            ON CONFLICT (heartbeat_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
             WHERE heartbeat_leases.owner = excluded.owner OR heartbeat_leases.expires_at < ?
            """, [owner, StoreTime.format(until), StoreTime.format(now)])
        var held = Set<Int64>()
        try db.forEach("SELECT heartbeat_id FROM heartbeat_leases WHERE owner = ?", [owner]) { held.insert($0.int64(at: 0)) }
        return held
    }

    /// Gives up every lease of this owner (a clean stop), so another instance takes over at once.
    public static func release(_ db: Database, owner: String) throws {
        try db.run("DELETE FROM heartbeat_leases WHERE owner = ?", [owner])
    }

    /// Owner of each leased heartbeat, for diagnostics and tests.
    public static func owners(_ db: Database) throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        try db.forEach("SELECT heartbeat_id, owner FROM heartbeat_leases") { result[$0.int64(at: 0)] = $0.string(at: 1) ?? "" }
        return result
    }
}
