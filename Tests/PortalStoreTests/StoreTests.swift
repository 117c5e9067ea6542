import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

@Suite("SQLite store")
struct StoreTests {
    func freshStore() throws -> Store {
        try Store(path: testDatabase(in: temporaryDirectory()))
    }

    @Test func migratingAnEmptyDatabaseGivesExactlySchemaSQL() throws {
        let folder = temporaryDirectory()
        let migrated = try Database(path: folder + "/migrated.sqlite")
        try Migrator.migrate(migrated)
        #expect(try migrated.userVersion == Migrations.all.count)
        let fromFile = try Database(path: folder + "/schema.sqlite")
        try fromFile.execute(try String(contentsOfFile: repositoryRoot + "/schema.sql", encoding: .utf8))
        let expected = try SchemaDescription.of(fromFile)
        let actual = try SchemaDescription.of(migrated)
        #expect(!expected.isEmpty)
        #expect(actual == expected, "schema.sql and the migrations disagree:\n\(Set(actual).symmetricDifference(Set(expected)).sorted().joined(separator: "\n"))")
    }

    @Test func migrationsAreIdempotent() throws {
        let db = try Database(path: temporaryDirectory() + "/db.sqlite")
        try Migrator.migrate(db)
        try Migrator.migrate(db)
        #expect(try db.userVersion == Migrations.all.count)
    }

