/// A description of a database's structure in terms both engines share, so that the SQLite catalog and the
/// PostgreSQL catalog can be compared line by line: types mapped (INTEGER/BIGINT → integer, REAL/DOUBLE PRECISION →
/// real, TEXT → text, BLOB/BYTEA → blob), columns, primary keys, unique keys, foreign keys with their actions,
/// CHECK counts, indexes with columns, uniqueness and partiality.
///
/// Twins that are deliberately different are left out on both sides, by name: `twins` (docs/notes-pg.md).
public enum PortableSchema {
    /// SQLite objects with a PostgreSQL twin of another kind: the log FTS5 table (a GIN index there) and its triggers,
    /// and the inventory search's FTS5 trigram tables (ILIKE there: `EntityStore.searchIndex`).
    public static let sqliteOnly: Set<String> = Set(["log_messages_fts", "log_messages_fts_insert", "log_messages_fts_delete"])
        .union(EntitySpec.searchIndexedTables.map { $0 + "_search" })
    /// PostgreSQL objects that stand in for something SQLite has implicitly: the FTS twin index, the bookkeeping
    /// table, the `id` that replaces the rowid of `dependencies`, and the inventory search's trigram indexes.
    public static let postgresOnly: Set<String> = Set(["log_messages_fts", "forewarn_schema", "dependencies.id", "dependencies_id_key"])
        .union(EntitySpec.trigramIndexes)

    public static func of(_ db: Database) throws -> [String] {
        switch db.dialect {
        case .sqlite: return try ofSQLite(db).sorted()
        case .postgres: return try ofPostgres(db).sorted()
        }
    }

    static func mapType(_ type: String) -> String {
        switch type.lowercased() {
        case "integer", "int", "bigint", "int8": return "integer"
        case "real", "double precision", "float8": return "real"
        case "text", "character varying": return "text"
        case "blob", "bytea": return "blob"
        default: return type.lowercased()
        }
    }

    /// Defaults as both engines print them: `''::text` → `''`, `(0)` → `0`.
    static func normalizeDefault(_ value: String?) -> String {
        guard var text = value else { return "-" }
        for cast in ["::text", "::bigint", "::integer", "::double precision"] where text.hasSuffix(cast) { text = String(text.dropLast(cast.count)) }
        while text.hasPrefix("("), text.hasSuffix(")") { text = String(text.dropFirst().dropLast()) }
        return text
    }

