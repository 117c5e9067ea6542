import Foundation

/// Leases that keep two checkers (a `serve` and a `forewarn monitor`, or two monitors) from running the same check:
/// a checker runs only the checks it holds a live lease on, renews them, and takes over leases that expired.
public enum CheckLeaseStore {
    /// Renews this owner's leases and takes every unpaused check that is free or whose lease expired; returns the ids it holds.
    public static func claim(_ db: Database, owner: String, until: Date, now: Date = Date()) throws -> Set<Int64> {
        try db.run("""
            INSERT INTO check_leases (check_id, owner, expires_at) SELECT id, ?, ? FROM checks WHERE paused = 0
            ON CONFLICT (check_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
             WHERE check_leases.owner = excluded.owner OR check_leases.expires_at < ?
            """, [owner, StoreTime.format(until), StoreTime.format(now)])
        try db.run("DELETE FROM check_leases WHERE owner = ? AND check_id IN (SELECT id FROM checks WHERE paused = 1)", [owner])
        var held = Set<Int64>()
        try db.forEach("SELECT check_id FROM check_leases WHERE owner = ?", [owner]) { held.insert($0.int64(at: 0)) }
        return held
    }

    /// Gives up every lease of this owner (a clean stop), so another checker can take over at once.
    public static func release(_ db: Database, owner: String) throws {
        try db.run("DELETE FROM check_leases WHERE owner = ?", [owner])
    }

    /// Owner of each leased check, for diagnostics.
    public static func owners(_ db: Database) throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        try db.forEach("SELECT check_id, owner FROM check_leases") { result[$0.int64(at: 0)] = $0.string(at: 1) ?? "" }
        return result
    }
}
