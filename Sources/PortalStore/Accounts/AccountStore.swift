import Foundation

/// Roles, cumulative from viewer to admin.
public enum UserRole: String, Sendable, CaseIterable, Comparable {
    case viewer, engineer
    case commsManager = "comms_manager"
    case admin

    var rank: Int { UserRole.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: UserRole, b: UserRole) -> Bool { a.rank < b.rank }
}

/// A user as the portal sees it (never with the password hash).
public struct UserRecord: Sendable, Equatable {
    public let id: Int64
    public let login: String
    public let displayName: String
    public let email: String
    public let role: UserRole
    public let disabled: Bool
}

/// An API token's owner and scope.
public struct TokenRecord: CachedCredential, Equatable {
    public let id: Int64
    public let user: UserRecord
    public let name: String
    public let scope: String
    public internal(set) var lastUsedAt: Date?

    /// Whether the last-used time is over a minute old (refreshing it is a write; not on every request).
    public func lastUseIsStale(at now: Date) -> Bool { lastUsedAt.map { now.timeIntervalSince($0) > 60 } ?? true }

    /// Revocation is announced (`SessionSignal`); what the row says that can change by itself is the user's flag.
    public func isLive(at now: Date) -> Bool { !user.disabled }

    public mutating func markUsed(at now: Date) { lastUsedAt = now }
}

/// One API token as its owner's account page lists it (never the token or its hash).
public struct TokenListRow: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let scope: String
    public let createdAt: String
    public let lastUsedAt: String?
    public let revokedAt: String?
}

/// Users, API tokens and sign-in failures. Writes run inside the caller's transaction.
public enum AccountStore {
    static let userColumns = "u.id, u.login, u.display_name, u.email, u.role, u.disabled"

    static func user(_ s: Statement) -> UserRecord {
        UserRecord(id: s.int64(at: 0), login: s.string(at: 1) ?? "", displayName: s.string(at: 2) ?? "", email: s.string(at: 3) ?? "",
                   role: UserRole(rawValue: s.string(at: 4) ?? "") ?? .viewer, disabled: s.int64(at: 5) != 0)
    }

    /// Checks a login name: letters, digits, dot, dash, underscore, at most 64.
    public static func loginProblem(_ login: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        guard !login.isEmpty, login.count <= 64, login.allSatisfy({ allowed.contains($0) }) else {
            return "A login name is 1 to 64 letters, digits, dots, dashes or underscores."
        }
        return nil
    }

    /// Passwords of at least 12 characters and at most 1,000.
    public static func passwordProblem(_ password: String) -> String? {
        password.count < 12 ? "A password needs at least 12 characters." : (password.count > 1000 ? "A password has at most 1,000 characters." : nil)
    }

