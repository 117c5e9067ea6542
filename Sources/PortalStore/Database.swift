import CSQLite
import Foundation

/// The SQL dialect a connection speaks; a store switches on it only for a real dialect difference.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres
}

/// One database connection, SQLite or PostgreSQL. Not thread-safe: `Store` hands each connection to one thread at a time.
///
/// Stores write SQLite's SQL; on PostgreSQL `PostgresTranslation` rewrites the mechanical differences.
public final class Database {
    /// `sqlite3 *` or `PGconn *`, depending on `dialect`.
    let handle: OpaquePointer
    public let path: String
    public let isReadOnly: Bool
    public let dialect: SQLDialect
    var statements: [String: Statement] = [:]
    /// Work to do once the open transaction has committed (dropped if it rolls back).
    private var commitActions: [() -> Void] = []
    /// The writer's way to tell every process's session caches that a session or user changed (set by `Store`).
    var sessionSignal: DatabaseSignal?
    /// PostgreSQL: rows changed and id inserted by the last statement (SQLite keeps these itself).
    var postgresChanges = 0
    var postgresLastInsertID: Int64 = 0
    /// PostgreSQL: tables with an `id` column, read from the catalog when first needed (DDL resets it).
    var postgresTablesWithID: Set<String>?
    var postgresPrimaryKeys: [String: [String]]?
    var postgresTrigramIndexes: Bool?
    var postgresPrepared: [String: String] = [:]
    /// PostgreSQL: round trips to the server so far (one per statement, or per `together` batch); 0 on SQLite.
    public internal(set) var roundTrips = 0

