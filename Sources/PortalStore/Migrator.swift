import Foundation

/// One append-only schema step; its index in `Migrations.all` plus one is the `user_version` it leaves behind.
public struct Migration: Sendable {
    public let name: String
    public let sql: String
}

/// A PostgreSQL schema step, and the SQLite migration count whose schema it matches.
public struct PostgresMigration: Sendable {
    public let name: String
    public let matchesSQLiteVersion: Int
    public let sql: String
}

/// Applies pending migrations, each in its own transaction, tracked by `PRAGMA user_version` (SQLite) or the
/// `forewarn_schema` table (PostgreSQL, with the same numbers).
public enum Migrator {
    /// Migrates `db` to the newest version and returns the version it ends at.
    @discardableResult
    public static func migrate(_ db: Database, migrations: [Migration] = Migrations.all) throws -> Int {
        if db.dialect == .postgres { return try migratePostgres(db, expected: migrations) }
        let current = try db.userVersion
        if current > migrations.count {
            throw DatabaseError(code: 1, message: "database schema version \(current) is newer than this forewarn (\(migrations.count)); upgrade forewarn")
        }
        // Foreign keys cannot be toggled inside a transaction; table rebuilds in later migrations need them off.
        try db.execute("PRAGMA foreign_keys=OFF")
        defer { try? db.execute("PRAGMA foreign_keys=ON") }
        for (offset, migration) in migrations.enumerated() where offset + 1 > current {
            try db.transaction {
                // Another process (a `forewarn monitor` starting beside `serve`) may have applied it meanwhile: the
                // IMMEDIATE transaction waited for its commit, so read the version again under the lock.
                guard try db.userVersion < offset + 1 else { return }
                try db.execute(migration.sql)
                let violations = try db.query("PRAGMA foreign_key_check")
                if !violations.isEmpty {
                    throw DatabaseError(code: 787, message: "migration \(offset + 1) (\(migration.name)) leaves \(violations.count) foreign key violations")
                }
                try db.execute("PRAGMA user_version = \(offset + 1)")
            }
        }
        return migrations.count
    }

    /// SQLite migrations that have no PostgreSQL twin yet (empty when both lists are complete).
    public static func missingPostgresTwins(sqlite: [Migration] = Migrations.all, postgres: [PostgresMigration] = PostgresMigrations.all) -> [String] {
        let covered = postgres.map(\.matchesSQLiteVersion).max() ?? 0
        return sqlite.enumerated().filter { $0.offset + 1 > covered }.map { "\($0.offset + 1) (\($0.element.name))" }
    }

    /// PostgreSQL: applies the twins under an advisory lock (several instances may start at once).
    static func migratePostgres(_ db: Database, expected: [Migration], twins: [PostgresMigration] = PostgresMigrations.all) throws -> Int {
        let missing = missingPostgresTwins(sqlite: expected, postgres: twins)
        guard missing.isEmpty else {
            throw DatabaseError(code: 1, message: "this forewarn has no PostgreSQL version of migration \(missing.joined(separator: ", ")); use SQLite or a build with the PostgreSQL twins")
        }
        let current = try db.userVersion
        let newest = twins.last?.matchesSQLiteVersion ?? 0
        if current > newest {
            throw DatabaseError(code: 1, message: "database schema version \(current) is newer than this forewarn (\(newest)); upgrade forewarn")
        }
        for twin in twins where twin.matchesSQLiteVersion > current {
            try db.transaction {
                // Held to the end of the transaction: a second instance waits here, then sees the new version.
                try db.execute("SELECT pg_advisory_xact_lock(\(PostgresLocks.migration))")
                try db.execute("CREATE TABLE IF NOT EXISTS forewarn_schema (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
                guard try db.userVersion < twin.matchesSQLiteVersion else { return }
                try db.execute(twin.sql)
                try db.run("INSERT INTO forewarn_schema (version, name, applied_at) VALUES (?, ?, ?)",
                           [twin.matchesSQLiteVersion, twin.name, ISO8601DateFormatter().string(from: Date())])
            }
        }
        return newest
    }
}
