import Foundation

/// What the database (SQLite file or PostgreSQL schema) holds, for the home page: table names, row counts, size.
public enum DatabaseStats {
    /// The names of the tables that exist.
    public static func tableNames(_ db: Database) throws -> Set<String> {
        let sql = switch db.dialect {
        case .sqlite: "SELECT name FROM sqlite_schema WHERE type = 'table'"
        case .postgres: "SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace"
        }
        return Set(try db.query(sql).compactMap { $0.string("name") })
    }

    /// The number of rows in a table. `table` must come from a fixed list in the code, never from a request.
    public static func rowCount(_ db: Database, table: String) throws -> Int64? {
        if case .integer(let n)? = try db.scalar("SELECT count(*) FROM \"\(table)\"") { return n }
        return nil
    }

    /// The row counts of those of `tables` that exist. SQLite counts table by table in-process; PostgreSQL counts them
    /// all in one statement (`query_to_xml` runs each count inside the server), one round trip instead of one per table.
    /// `tables` must come from a fixed list in the code, never from a request.
    public static func rowCounts(_ db: Database, tables: [String]) throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        switch db.dialect {
        case .sqlite:
            let existing = try tableNames(db)
            for table in tables where existing.contains(table) { result[table] = try rowCount(db, table: table) }
        case .postgres:
            guard !tables.isEmpty else { return [:] }
            let rows = try db.query("""
                SELECT relname AS name,
                       (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', relname), false, true, '')))[1]::text::bigint AS n
                  FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace
                   AND relname IN (\(tables.map { _ in "?" }.joined(separator: ", ")))
                """, tables)
            for row in rows { if let name = row.string("name"), let n = row.int("n") { result[name] = n } }
        }
        return result
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