    /// Opens (or creates, unless read-only) the database file and applies Forewarn's connection settings.
    public init(path: String, readOnly: Bool = false, synchronous: String = "FULL") throws {
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            if let db { sqlite3_close_v2(db) }
            throw StoreOpenError(path: path, reason: Database.explain(code: rc, message: message))
        }
        self.handle = db
        self.path = path
        self.isReadOnly = readOnly
        self.dialect = .sqlite
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5000)
        do {
            // A read that fails here is the first sign of a file that is not a database.
            _ = try scalar("PRAGMA schema_version")
            if !readOnly {
                try execute("PRAGMA journal_mode=WAL")
                try execute("PRAGMA synchronous=\(synchronous)")
            }
            try execute("PRAGMA foreign_keys=ON")
        } catch let error as DatabaseError {
            statements.removeAll()
            sqlite3_close_v2(db)
            throw StoreOpenError(path: path, reason: Database.explain(code: error.code, message: error.message))
        }
    }

    /// Opens a connection to `location`: an SQLite file or a PostgreSQL database.
    public convenience init(location: DatabaseLocation, readOnly: Bool = false, synchronous: String = "FULL") throws {
        switch location {
        case .sqlite(let path): try self.init(path: path, readOnly: readOnly, synchronous: synchronous)
        case .postgres(let url): try self.init(postgresURL: url, readOnly: readOnly)
        }
    }

    init(handle: OpaquePointer, path: String, readOnly: Bool, dialect: SQLDialect) {
        self.handle = handle
        self.path = path
        self.isReadOnly = readOnly
        self.dialect = dialect
    }

    private var isClosed = false

    deinit { close() }

    /// Finalizes the cached statements and closes the connection (its file descriptors go at once). Later calls
    /// throw instead of touching the closed handle.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        statements.removeAll()
        switch dialect {
        case .sqlite: sqlite3_close_v2(handle)
        case .postgres: closePostgres()
        }
    }

    func ensureOpen(_ sql: String) throws {
        if isClosed { throw DatabaseError(code: SQLITE_MISUSE, message: "the database connection is closed (the server is shutting down)", sql: sql) }
    }

    static func explain(code: Int32, message: String) -> String {
        switch code & 0xFF {
        case SQLITE_NOTADB, SQLITE_CORRUPT: return "the file is not a SQLite database or is corrupt (\(message))"
        case SQLITE_CANTOPEN: return "the file cannot be opened: check that the folder exists and is writable (\(message))"
        case SQLITE_BUSY, SQLITE_LOCKED: return "the database is locked by another process (\(message))"
        case SQLITE_READONLY: return "the database is read-only (\(message))"
        case SQLITE_PERM, SQLITE_AUTH: return "permission denied (\(message))"
        default: return message
        }
    }

    func error(code: Int32, sql: String?) -> DatabaseError {
        DatabaseError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements without parameters (DDL, pragmas).
    public func execute(_ sql: String) throws {
        try ensureOpen(sql)
        if StatementCounter.isOn { StatementCounter.increment() }
        if dialect == .postgres { return try executePostgres(sql) }
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(errmsg)
            throw DatabaseError(code: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// A cached prepared statement for this SQL text.
    public func prepare(_ sql: String) throws -> Statement {
        try ensureOpen(sql)
        if let cached = statements[sql] { return cached }
        let statement = try Statement(database: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Runs a statement with parameters and returns the number of changed rows.
    @discardableResult
    public func run(_ sql: String, _ values: [SQLBindable] = []) throws -> Int {
        let statement = try prepare(sql)
        try statement.bind(values.map(\.sqlValue))
        defer { statement.reset() }
        while try statement.step() {}
        return changes
    }

    /// Runs a query and returns all rows.
    public func query(_ sql: String, _ values: [SQLBindable] = []) throws -> [Row] {
        let statement = try prepare(sql)
        try statement.bind(values.map(\.sqlValue))
        defer { statement.reset() }
        let count = statement.columnCount
        let names = (0..<count).map(statement.columnName)
        var rows: [Row] = []
        while try statement.step() {
            rows.append(Row(columns: names, values: (0..<count).map(statement.value(at:))))
        }
        return rows
    }

    /// Runs a query and calls `body` for each row without materializing rows (hot paths).
    public func forEach(_ sql: String, _ values: [SQLBindable] = [], _ body: (Statement) throws -> Void) throws {
        let statement = try prepare(sql)
        try statement.bind(values.map(\.sqlValue))
        defer { statement.reset() }
        while try statement.step() { try body(statement) }
    }

    /// The first column of the first row, or nil.
    public func scalar(_ sql: String, _ values: [SQLBindable] = []) throws -> SQLValue? {
        let statement = try prepare(sql)
        try statement.bind(values.map(\.sqlValue))
        defer { statement.reset() }
        return try statement.step() ? statement.value(at: 0) : nil
    }

    /// The id of the row the last INSERT added (PostgreSQL: read through the `RETURNING id` the translation adds).
    public var lastInsertRowID: Int64 { dialect == .sqlite ? sqlite3_last_insert_rowid(handle) : postgresLastInsertID }

    public var changes: Int { dialect == .sqlite ? Int(sqlite3_changes(handle)) : postgresChanges }

    /// SQLite: rows inserted, changed or deleted on this connection so far (triggers included; DDL is not counted, and
    /// happens only in migrations); nil on PostgreSQL.
    public var changeMark: Int64? { dialect == .sqlite ? sqlite3_total_changes64(handle) : nil }

    /// Whether a transaction is open on this connection.
    public var isInTransaction: Bool { dialect == .sqlite ? sqlite3_get_autocommit(handle) == 0 : postgresTransactionOpen }

    /// Runs `body` inside BEGIN IMMEDIATE … COMMIT (PostgreSQL: BEGIN … COMMIT), rolling back when it throws.
    /// Actions registered with `afterCommit` run once COMMIT has succeeded, and are dropped on rollback.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        commitActions.removeAll()
        try execute(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            let actions = commitActions
            commitActions.removeAll()
            for action in actions { action() }
            return result
        } catch {
            commitActions.removeAll()
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs `action` after the open transaction commits, so what it tells others about (a worker to wake) is
    /// visible to their connections; outside a transaction it runs at once.
    public func afterCommit(_ action: @escaping () -> Void) {
        if !isInTransaction { action() } else { commitActions.append(action) }
    }

    /// The applied migration count: `PRAGMA user_version` on SQLite, `forewarn_schema.version` on PostgreSQL.
    public var userVersion: Int {
        get throws {
            if dialect == .postgres {
                guard try scalar("SELECT to_regclass('forewarn_schema') IS NOT NULL") == .integer(1) else { return 0 }
            }
            let sql = dialect == .sqlite ? "PRAGMA user_version" : "SELECT coalesce(max(version), 0) FROM forewarn_schema"
            if case .integer(let v)? = try scalar(sql) { return Int(v) }
            return 0
        }
    }
}
