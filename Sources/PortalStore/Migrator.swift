import Foundation

/// One append-only schema step; its index in `Migrations.all` plus one is the `user_version` it leaves behind.
public struct Migration: Sendable {
    public let name: String
    public let sql: String
}

/// Applies pending migrations, each in its own transaction, tracked by `PRAGMA user_version`.
public enum Migrator {
    /// Migrates `db` to the newest version and returns the version it ends at.
    @discardableResult
    public static func migrate(_ db: Database, migrations: [Migration] = Migrations.all) throws -> Int {
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
}