    @Test func afterCommitActionsRunOnceCommittedAndNotOnRollback() throws {
        let store = try freshStore()
        let seen = Locked<[String]>([])
        func regionCount() -> Int64 {
            if case .integer(let n)? = try? store.read({ try $0.scalar("SELECT count(*) FROM regions") }) { return n }
            return -1
        }
        try store.write { db in
            try db.run("INSERT INTO regions (name) VALUES ('emea')")
            db.afterCommit { seen.mutate { $0.append("committed, readers see \(regionCount())") } }
            #expect(seen.value.isEmpty, "nothing runs before the commit")
        }
        #expect(seen.value == ["committed, readers see 1"])
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try store.write { db in
                try db.run("INSERT INTO regions (name) VALUES ('apac')")
                db.afterCommit { seen.mutate { $0.append("rolled back but ran") } }
                throw Abort()
            }
        }
        try store.write { _ in }
        #expect(seen.value == ["committed, readers see 1"], "an action of a rolled-back transaction is dropped, also at the next commit")
        try store.withWriter { db in db.afterCommit { seen.mutate { $0.append("outside a transaction: at once") } } }
        #expect(seen.value.last == "outside a transaction: at once")
    }

    @Test func aNewerSchemaIsRefused() throws {
        let db = try Database(path: temporaryDirectory() + "/db.sqlite")
        try db.execute("PRAGMA user_version = 999")
        #expect(throws: DatabaseError.self) { try Migrator.migrate(db) }
    }

    @Test func connectionSettingsFollowTheStorageRules() throws {
        let store = try Store(path: temporaryDirectory() + "/forewarn.sqlite")
        let writer = try store.withWriter { db in
            [try db.scalar("PRAGMA journal_mode"), try db.scalar("PRAGMA foreign_keys"), try db.scalar("PRAGMA synchronous")]
        }
        #expect(writer == [.text("wal"), .integer(1), .integer(2)]) // synchronous 2 = FULL
        let reader = try store.read { db in (db.isReadOnly, try db.scalar("PRAGMA foreign_keys")) }
        #expect(reader.0)
        #expect(reader.1 == .integer(1))
        #expect(throws: DatabaseError.self) {
            try store.read { db in try db.run("INSERT INTO settings (key, value) VALUES ('a', 'b')") }
        }
    }

    @Test func foreignKeysAreEnforced() throws {
        let db = try Database(path: temporaryDirectory() + "/fk.sqlite")
        try db.execute("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT;
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id)) STRICT;
            """)
        do {
            try db.run("INSERT INTO child (parent_id) VALUES (?)", [42])
            Issue.record("a dangling reference was accepted")
        } catch let error as DatabaseError {
            #expect(error.isForeignKeyViolation)
            #expect(error.sql?.contains("INSERT INTO child") == true)
        }
    }

    @Test func uniqueViolationIsATypedError() throws {
        let store = try freshStore()
        try store.write { db in try db.run("INSERT INTO settings (key, value) VALUES (?, ?)", ["mail.from", "a@example.com"]) }
        do {
            try store.write { db in try db.run("INSERT INTO settings (key, value) VALUES (?, ?)", ["mail.from", "b@example.com"]) }
            Issue.record("duplicate key accepted")
        } catch let error as DatabaseError {
            #expect(error.isUniqueViolation)
            #expect(!error.isForeignKeyViolation)
            #expect(error.message.contains(store.dialect == .sqlite ? "UNIQUE" : "duplicate key"))
        }
    }

    @Test func aFailedWriteLeavesTheDatabaseAsItWas() throws {
        let store = try freshStore()
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            _ = try store.write { db in
                try db.run("INSERT INTO settings (key, value) VALUES ('x', '1')")
                AuditLogProbe.touch(db)
                throw Abort()
            }
        }
        let count = try store.read { db in try db.scalar("SELECT count(*) FROM settings") }
        #expect(count == .integer(0))
    }

    @Test func strictTablesRefuseWrongTypes() throws {
        let store = try freshStore()
        #expect(throws: DatabaseError.self) {
            try store.write { db in try db.run("INSERT INTO audit_log (at, actor, action, object_kind, object_id) VALUES ('t', 'a', 'b', 'c', 'not a number')") }
        }
    }

    @Test func auditRowsAreWrittenInTheCallersTransaction() throws {
        let store = try freshStore()
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        try store.write { db in
            try AuditLog.record(db, actor: "alice", action: "create", objectKind: "server", objectID: 7, objectName: "db-12", after: #"{"name":"db-12"}"#, at: at)
        }
        let entries = try store.read { db in try AuditLog.recent(db) }
        #expect(entries.count == 1)
        #expect(entries.first?.at == "2027-01-15T08:00:00Z")
        #expect(entries.first?.objectName == "db-12")
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (951_782_400.0, "2000-02-29T00:00:00Z"),
        (1_798_761_599.0, "2026-12-31T23:59:59Z"),
        (-86_400.0, "1969-12-31T00:00:00Z"),
    ])
    func storeTimeFormatsAndParsesUTC(seconds: Double, text: String) {
        #expect(StoreTime.format(Date(timeIntervalSince1970: seconds)) == text)
        #expect(StoreTime.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test func readersSeeCommittedWritesConcurrently() throws {
        let store = try freshStore()
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            _ = try? store.write { db in try db.run("INSERT INTO settings (key, value) VALUES (?, ?)", ["k\(i)", "v"]) }
            _ = try? store.read { db in try db.scalar("SELECT count(*) FROM settings") }
        }
        #expect(try store.read { try $0.scalar("SELECT count(*) FROM settings") } == .integer(40))
    }

    @Test func notADatabaseIsAClearOpenError() throws {
        let path = temporaryDirectory() + "/junk.sqlite"
        try String(repeating: "this is not sqlite ", count: 200).write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try Store(path: path)
            Issue.record("junk file opened")
        } catch let error as StoreOpenError {
            #expect(error.description.contains("not a SQLite database"))
        }
    }

    @Test func aFolderIsNotADatabase() throws {
        let folder = temporaryDirectory()
        #expect(throws: StoreOpenError.self) { try Store(path: folder) }
    }
}

/// Writes an audit row so the rollback test covers more than one table.
enum AuditLogProbe {
    static func touch(_ db: Database) {
        try? AuditLog.record(db, actor: "t", action: "probe", objectKind: "settings", objectID: nil, objectName: "x")
    }
}