    static func ofSQLite(_ db: Database) throws -> [String] {
        var lines: [String] = []
        let tables = try db.query("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        for table in tables {
            let name = table.string("name") ?? ""
            // FTS5 shadow tables (log_messages_fts_data, …) belong to their virtual table.
            if sqliteOnly.contains(name) || sqliteOnly.contains(where: { name.hasPrefix($0 + "_") }) { continue }
            lines.append("table \(name)")
            for column in try db.query("SELECT * FROM pragma_table_info(?)", [name]) {
                let pk = column.int("pk") ?? 0
                let notNull = (column.int("notnull") ?? 0) == 1 || pk > 0
                lines.append("  column \(name).\(column.string("name") ?? "") type=\(mapType(column.string("type") ?? "")) notnull=\(notNull ? 1 : 0) default=\(normalizeDefault(column.string("dflt_value"))) pk=\(pk)")
            }
            for key in try db.query("SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq", [name]) {
                lines.append("  fk \(name).\(key.string("from") ?? "") -> \(key.string("table") ?? "").\(key.string("to") ?? "") on_delete=\(key.string("on_delete") ?? "") on_update=\(key.string("on_update") ?? "")")
            }
            for index in try db.query("SELECT name FROM pragma_index_list(?) WHERE origin = 'u'", [name]) {
                let columns = try db.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [index.string("name") ?? ""]).compactMap { $0.string("name") }
                lines.append("  unique \(name)(\(columns.joined(separator: ",")))")
            }
            let checks = (table.string("sql") ?? "").components(separatedBy: "CHECK").count - 1
            lines.append("  checks \(name)=\(checks)")
        }
        for index in try db.query("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name") {
            let name = index.string("name") ?? ""
            let table = index.string("tbl_name") ?? ""
            let info = try db.query("SELECT \"unique\" AS u, partial FROM pragma_index_list(?) WHERE name = ?", [table, name]).first
            let columns = try db.query("SELECT name FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno", [name]).map { $0.string("name") ?? "<expression>" }
            lines.append("index \(name) on \(table)(\(columns.joined(separator: ","))) unique=\(info?.int("u") ?? 0) partial=\(info?.int("partial") ?? 0)")
        }
        return lines
    }

    static func ofPostgres(_ db: Database) throws -> [String] {
        var lines: [String] = []
        let tables = try db.query("SELECT c.oid, c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' ORDER BY c.relname")
        for table in tables {
            let name = table.string("relname") ?? ""
            guard let oid = table.int("oid"), !postgresOnly.contains(name) else { continue }
            lines.append("table \(name)")
            let columns = try db.query("""
                SELECT a.attname, format_type(a.atttypid, NULL) AS type, a.attnotnull, pg_get_expr(d.adbin, d.adrelid) AS dflt,
                       coalesce((SELECT array_position(k.conkey, a.attnum) FROM pg_constraint k WHERE k.conrelid = a.attrelid AND k.contype = 'p'), 0) AS pk
                  FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                 WHERE a.attrelid = CAST(? AS oid) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
                """, [oid])
            for column in columns where !postgresOnly.contains("\(name).\(column.string("attname") ?? "")") {
                let pk = column.int("pk") ?? 0
                lines.append("  column \(name).\(column.string("attname") ?? "") type=\(mapType(column.string("type") ?? "")) notnull=\(column.int("attnotnull") ?? 0) default=\(normalizeDefault(column.string("dflt"))) pk=\(pk)")
            }
            let constraints = try db.query("""
                SELECT k.conname, k.contype, k.confdeltype, k.confupdtype, f.relname AS target,
                       (SELECT string_agg(a.attname, ',' ORDER BY u.ord) FROM unnest(k.conkey) WITH ORDINALITY u(num, ord) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num) AS cols,
                       (SELECT string_agg(a.attname, ',' ORDER BY u.ord) FROM unnest(k.confkey) WITH ORDINALITY u(num, ord) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.num) AS fcols
                  FROM pg_constraint k LEFT JOIN pg_class f ON f.oid = k.confrelid
                 WHERE k.conrelid = CAST(? AS oid) ORDER BY k.conname
                """, [oid])
            var checks = 0
            for constraint in constraints {
                switch constraint.string("contype") {
                case "f":
                    lines.append("  fk \(name).\(constraint.string("cols") ?? "") -> \(constraint.string("target") ?? "").\(constraint.string("fcols") ?? "") on_delete=\(action(constraint.string("confdeltype"))) on_update=\(action(constraint.string("confupdtype")))")
                case "u" where !postgresOnly.contains(constraint.string("conname") ?? ""):
                    lines.append("  unique \(name)(\(constraint.string("cols") ?? ""))")
                case "c": checks += 1
                default: break
                }
            }
            lines.append("  checks \(name)=\(checks)")
        }
        let indexes = try db.query("""
            SELECT i.relname AS name, t.relname AS tbl, x.indisunique AS u, x.indpred IS NOT NULL AS partial,
                   (SELECT string_agg(CASE WHEN u.num = 0 THEN '<expression>' ELSE a.attname END, ',' ORDER BY u.ord)
                      FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(num, ord) LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.num) AS cols
              FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
             WHERE t.relnamespace = current_schema()::regnamespace
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
             ORDER BY i.relname
            """)
        for index in indexes where !postgresOnly.contains(index.string("name") ?? "") && !postgresOnly.contains(index.string("tbl") ?? "") {
            lines.append("index \(index.string("name") ?? "") on \(index.string("tbl") ?? "")(\(index.string("cols") ?? "")) unique=\(index.int("u") ?? 0) partial=\(index.int("partial") ?? 0)")
        }
        return lines
    }

    /// pg_constraint's action letters in SQLite's words.
    static func action(_ letter: String?) -> String {
        switch letter {
        case "c": return "CASCADE"
        case "n": return "SET NULL"
        case "d": return "SET DEFAULT"
        case "r": return "RESTRICT"
        default: return "NO ACTION"
        }
    }
}
