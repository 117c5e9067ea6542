import Foundation
import PortalCore

/// Change freezes (blackout windows), global or on a region. Writes run inside the caller's transaction.
public enum BlackoutStore {
    /// Blackout windows that overlap a window.
    public static func list(_ db: Database, overlapping window: DateInterval?) throws -> [(BlackoutWindow, reason: String, region: String)] {
        let query = listQuery(overlapping: window)
        var result: [(BlackoutWindow, reason: String, region: String)] = []
        try db.forEach(query.sql, query.values) { s in if let row = row(s) { result.append(row) } }
        return result
    }

    /// The statement of `list`.
    static func listQuery(overlapping window: DateInterval?) -> (sql: String, values: [SQLBindable]) {
        var sql = "SELECT b.id, b.name, b.region_id, b.starts_at, b.ends_at, b.reason, COALESCE(r.name, '') FROM blackouts b LEFT JOIN regions r ON r.id = b.region_id"
        var values: [SQLBindable] = []
        if let window {
            sql += " WHERE b.ends_at > ? AND b.starts_at < ?"
            values = [StoreTime.format(window.start), StoreTime.format(window.end)]
        }
        return (sql + " ORDER BY b.starts_at", values)
    }

    /// One row of `listQuery`, or nil for a window that ends before it starts.
    static func row(_ s: Statement) -> (BlackoutWindow, reason: String, region: String)? {
        guard let start = StoreTime.parse(s.string(at: 3) ?? ""), let end = StoreTime.parse(s.string(at: 4) ?? ""), end > start else { return nil }
        return (BlackoutWindow(id: s.int64(at: 0), name: s.string(at: 1) ?? "", regionID: s.isNull(at: 2) ? nil : s.int64(at: 2),
                               window: DateInterval(start: start, end: end)), s.string(at: 5) ?? "", s.string(at: 6) ?? "")
    }

    /// Adds a change freeze; returns its id.
    @discardableResult
    public static func insert(_ db: Database, name: String, regionID: Int64?, window: DateInterval, reason: String) throws -> Int64 {
        try db.run("INSERT INTO blackouts (name, region_id, starts_at, ends_at, reason) VALUES (?, ?, ?, ?, ?)",
                   [name, regionID, StoreTime.format(window.start), StoreTime.format(window.end), reason])
        return db.lastInsertRowID
    }

    /// The name of a change freeze, nil when there is none with this id.
    public static func name(_ db: Database, id: Int64) throws -> String? {
        if case .text(let name)? = try db.scalar("SELECT name FROM blackouts WHERE id = ?", [id]) { return name }
        return nil
    }

    /// Removes a change freeze.
    public static func delete(_ db: Database, id: Int64) throws {
        try db.run("DELETE FROM blackouts WHERE id = ?", [id])
    }
}
