import Foundation

/// Server-side sessions. The cookie carries a random id; only its hash is stored, so the table cannot be replayed.
public enum SessionStore {
    /// Idle and absolute lifetimes.
    public static let idleTimeout: TimeInterval = 8 * 3600
    public static let absoluteTimeout: TimeInterval = 7 * 86_400

    /// Starts a session for a user and returns the cookie value (a fresh id on every sign-in: no fixation).
    public static func create(_ db: Database, userID: Int64, now: Date = Date()) throws -> String {
        let id = Secrets.randomToken()
        try db.run("INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                   [Secrets.tokenHash(id), userID, StoreTime.format(now), StoreTime.format(now), StoreTime.format(now.addingTimeInterval(absoluteTimeout))])
        try db.run("DELETE FROM sessions WHERE expires_at < ?", [StoreTime.format(now)])
        return id
    }

    /// The signed-in user of a live session, and whether its last-seen time is old enough to be refreshed.
    public static func find(_ db: Database, id: String, now: Date = Date()) throws -> (user: UserRecord, stale: Bool)? {
        var found: (UserRecord, String)?
        try db.forEach("""
            SELECT \(AccountStore.userColumns), s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled = 0
            """, [Secrets.tokenHash(id), StoreTime.format(now)]) { found = (AccountStore.user($0), $0.string(at: 6) ?? "") }
        guard let (user, lastSeen) = found, let seen = StoreTime.parse(lastSeen), now.timeIntervalSince(seen) < idleTimeout else { return nil }
        return (user, now.timeIntervalSince(seen) > 60)
    }

    public static func touch(_ db: Database, id: String, now: Date = Date()) throws {
        try db.run("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", [StoreTime.format(now), Secrets.tokenHash(id)])
    }

    public static func delete(_ db: Database, id: String) throws {
        try db.run("DELETE FROM sessions WHERE id_hash = ?", [Secrets.tokenHash(id)])
    }

    /// Ends every session of a user (password change, disable).
    public static func deleteAll(_ db: Database, userID: Int64) throws {
        try db.run("DELETE FROM sessions WHERE user_id = ?", [userID])
    }
}
