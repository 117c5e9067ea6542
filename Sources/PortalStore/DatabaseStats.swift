import Foundation
import Synchronization

/// What the database (SQLite file or PostgreSQL schema) holds, for the home page: table names, row counts, size.
public enum DatabaseStats {
    /// The names of the tables that exist. Kept for a minute per database: the admin's home page asks on every
    /// visit, and tables only appear with a migration (5 % of that page's CPU when it scanned the catalog each time).
    public static func tableNames(_ db: Database) throws -> Set<String> {
        if let known = recentTableNames.withLock({ $0[db.path] }), Date().timeIntervalSince(known.at) < 60 { return known.names }
        let sql = switch db.dialect {
        case .sqlite: "SELECT name FROM sqlite_schema WHERE type = 'table'"
        case .postgres: "SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace"
        }
        let names = Set(try db.query(sql).compactMap { $0.string("name") })
        recentTableNames.withLock { $0[db.path] = (Date(), names) }
        return names
    }

    private static let recentTableNames = Mutex<[String: (at: Date, names: Set<String>)]>([:])

    /// The number of rows in each table, in one statement. `tables` must come from a fixed list in the code, never
    /// from a request.
    public static func rowCounts(_ db: Database, tables: [String]) throws -> [Int64] {
        guard !tables.isEmpty else { return [] }
        let sql = "SELECT " + tables.map { "(SELECT count(*) FROM \"\($0)\")" }.joined(separator: ", ")
        var counts: [Int64] = []
        try db.forEach(sql) { row in counts = tables.indices.map { row.int64(at: $0) } }
        return counts
    }

    /// The size of the main database file in bytes (pages times page size).
    public static func sizeInBytes(_ db: Database) throws -> Int64 {
        let sql = switch db.dialect {
        case .sqlite: "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size"
        // The tables and indexes of this schema (the database may hold others).
        case .postgres: "SELECT coalesce(sum(pg_total_relation_size(oid)), 0) FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace"
        }
        // PostgreSQL sizes every file of every table and index (~30 ms on the 20,000-server demo: most of an admin's
        // home page there), so its figure is kept for half a minute per database.
        if db.dialect == .postgres, let known = recentSizes.value(for: db.path) { return known }
        guard case .integer(let n)? = try db.scalar(sql) else { return 0 }
        if db.dialect == .postgres { recentSizes.set(n, for: db.path) }
        return n
    }

    private static let recentSizes = RecentValues(lifetime: 30)
}
