@testable import PortalStore
import Testing

/// The mechanical SQLite → PostgreSQL rewrites (pure: no database needed).
@Suite("PostgreSQL translation")
struct PostgresTranslationTests {
    @Test(arguments: [
        ("SELECT a FROM t WHERE b = ? AND c = '?' AND \"d?\" = ?", "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"d?\" = $2"),
        ("SELECT 'it''s ?' -- why?\n, ?", "SELECT 'it''s ?' -- why?\n, $1"),
        ("INSERT OR IGNORE INTO tags (name) VALUES (?)", "INSERT INTO tags (name) VALUES ($1) ON CONFLICT DO NOTHING"),
        ("INSERT OR IGNORE INTO tags (name) VALUES (?) RETURNING name", "INSERT INTO tags (name) VALUES ($1) ON CONFLICT DO NOTHING RETURNING name"),
        ("INSERT INTO items (name) VALUES (?);", "INSERT INTO items (name) VALUES ($1) RETURNING id;"),
        ("SELECT ifnull(a, 0), max(a, b), max(c), min(x, y, z) FROM t", "SELECT coalesce(a, 0), greatest(a, b), max(c), least(x, y, z) FROM t"),
        ("SELECT group_concat(x.stage) FROM s x", "SELECT string_agg(CAST(x.stage AS text), ',') FROM s x"),
        ("SELECT group_concat(name, ';') FROM s", "SELECT string_agg(CAST(name AS text), ';') FROM s"),
        ("WHERE id IN (SELECT value FROM json_each(?))", "WHERE id IN (SELECT CAST(value AS bigint) FROM json_array_elements_text(CAST($1 AS json)))"),
        ("SELECT t.rowid AS id FROM t WHERE name LIKE ?", "SELECT t.id AS id FROM t WHERE name ILIKE $1"),
        ("SELECT (SELECT group_concat(n, ';') FROM (SELECT o.n FROM o ORDER BY o.n)) AS x FROM t",
         "SELECT (SELECT string_agg(CAST(n AS text), ';') FROM (SELECT o.n FROM o ORDER BY o.n) AS subquery_1) AS x FROM t"),
        ("SELECT a FROM (SELECT 1 AS a) s WHERE a IN (SELECT b FROM u)", "SELECT a FROM (SELECT 1 AS a) s WHERE a IN (SELECT b FROM u)"),
    ])
    func rewrites(sqlite: String, postgres: String) {
        #expect(PostgresTranslation.translate(sqlite, tablesWithID: ["items"]).sql == postgres)
    }

    @Test func insertOrReplaceUpdatesOnThePrimaryKey() {
        let sql = "INSERT OR REPLACE INTO minutes (service_id, minute, signal) VALUES (?, ?, ?)"
        #expect(PostgresTranslation.translate(sql, primaryKeys: ["minutes": ["service_id", "minute"]]).sql
                == "INSERT INTO minutes (service_id, minute, signal) VALUES ($1, $2, $3) ON CONFLICT (service_id, minute) DO UPDATE SET signal = excluded.signal")
    }

    @Test func insertsReturnTheirIDOnlyWhenTheTableHasOne() {
        #expect(PostgresTranslation.translate("INSERT INTO items (a) VALUES (?)", tablesWithID: ["items"]).returnsInsertedID)
        #expect(!PostgresTranslation.translate("INSERT INTO settings (key) VALUES (?)", tablesWithID: ["items"]).returnsInsertedID)
        #expect(!PostgresTranslation.translate("INSERT INTO items (a) VALUES (?) RETURNING a", tablesWithID: ["items"]).returnsInsertedID)
    }
}
