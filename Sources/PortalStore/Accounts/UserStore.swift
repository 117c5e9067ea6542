import Foundation

/// One row of the `/users` list: the user, and the person record it is linked to or matches by e-mail.
public struct UserListRow: Sendable, Equatable {
    public let id: Int64
    public let login: String
    public let displayName: String
    public let email: String
    public let role: String
    public let disabled: Bool
    /// The e-mail and name of the linked person, when the user is linked.
    public let personEmail: String?
    public let personName: String?
    /// The name of the person with the user's e-mail, when the user is not linked.
    public let matchedName: String?
}

/// The admin's changes to users: the list, role, disabled flag, password and person link. Creating users, signing in
/// and API tokens are in `AccountStore`. Writes run inside the caller's transaction.
public enum UserStore {
    /// Every user by login, with their person link.
    public static func list(_ db: Database) throws -> [UserListRow] {
        try db.query("""
            SELECT u.id, u.login, u.display_name, u.email, u.role, u.disabled, p.email AS person_email, p.name AS person_name,
                   (SELECT m.name FROM people m WHERE u.person_id IS NULL AND u.email <> '' AND m.email = u.email) AS matched_name
              FROM users u LEFT JOIN people p ON p.id = u.person_id ORDER BY u.login
            """).map { row in
            UserListRow(id: row.int("id") ?? 0, login: row.string("login") ?? "", displayName: row.string("display_name") ?? "",
                        email: row.string("email") ?? "", role: row.string("role") ?? "", disabled: row.int("disabled") == 1,
                        personEmail: row.string("person_email"), personName: row.string("person_name"), matchedName: row.string("matched_name"))
        }
    }

    /// The login of the user with this id, nil when there is none.
    public static func login(_ db: Database, id: Int64) throws -> String? {
        if case .text(let login)? = try db.scalar("SELECT login FROM users WHERE id = ?", [id]) { return login }
        return nil
    }

    /// The person with this e-mail, ignoring case, for linking a user to it.
    public static func personID(_ db: Database, email: String) throws -> Int64? {
        if case .integer(let id)? = try db.scalar("SELECT id FROM people WHERE email = ? COLLATE NOCASE", [email]) { return id }
        return nil
    }

    /// Links a user to a person record, or unlinks it with nil.
    public static func setPerson(_ db: Database, id: Int64, personID: Int64?) throws {
        try db.run("UPDATE users SET person_id = ? WHERE id = ?", [personID, id])
    }

    public static func setRole(_ db: Database, id: Int64, role: UserRole) throws {
        try db.run("UPDATE users SET role = ? WHERE id = ?", [role.rawValue, id])
        try SessionStore.announce(db)
    }

    public static func setDisabled(_ db: Database, id: Int64, disabled: Bool) throws {
        try db.run("UPDATE users SET disabled = ? WHERE id = ?", [disabled ? 1 : 0, id])
        try SessionStore.announce(db)
    }

    /// Stores a new argon2id hash (made by `Secrets.hashPassword`); the caller ends the user's sessions.
    public static func setPassword(_ db: Database, id: Int64, hash: String, at now: Date = Date()) throws {
        try db.run("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?", [hash, StoreTime.format(now), id])
        try SessionStore.announce(db)
    }
}
