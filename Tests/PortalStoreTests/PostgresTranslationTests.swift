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
        ("SELECT * FROM (SELECT a FROM t WHERE b = ?1 OR c = ?1) LIMIT ?", "SELECT * FROM (SELECT a FROM t WHERE b = $1 OR c = $1) AS subquery_1 LIMIT $2"),
        ("SELECT * FROM (WITH RECURSIVE up(id) AS (SELECT 1) SELECT id FROM up) ORDER BY id", "SELECT * FROM (WITH RECURSIVE up(id) AS (SELECT 1) SELECT id FROM up) AS subquery_1 ORDER BY id"),
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

    @Test func numberedParametersCountLikeSQLite() {
        #expect(PostgresTranslation.parameterCount("SELECT ?1, ?1, ?2") == 2)
        #expect(PostgresTranslation.parameterCount("SELECT ?, ?3, ?") == 4)
        #expect(PostgresTranslation.parameterCount("SELECT '?', ?") == 1)
    }

    @Test func insertsReturnTheirIDOnlyWhenTheTableHasOne() {
        #expect(PostgresTranslation.translate("INSERT INTO items (a) VALUES (?)", tablesWithID: ["items"]).returnsInsertedID)
        #expect(!PostgresTranslation.translate("INSERT INTO settings (key) VALUES (?)", tablesWithID: ["items"]).returnsInsertedID)
        #expect(!PostgresTranslation.translate("INSERT INTO items (a) VALUES (?) RETURNING a", tablesWithID: ["items"]).returnsInsertedID)
    }
}

/// FTS5 log queries as PostgreSQL tsqueries.
@Suite("Log search on PostgreSQL")
struct LogFullTextQueryTests {
    @Test(arguments: [
        ("zebra*", "zebra:*"),
        ("payroll failed", "payroll & failed"),
        ("\"batch zebracorn\" OR quagga", "(batch <-> zebracorn) | quagga"),
        ("error NOT timeout", "error & ! timeout"),
        ("(db OR disk) full", "( db | disk ) & full"),
        ("it's", "(it <-> s)"),
    ])
    func converts(fts: String, tsquery: String) {
        #expect(LogFullTextQuery.tsquery(fts) == tsquery)
    }
}
