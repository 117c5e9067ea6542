import CSQLite
import Foundation

/// The database of one Forewarn process: one writer connection (all writes, serially) and a pool of read-only readers.
///
/// The single writer is also what keeps us clear of the WAL-reset bug in Debian's SQLite 3.40 (see FIELD-NOTES.md).
public final class Store: @unchecked Sendable {
    public let path: String
    /// The file or PostgreSQL database this store opened.
    public let location: DatabaseLocation
    public var dialect: SQLDialect { writer.dialect }
    private let writer: Database
    private let writerLock = NSLock()
    private var idleReaders: [Database] = []
    private let readerLock = NSCondition()
    private let readerCount: Int
    private var openedReaders = 0
    /// Signed-in sessions and API tokens recently read, dropped when any process announces a session, token or user
    /// change (`DatabaseSignal` `sessions`).
    public let sessions: CredentialCache<LiveSession>
    public let tokens: CredentialCache<TokenRecord>
    /// Moves after every committed write through this store, in any process on the same SQLite file or any instance on
    /// the same PostgreSQL database: caches of rendered pages are valid while it has not moved. Nil for a database
    /// without a file (no cache then); `current()` is nil while it cannot be trusted.
    public let changes: DatabaseSignal?

    /// Opens the database file (creating its folder if needed) or connects to the PostgreSQL database a
    /// `postgres://` URL names, and applies pending migrations.
    public init(path: String, readers: Int = 4, synchronous: String = "FULL", migrate: Bool = true) throws {
        self.path = path
        self.readerCount = max(1, readers)
        location = try DatabaseLocation.parse(path)
        let signal = DatabaseSignal(location: location, name: "sessions")
        sessions = CredentialCache(signal: signal)
        tokens = CredentialCache(signal: signal)
        changes = DatabaseSignal(location: location, name: "changes")
        if case .postgres = location {
            writer = try Database(location: location)
            writer.sessionSignal = signal
            if migrate { try Store.migrate(writer, location: location) }
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreOpenError(path: path, reason: "cannot create folder \(folder): \(error.localizedDescription)")
            }
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw StoreOpenError(path: path, reason: "it is a folder, not a database file")
        }
        writer = try Database(path: path, readOnly: false, synchronous: synchronous)
        writer.sessionSignal = signal
        if migrate { try Store.migrate(writer, location: location) }
    }

    private static func migrate(_ writer: Database, location: DatabaseLocation) throws {
        do {
            let before = try writer.userVersion
            try Migrator.migrate(writer)
            // A new schema can change what any page shows (the admin's table counts): other processes' caches go.
            if try writer.userVersion != before { try DatabaseSignal(location: location, name: "changes")?.announceNow(writer) }
        } catch let error as DatabaseError {
            throw StoreOpenError(path: location.displayName, reason: error.sqlState == nil ? Database.explain(code: error.code, message: error.message) : error.message)
        }
    }

    /// Runs `body` on the writer connection inside one transaction; concurrent writers wait their turn. Once it has
    /// committed, `changes` moves everywhere.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        writerLock.lock()
        defer { writerLock.unlock() }
        return try writer.transaction { try announced(body(writer)) }
    }

    /// The commit hook of `write` and `tryWrite`: NOTIFY inside the transaction (PostgreSQL), the counter after COMMIT.
    private func announced<T>(_ result: T) throws -> T {
        try changes?.announce(writer)
        return result
    }

    /// Like `write`, but returns nil at once instead of waiting when another write holds the writer (health probes).
    public func tryWrite<T>(_ body: (Database) throws -> T) throws -> T? {
        guard writerLock.try() else { return nil }
        defer { writerLock.unlock() }
        return try writer.transaction { try announced(body(writer)) }
    }

    /// Bytes the file system holding the database still offers this process, or nil when it cannot tell.
    public var availableBytes: UInt64? {
        guard case .sqlite = location else { return nil }
        var info = statvfs()
        let folder = (path as NSString).deletingLastPathComponent
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return nil }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize)
    }

    /// Runs `body` on the writer connection without opening a transaction (pragmas, checkpoints, bulk loads that manage their own).
    /// What it commits moves `changes` once it returns or throws (it may have committed part of its work).
    public func withWriter<T>(_ body: (Database) throws -> T) throws -> T {
        writerLock.lock()
        defer { writerLock.unlock() }
        defer { try? changes?.announceNow(writer) }
        return try body(writer)
    }

    /// Runs `body` on a read-only connection from the pool. On SQLite inside one read transaction: one WAL read lock
    /// for the whole body instead of one per statement (each is `fcntl` calls on the `-shm` file: 8.6 % of the home
    /// page's samples once its views were compiled), and every statement of the body sees the same snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        let reader = try checkoutReader()
        defer { checkinReader(reader) }
        guard reader.dialect == .sqlite else { return try body(reader) }
        try reader.run("BEGIN")
        do {
            let result = try body(reader)
            try reader.run("COMMIT")
            return result
        } catch {
            if reader.isInTransaction { _ = try? reader.run("ROLLBACK") }
            throw error
        }
    }

    private var closed = false

    /// Closes every connection once the process is done with the database (shutdown). A reader still in use is
    /// closed when it comes back; later reads and writes throw.
    public func close() {
        sessions.close()
        tokens.close()
        changes?.stop()
        writerLock.lock()
        writer.close()
        writerLock.unlock()
        readerLock.lock()
        closed = true
        for reader in idleReaders { reader.close() }
        idleReaders.removeAll()
        readerLock.broadcast()
        readerLock.unlock()
    }

    private func checkoutReader() throws -> Database {
        readerLock.lock()
        while !closed && idleReaders.isEmpty && openedReaders >= readerCount { readerLock.wait() }
        if closed {
            readerLock.unlock()
            throw DatabaseError(code: SQLITE_MISUSE, message: "the database is closed (the server is shutting down)")
        }
        if let reader = idleReaders.popLast() {
            readerLock.unlock()
            return reader
        }
        openedReaders += 1
        readerLock.unlock()
        do {
            return try Database(location: location, readOnly: true)
        } catch {
            readerLock.lock()
            openedReaders -= 1
            readerLock.signal()
            readerLock.unlock()
            throw error
        }
    }

    private func checkinReader(_ reader: Database) {
        readerLock.lock()
        if closed { reader.close() } else { idleReaders.append(reader) }
        readerLock.signal()
        readerLock.unlock()
    }
}
