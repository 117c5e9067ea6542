import ForewarnTestSupport
import Foundation
@testable import PortalStore
import Testing

/// The inventory search on PostgreSQL: GIN trigram indexes (pg_trgm) answer ILIKE, similarity() answers "did you
/// mean"; without the extension the search is ILIKE on the table and gives the same records (`make test-postgres`).
@Suite("PostgreSQL inventory search")
struct PostgresTrigramSearchTests {
    /// 600 servers (web-, db-, cache-node-N) in one region; web-node-417 with a description to find.
    func filled(_ url: String) throws -> Store {
        let store = try Store(path: url)
        try store.write { db in
            try db.run("INSERT INTO regions (name) VALUES ('eu-west')")
            let region = db.lastInsertRowID
            for n in 1...600 {
                try db.run("INSERT INTO servers (name, region_id, environment, description) VALUES (?, ?, 'PROD', ?)",
                           ["\(["web", "db", "cache"][n % 3])-node-\(n)", region, n == 417 ? "Redis for Sessions" : "rack \(n % 40)"])
            }
        }
        return store
    }

    func names(_ store: Store, _ search: String) throws -> [String] {
        var query = ListQuery()
        query.search = search
        query.perPage = 100
        return try store.read { try EntityStore.list($0, InventorySpecs.servers, query: query).records.map { $0["name"] ?? "" } }
    }

    @Test(.enabled(if: testPostgresURL != nil)) func trigramIndexesAnswerTheSearchAndDidYouMean() throws {
        let store = try filled(try testDatabase(in: temporaryDirectory()))
        defer { store.close() }
        #expect(try store.read { $0.hasTrigramIndexes })
        #expect(try names(store, "REDIS for") == ["web-node-417"], "case-insensitive substring of the description")
        #expect(try names(store, "node-41").count == 11, "node-41 and node-410…419")
        #expect(try names(store, "node-4_").isEmpty, "_ is a character, not a wildcard")
        // The plan uses the GIN index (sequential scans switched off so that the small table cannot hide it).
        let plan = try store.write { db -> String in
            try db.execute("SET LOCAL enable_seqscan = off")
            let (clause, values) = try #require(EntityStore.searchClause(db, InventorySpecs.servers, "node-41"))
            return try db.query("EXPLAIN SELECT count(*) FROM servers t WHERE \(clause)", values).map { $0.string("QUERY PLAN") ?? "" }.joined(separator: "\n")
        }
        #expect(plan.contains("servers_name_trgm") && plan.contains("servers_description_trgm"), "\(plan)")
        // Did you mean: the closest names by similarity(), first the one with the typo mended.
        let near = try store.read { try EntityStore.namesNear($0, InventorySpecs.servers, "wbe-node-417") }
        #expect(near.first == "web-node-417", "\(near.prefix(5))")
        #expect(near.count < 600, "only similar names, not the whole table")
    }

    @Test(.enabled(if: testPostgresURL != nil)) func withoutTheExtensionTheSearchIsILikeAndFindsTheSame() throws {
        // A schema that cannot see pg_trgm (installed in public, left off its search path): the migration makes no index.
        let store = try filled(try freshPostgresSchema(in: testPostgresURL!, seesPublic: false))
        defer { store.close() }
        #expect(try !store.read { $0.hasTrigramIndexes })
        let indexes = try store.read { try $0.query("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%trgm'") }
        #expect(indexes.isEmpty)
        #expect(try names(store, "REDIS for") == ["web-node-417"])
        #expect(try names(store, "node-41").count == 11)
        let near = try store.read { try EntityStore.namesNear($0, InventorySpecs.servers, "wbe-node-417") }
        #expect(near.count == 600, "without an index: the first names, ranked by the caller")
    }
}
