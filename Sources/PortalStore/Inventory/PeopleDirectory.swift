import Foundation

/// A person as the coordinator and comms manager pickers show them.
public struct PersonEntry: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let email: String

    /// "Ana Souza <ana@example.com>".
    public var label: String { "\(name) <\(email)>" }
}

/// Finding people by e-mail or name, for pickers and their suggestions.
public enum PeopleDirectory {
    static func entries(_ db: Database, _ sql: String, _ values: [SQLBindable]) throws -> [PersonEntry] {
        var found: [PersonEntry] = []
        try db.forEach(sql, values) { found.append(PersonEntry(id: $0.int64(at: 0), name: $0.string(at: 1) ?? "", email: $0.string(at: 2) ?? "")) }
        return found
    }

    /// The person with this e-mail (any case), if any.
    public static func byEmail(_ db: Database, _ email: String) throws -> PersonEntry? {
        try entries(db, "SELECT id, name, email FROM people WHERE email = ?", [email]).first
    }

    /// Everyone with exactly this name, ignoring case (at most 20).
    public static func byName(_ db: Database, _ name: String) throws -> [PersonEntry] {
        try entries(db, "SELECT id, name, email FROM people WHERE name = ? COLLATE NOCASE ORDER BY email LIMIT 20", [name])
    }

    /// People by name, for a picker's list and for suggestions (at most `limit`).
    public static func all(_ db: Database, limit: Int = 2000) throws -> [PersonEntry] {
        try entries(db, "SELECT id, name, email FROM people ORDER BY name, email LIMIT ?", [limit])
    }
}
