import Foundation

/// What the database file holds, for the home page: table names, row counts, size.
public enum DatabaseStats {
    /// The names of the tables that exist.
    public static func tableNames(_ db: Database) throws -> Set<String> {
        Set(try db.query("SELECT name FROM sqlite_schema WHERE type = 'table'").compactMap { $0.string("name") })
    }

    /// The number of rows in a table. `table` must come from a fixed list in the code, never from a request.
    public static func rowCount(_ db: Database, table: String) throws -> Int64? {
        if case .integer(let n)? = try db.scalar("SELECT count(*) FROM \"\(table)\"") { return n }
        return nil
    }

    /// The size of the main database file in bytes (pages times page size).
    public static func sizeInBytes(_ db: Database) throws -> Int64 {
        if case .integer(let n)? = try db.scalar("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size") { return n }
        return 0
    }
}
