import Foundation

/// Moves a whole installation between two databases (SQLite ⇄ PostgreSQL, or file to file): every table, ids kept,
/// row counts checked afterwards, identity sequences moved past the copied ids on PostgreSQL. The target must be
/// empty (a freshly migrated database); the source must be at this forewarn's schema version.
public enum DatabaseCopy {
    /// Rows one table received.
    public struct TableCount: Sendable, Equatable {
        public let table: String
        public let rows: Int
    }

    public struct CopyError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Tables the migrations fill themselves; the target's copies are replaced by the source's.
    static let seededTables: Set<String> = ["roles", "log_fts_progress"]

    /// Copies everything from `source` into `target` in one target transaction and returns the counts per table.
    public static func copy(from source: Store, to target: Store) throws -> [TableCount] {
        let version = try source.withWriter { try $0.userVersion }
        guard version == Migrations.all.count else {
            throw CopyError(description: "the source is at schema version \(version), this forewarn expects \(Migrations.all.count); run `forewarn migrate` on it first")
        }
        let tables = try source.read { try orderedTables($0) }
        let targetTables = Set(try target.read { try orderedTables($0) })
        let candidates = tables.filter { !seededTables.contains($0) && targetTables.contains($0) }
        let nonEmpty = try target.read { db in try candidates.filter { try count(db, $0) > 0 } }
        guard nonEmpty.isEmpty else {
            throw CopyError(description: "the target is not empty (rows in \(nonEmpty.prefix(5).joined(separator: ", "))\(nonEmpty.count > 5 ? ", …" : "")); copy into a new, empty database")
        }
        let sourceCounts = try source.read { db in try tables.map { TableCount(table: $0, rows: try count(db, $0)) } }
        try target.withWriter { db in
            // SQLite checks foreign keys per statement unless told otherwise; the order below satisfies them anyway
            // except for rows that point at later rows of their own table.
            if db.dialect == .sqlite { try db.execute("PRAGMA foreign_keys=OFF") }
            defer { if db.dialect == .sqlite { try? db.execute("PRAGMA foreign_keys=ON") } }
            try db.transaction {
                for table in tables.reversed() where seededTables.contains(table) { try db.run("DELETE FROM \(table)") }
                for table in tables where targetTables.contains(table) {
                    try copyTable(table, from: source, to: db)
                }
                // The messages the source had indexed go into the target's index; the rest are left to its indexer.
                try LogFullTextIndex.indexThroughMark(db)
                if db.dialect == .sqlite, !(try db.query("PRAGMA foreign_key_check")).isEmpty {
                    throw CopyError(description: "the copied rows break foreign keys")
                }
            }
        }
        let targetCounts = try target.read { db in try tables.map { TableCount(table: $0, rows: targetTables.contains($0) ? try count(db, $0) : -1) } }
        guard targetCounts == sourceCounts else {
            let wrong = zip(sourceCounts, targetCounts).filter { $0 != $1 }.map { "\($0.table): \($0.rows) → \($1.rows)" }
            throw CopyError(description: "row counts differ after the copy: \(wrong.joined(separator: ", "))")
        }
        return targetCounts
    }

    /// Rows per table of a whole database (the tables `copy` moves).
    public static func tableCounts(_ store: Store) throws -> [String: Int] {
        try store.read { db in Dictionary(uniqueKeysWithValues: try orderedTables(db).map { ($0, try count(db, $0)) }) }
    }

    static func count(_ db: Database, _ table: String) throws -> Int {
        if case .integer(let n)? = try db.scalar("SELECT count(*) FROM \(table)") { return Int(n) }
        return 0
    }

    static func columns(_ db: Database, _ table: String) throws -> [String] {
        switch db.dialect {
        case .sqlite: return try db.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", [table]).compactMap { $0.string("name") }
        case .postgres:
            return try db.query("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position", [table]).compactMap { $0.string("column_name") }
        }
    }

    /// User tables, referenced tables before the tables that reference them (the FTS5 table and its shadows left
    /// out: `LogFullTextIndex.indexThroughMark`, the inventory search's triggers and PostgreSQL's indexes rebuild the
    /// full-text indexes from the copied rows).
    static func orderedTables(_ db: Database) throws -> [String] {
        var references: [String: Set<String>] = [:]
        switch db.dialect {
        case .sqlite:
            let names = try db.query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'").compactMap { $0.string("name") }
            for name in names where !PortableSchema.sqliteOnly.contains(where: { name == $0 || name.hasPrefix($0 + "_") }) {
                references[name] = Set(try db.query("SELECT \"table\" AS t FROM pragma_foreign_key_list(?)", [name]).compactMap { $0.string("t") })
            }
        case .postgres:
            for row in try db.query("SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r' AND relname <> 'forewarn_schema'") {
                references[row.string("relname") ?? ""] = []
            }
            for row in try db.query("""
                SELECT t.relname AS tbl, f.relname AS target FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_class f ON f.oid = k.confrelid
                 WHERE k.contype = 'f' AND t.relnamespace = current_schema()::regnamespace
                """) {
                references[row.string("tbl") ?? "", default: []].insert(row.string("target") ?? "")
            }
        }
        var ordered: [String] = []
        var placed: Set<String> = []
        var pending = references.keys.sorted()
        while !pending.isEmpty {
            guard let next = pending.firstIndex(where: { references[$0, default: []].subtracting([$0]).isSubset(of: placed) }) else {
                throw CopyError(description: "the tables reference each other in a cycle: \(pending.joined(separator: ", "))")
            }
            placed.insert(pending[next])
            ordered.append(pending.remove(at: next))
        }
        return ordered
    }

    private static func copyTable(_ table: String, from source: Store, to target: Database) throws {
        let targetColumns = try columns(target, table)
        let (sourceColumns, sourceDialect) = try source.read { (try columns($0, table), $0.dialect) }
        // SQLite tables without an id of their own (dependencies) are addressed by rowid; PostgreSQL gives them an id.
        let selected = targetColumns.compactMap { column -> String? in
            if sourceColumns.contains(column) { return column }
            return column == "id" && sourceDialect == .sqlite ? "rowid AS id" : nil
        }
        let names = targetColumns.filter { column in sourceColumns.contains(column) || (column == "id" && sourceDialect == .sqlite) }
        let order = sourceColumns.contains("id") ? "id" : (names.contains("id") ? "rowid" : names.joined(separator: ", "))
        let insert = "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
        try source.read { db in
            try db.forEach("SELECT \(selected.joined(separator: ", ")) FROM \(table) ORDER BY \(order)") { row in
                try target.run(insert, (0..<names.count).map { row.value(at: $0) })
            }
        }
        if target.dialect == .postgres, targetColumns.contains("id") {
            try target.run("SELECT setval(pg_get_serial_sequence(?, 'id'), coalesce(max(id), 0) + 1, false) FROM \(table)", [table])
        }
    }
}