    /// Creates a user with an argon2id password hash; throws `EntityError.invalid` with field messages.
    @discardableResult
    public static func createUser(_ db: Database, login: String, displayName: String, email: String = "", role: UserRole,
                                  password: String, now: Date = Date()) throws -> Int64 {
        var errors: [String: String] = [:]
        if let problem = loginProblem(login) { errors["login"] = problem }
        if let problem = passwordProblem(password) { errors["password"] = problem }
        if displayName.isEmpty || displayName.count > 200 { errors["display_name"] = "A display name is 1 to 200 characters." }
        guard errors.isEmpty else { throw EntityError.invalid(errors) }
        let hash = try Secrets.hashPassword(password)
        do {
            try db.run("""
                INSERT INTO users (login, display_name, email, role, password_hash, created_at, password_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [login, displayName, email, role.rawValue, hash, StoreTime.format(now), StoreTime.format(now)])
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw EntityError.invalid(["login": "The login '\(login)' is taken."])
        }
        return db.lastInsertRowID
    }

    /// The person record of a user (by login): the linked one, or else the person with the user's e-mail.
    public static func person(_ db: Database, login: String) throws -> (id: Int64, timeZone: String)? {
        try db.query("""
            SELECT p.id, p.time_zone FROM users u JOIN people p ON p.id = u.person_id OR (u.person_id IS NULL AND u.email <> '' AND p.email = u.email)
             WHERE u.login = ? LIMIT 1
            """, [login]).first.flatMap { row in row.int("id").map { ($0, row.string("time_zone") ?? "UTC") } }
    }

    /// The user's own time zone: the one saved on the account, else their person's, else nil.
    public static func preferredTimeZone(_ db: Database, login: String) throws -> String? {
        if let own = try db.query("SELECT time_zone FROM users WHERE login = ?", [login]).first?.string("time_zone"), !own.isEmpty { return own }
        return try person(db, login: login)?.timeZone
    }

    /// The time zone saved on the account alone ('' when it follows the person's).
    public static func savedTimeZone(_ db: Database, login: String) throws -> String {
        try db.query("SELECT time_zone FROM users WHERE login = ?", [login]).first?.string("time_zone") ?? ""
    }

    /// Saves the account's time zone ('' to follow the linked person's).
    public static func setTimeZone(_ db: Database, login: String, zone: String) throws {
        try db.run("UPDATE users SET time_zone = ? WHERE login = ?", [zone, login])
    }

    public static func findUser(_ db: Database, login: String) throws -> UserRecord? {
        var found: UserRecord?
        try db.forEach("SELECT \(userColumns) FROM users u WHERE u.login = ?", [login]) { found = user($0) }
        return found
    }

    /// The user whose password matches, or nil (also for disabled users).
    public static func authenticate(_ db: Database, login: String, password: String) throws -> UserRecord? {
        var found: (UserRecord, String)?
        try db.forEach("SELECT \(userColumns), u.password_hash FROM users u WHERE u.login = ?", [login]) { found = (user($0), $0.string(at: 6) ?? "") }
        guard let (user, hash) = found, !user.disabled, Secrets.verifyPassword(password, hash: hash) else { return nil }
        return user
    }

    /// Creates an API token for a user and returns the token itself, which is shown once and stored only hashed.
    public static func createToken(_ db: Database, userID: Int64, name: String, scope: String, now: Date = Date()) throws -> String {
        guard ["read", "write", "ingest"].contains(scope) else { throw EntityError.invalid(["scope": "The scope is read, write or ingest."]) }
        let token = "fw_" + Secrets.randomToken()
        try db.run("INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at) VALUES (?, ?, ?, ?, ?)",
                   [userID, String(name.prefix(100)), Secrets.tokenHash(token), scope, StoreTime.format(now)])
        return token
    }

    /// The live token with this value (not revoked, user not disabled).
    public static func findToken(_ db: Database, token: String) throws -> TokenRecord? {
        var found: TokenRecord?
        try db.forEach("""
            SELECT \(userColumns), t.id, t.name, t.scope, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled = 0
            """, [Secrets.tokenHash(token)]) { s in
            found = TokenRecord(id: s.int64(at: 6), user: user(s), name: s.string(at: 7) ?? "", scope: s.string(at: 8) ?? "read",
                                lastUsedAt: s.string(at: 9).flatMap(StoreTime.parse))
        }
        return found
    }

    /// A user's tokens, newest first, revoked ones included.
    public static func tokens(_ db: Database, login: String) throws -> [TokenListRow] {
        try db.query("SELECT t.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.login = ? ORDER BY t.id DESC", [login]).map {
            TokenListRow(id: $0.int("id") ?? 0, name: $0.string("name") ?? "", scope: $0.string("scope") ?? "",
                         createdAt: $0.string("created_at") ?? "", lastUsedAt: $0.string("last_used_at"), revokedAt: $0.string("revoked_at"))
        }
    }

    /// The login of a token's owner, nil when there is no such token.
    public static func tokenOwner(_ db: Database, id: Int64) throws -> String? {
        if case .text(let login)? = try db.scalar("SELECT u.login FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?", [id]) { return login }
        return nil
    }

    /// Records that a token was just used.
    public static func touchToken(_ db: Database, id: Int64, now: Date = Date()) throws {
        try db.run("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", [StoreTime.format(now), id])
    }

    public static func revokeToken(_ db: Database, id: Int64, now: Date = Date()) throws {
        try db.run("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [StoreTime.format(now), id])
        try SessionStore.announce(db)
    }

    /// Records a failed sign-in and tells how many failures the login and the address had in the window.
    public static func recordFailure(_ db: Database, login: String, address: String, now: Date = Date()) throws {
        try db.run("INSERT INTO login_failures (login, address, at) VALUES (?, ?, ?)", [login.lowercased(), address, StoreTime.format(now)])
    }

    public static func recentFailures(_ db: Database, login: String, address: String, since: Date) throws -> (login: Int, address: Int) {
        let byLogin = try db.scalar("SELECT count(*) FROM login_failures WHERE login = ? AND at >= ?", [login.lowercased(), StoreTime.format(since)])
        let byAddress = try db.scalar("SELECT count(*) FROM login_failures WHERE address = ? AND at >= ?", [address, StoreTime.format(since)])
        func int(_ v: SQLValue?) -> Int { if case .integer(let n)? = v { return Int(n) } else { return 0 } }
        return (int(byLogin), int(byAddress))
    }
}
