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

    /// The session row with its user, when live at `now` (what `SessionCache` keeps).
    public static func load(_ db: Database, id: String, now: Date = Date()) throws -> LiveSession? {
        var found: LiveSession?
        try db.forEach("""
            SELECT \(AccountStore.userColumns), s.last_seen_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = ? AND s.expires_at > ? AND u.disabled = 0
            """, [Secrets.tokenHash(id), StoreTime.format(now)]) { row in
            guard let seen = StoreTime.parse(row.string(at: 6) ?? ""), let expires = StoreTime.parse(row.string(at: 7) ?? "") else { return }
            found = LiveSession(user: AccountStore.user(row), lastSeen: seen, expiresAt: expires)
        }
        guard let found, found.isLive(at: now) else { return nil }
        return found
    }

    public static func touch(_ db: Database, id: String, now: Date = Date()) throws {
        try db.run("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", [StoreTime.format(now), Secrets.tokenHash(id)])
    }

    public static func delete(_ db: Database, id: String) throws {
        try db.run("DELETE FROM sessions WHERE id_hash = ?", [Secrets.tokenHash(id)])
        try announce(db)
    }

    /// Ends every session of a user (password change, disable).
    public static func deleteAll(_ db: Database, userID: Int64) throws {
        try db.run("DELETE FROM sessions WHERE user_id = ?", [userID])
        try announce(db)
    }

    /// Tells every process's `SessionCache` that sessions or users changed (after this transaction commits).
    static func announce(_ db: Database) throws {
        try db.sessionSignal?.announce(db)
    }
}

/// A live session as `SessionCache` keeps it: its user and the times that decide whether it is still live.
public struct LiveSession: CachedCredential, Equatable {
    public let user: UserRecord
    public internal(set) var lastSeen: Date
    public let expiresAt: Date

    /// Not past its absolute expiry, not idle too long, user not disabled.
    public func isLive(at now: Date) -> Bool {
        expiresAt > now && now.timeIntervalSince(lastSeen) < SessionStore.idleTimeout && !user.disabled
    }

    /// Whether the last-seen time is over a minute old (refreshing it is a write; not on every request).
    public func isStale(at now: Date) -> Bool { now.timeIntervalSince(lastSeen) > 60 }

    public mutating func markUsed(at now: Date) { lastSeen = now }
}
