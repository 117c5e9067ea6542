import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// schema.postgres.sql and the PostgreSQL migrations against each other and against SQLite (run by `make test-postgres`).
@Suite("PostgreSQL schema")
struct PostgresSchemaTests {
    @Test func everySQLiteMigrationHasAPostgresTwin() {
        let missing = Migrator.missingPostgresTwins()
        #expect(missing.isEmpty, "SQLite migrations without a PostgreSQL twin in Sources/PortalStore/Postgres/PostgresMigrations.swift: \(missing.joined(separator: "; ")) (draft one with scripts/schema-to-postgres.py, then add it to schema.postgres.sql)")
    }

    /// The script that drafts the twins reproduces schema.postgres.sql from schema.sql byte for byte (runs in `make test`).
    @Test func theScriptReproducesSchemaPostgresSQL() throws {
        let script = Process()
        script.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        script.arguments = ["python3", repositoryRoot + "/scripts/schema-to-postgres.py", repositoryRoot + "/schema.sql"]
        let output = Pipe()
        script.standardOutput = output
        try script.run()
        let generated = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        #expect(script.terminationStatus == 0)
        let file = try String(contentsOfFile: repositoryRoot + "/schema.postgres.sql", encoding: .utf8)
        #expect(generated.count > 10_000)
        let differing = zip(generated.split(separator: "\n", omittingEmptySubsequences: false), file.split(separator: "\n", omittingEmptySubsequences: false))
            .enumerated().first { $0.element.0 != $0.element.1 }
        #expect(generated == file, "python3 scripts/schema-to-postgres.py schema.sql differs from schema.postgres.sql at line \((differing?.offset ?? -1) + 1): \(differing.map { "script: \($0.element.0) / file: \($0.element.1)" } ?? "one is longer")")
    }

    @Test(.enabled(if: testPostgresURL != nil)) func migratingAnEmptyDatabaseGivesExactlySchemaPostgresSQL() throws {
        let migrated = try Database(location: .postgres(url: try freshPostgresSchema(in: testPostgresURL!)))
        #expect(try Migrator.migrate(migrated) == Migrations.all.count)
        #expect(try migrated.userVersion == Migrations.all.count)
        let fromFile = try Database(location: .postgres(url: try freshPostgresSchema(in: testPostgresURL!)))
        try fromFile.execute(try String(contentsOfFile: repositoryRoot + "/schema.postgres.sql", encoding: .utf8))
        let expected = try PortableSchema.of(fromFile)
        let actual = try PortableSchema.of(migrated)
        #expect(expected.count > 500)
        #expect(actual == expected, "schema.postgres.sql and the PostgreSQL migrations disagree:\n\(Set(actual).symmetricDifference(Set(expected)).sorted().joined(separator: "\n"))")
    }

    @Test(.enabled(if: testPostgresURL != nil)) func postgresCatalogMatchesTheSQLiteCatalog() throws {
        let sqlite = try Database(path: temporaryDirectory() + "/migrated.sqlite")
        try Migrator.migrate(sqlite)
        let postgres = try Database(location: .postgres(url: try freshPostgresSchema(in: testPostgresURL!)))
        try Migrator.migrate(postgres)
        let left = try PortableSchema.of(sqlite)
        let right = try PortableSchema.of(postgres)
        #expect(left.filter { $0.hasPrefix("table ") }.count >= 60)
        #expect(left.filter { $0.contains(" fk ") }.count >= 100)
        let onlySQLite = Set(left).subtracting(right).sorted()
        let onlyPostgres = Set(right).subtracting(left).sorted()
        #expect(onlySQLite.isEmpty && onlyPostgres.isEmpty, "catalogs differ.\nonly in SQLite:\n\(onlySQLite.joined(separator: "\n"))\nonly in PostgreSQL:\n\(onlyPostgres.joined(separator: "\n"))")
    }

    @Test(.enabled(if: testPostgresURL != nil)) func theComparisonSeesAChangedColumnIndexAndCheck() throws {
        let sqlite = try Database(path: temporaryDirectory() + "/migrated.sqlite")
        try Migrator.migrate(sqlite)
        let postgres = try Database(location: .postgres(url: try freshPostgresSchema(in: testPostgresURL!)))
        try Migrator.migrate(postgres)
        try postgres.execute("""
            ALTER TABLE regions ALTER COLUMN description DROP NOT NULL;
            DROP INDEX servers_environment;
            ALTER TABLE settings ADD CHECK (key <> 'x')
            """)
        let differences = Set(try PortableSchema.of(sqlite)).symmetricDifference(try PortableSchema.of(postgres))
        #expect(differences.contains { $0.contains("column regions.description") })
        #expect(differences.contains { $0.hasPrefix("index servers_environment") })
        #expect(differences.contains("  checks settings=3"))
    }

    @Test(.enabled(if: testPostgresURL != nil)) func migratingTwiceAndAtOnceIsSafe() throws {
        let url = try freshPostgresSchema(in: testPostgresURL!)
        // Two instances starting together: the advisory lock lets one migrate and the other find it done.
        let results = Locked<[Result<Int, Error>]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let outcome = Result { try Migrator.migrate(try Database(location: .postgres(url: url))) }
            results.mutate { $0.append(outcome) }
        }
        for outcome in results.value { #expect(try outcome.get() == Migrations.all.count) }
        let db = try Database(location: .postgres(url: url))
        #expect(try db.scalar("SELECT count(*) FROM forewarn_schema") == .integer(Int64(PostgresMigrations.all.count)))
    }
}
