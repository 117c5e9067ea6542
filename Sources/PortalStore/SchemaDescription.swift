/// A normalized, comparable description of a database's structure (tables, columns, keys, indexes).
public enum SchemaDescription {
    /// Lines describing every user table and index, sorted, independent of how the SQL was formatted.
    public static func of(_ db: Database) throws -> [String] {
        var lines: [String] = []
        let objects = try db.query("SELECT type, name, tbl_name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        for object in objects {
            let type = object.string("type") ?? ""
            let name = object.string("name") ?? ""
            let table = object.string("tbl_name") ?? ""
            switch type {
            case "table":
                let strict = try db.query("SELECT strict FROM pragma_table_list WHERE name = ?", [name]).first?.int("strict") ?? 0
                lines.append("table \(name) strict=\(strict)")
                for column in try db.query("SELECT * FROM pragma_table_xinfo(?)", [name]) {
                    lines.append("  column \(name).\(column.string("name") ?? "") type=\(column.string("type") ?? "") notnull=\(column.int("notnull") ?? 0) default=\(column.string("dflt_value") ?? "-") pk=\(column.int("pk") ?? 0) hidden=\(column.int("hidden") ?? 0)")
                }
                for key in try db.query("SELECT * FROM pragma_foreign_key_list(?)", [name]) {
                    lines.append("  fk \(name).\(key.string("from") ?? "") -> \(key.string("table") ?? "").\(key.string("to") ?? "") on_delete=\(key.string("on_delete") ?? "") on_update=\(key.string("on_update") ?? "")")
                }
                let sql = try db.scalar("SELECT sql FROM sqlite_schema WHERE name = ?", [name])
                if case .text(let text)? = sql {
                    let checks = text.components(separatedBy: "CHECK").count - 1
                    lines.append("  checks=\(checks)")
                }
            case "index":
                let unique = try db.query("SELECT \"unique\" AS u, partial FROM pragma_index_list(?) WHERE name = ?", [table, name]).first
                let columns = try db.query("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [name]).compactMap { $0.string("name") }
                lines.append("index \(name) on \(table)(\(columns.joined(separator: ","))) unique=\(unique?.int("u") ?? 0) partial=\(unique?.int("partial") ?? 0)")
            default:
                lines.append("\(type) \(name) on \(table)")
            }
        }
        return lines.sorted()
    }
}
