import Foundation
import PortalCore

/// One row of the audit trail.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var objectKind: String
    public var objectID: Int64?
    public var objectName: String
    public var beforeJSON: String?
    public var afterJSON: String?
    public var requestID: String?
}

/// Writes and reads the audit trail; writes happen inside the caller's transaction.
public enum AuditLog {
    /// Records a mutation. Call it with the same `Database` as the change, inside `Store.write`.
    public static func record(_ db: Database, actor: String, action: String, objectKind: String, objectID: Int64?,
                              objectName: String, before: String? = nil, after: String? = nil,
                              requestID: String? = nil, at: Date = Date()) throws {
        try db.run("""
            INSERT INTO audit_log (at, actor, action, object_kind, object_id, object_name, before_json, after_json, request_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [StoreTime.format(at), actor, action, objectKind, objectID, objectName, before, after, requestID])
    }

    /// The audit page's search, newest first: entries older than `before` (an id), by exact actor, by object kind or
    /// name, and from/to a UTC instant; at most `limit`.
    public static func search(_ db: Database, before: Int64, actor: String, object: String, from: Date?, to: Date?, limit: Int) throws -> [AuditEntry] {
        var conditions = ["id < ?"]
        var values: [SQLBindable] = [before]
        if !actor.isEmpty { conditions.append("actor = ?"); values.append(actor) }
        if !object.isEmpty { conditions.append("(object_kind = ? OR object_name = ?)"); values += [object, object] }
        if let from { conditions.append("at >= ?"); values.append(StoreTime.format(from)) }
        if let to { conditions.append("at < ?"); values.append(StoreTime.format(to)) }
        return try db.query("SELECT * FROM audit_log WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT \(limit)", values).map(entry)
    }

    /// The newest audit id after `since` (or `since` when there is none), and whether any row after `since` is about
    /// an object kind outside `ignoring`.
    public static func changes(_ db: Database, since: Int64, ignoring kinds: [String]) throws -> (newest: Int64, other: Bool) {
        let placeholders = kinds.map { _ in "?" }.joined(separator: ", ")
        let rows = try db.query("""
            SELECT COALESCE(max(id), ?) AS newest, max(CASE WHEN object_kind NOT IN (\(placeholders)) THEN id END) AS inventory
              FROM audit_log WHERE id > ?
            """, [since] + kinds + [since])
        guard let row = rows.first else { return (since, true) }
        return (row.int("newest") ?? since, row.int("inventory") != nil)
    }

    static func entry(_ row: Row) -> AuditEntry {
        AuditEntry(id: row.int("id") ?? 0, at: row.string("at") ?? "", actor: row.string("actor") ?? "",
                   action: row.string("action") ?? "", objectKind: row.string("object_kind") ?? "",
                   objectID: row.int("object_id"), objectName: row.string("object_name") ?? "",
                   beforeJSON: row.string("before_json"), afterJSON: row.string("after_json"),
                   requestID: row.string("request_id"))
    }

    /// The newest entries first, optionally for one object.
    public static func recent(_ db: Database, objectKind: String? = nil, objectID: Int64? = nil, limit: Int = 100) throws -> [AuditEntry] {
        let rows: [Row]
        if let objectKind, let objectID {
            rows = try db.query("SELECT * FROM audit_log WHERE object_kind = ? AND object_id = ? ORDER BY id DESC LIMIT ?", [objectKind, objectID, limit])
        } else {
            rows = try db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", [limit])
        }
        return rows.map(entry)
    }
}

/// The one storage convention for instants: UTC ISO-8601 text with a `Z`, seconds precision (PortalCore's `UTCTimestamp`).
public enum StoreTime {
    public static func format(_ date: Date) -> String { UTCTimestamp.string(from: date) }

    public static func parse(_ text: String) -> Date? { try? UTCTimestamp.date(from: text) }
}
