import CSQLite

/// A prepared statement owned by one `Database` connection (SQLite), or the translated text and the current result
/// of one (PostgreSQL).
public final class Statement {
    /// `sqlite3_stmt *` on SQLite; nil on PostgreSQL, where `cursor` runs the statement.
    let handle: OpaquePointer?
    let cursor: PostgresCursor?
    public let sql: String
    unowned let database: Database

    init(database: Database, sql: String) throws {
        self.sql = sql
        self.database = database
        if database.dialect == .postgres {
            handle = nil
            cursor = PostgresCursor(database: database, sql: sql)
            return
        }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw database.error(code: rc, sql: sql)
        }
        self.handle = stmt
        self.cursor = nil
    }

    deinit { if let handle { sqlite3_finalize(handle) } }

    /// Resets the statement and binds the parameters in order (1-based in SQL).
    public func bind(_ values: [SQLValue]) throws {
        guard let handle else { return try cursor!.bind(values) }
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw DatabaseError(code: SQLITE_RANGE, message: "statement expects \(expected) parameters, got \(values.count)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .real(let v): rc = sqlite3_bind_double(handle, index, v)
            case .text(let s): rc = sqlite3_bind_text(handle, index, s, -1, CSQLite_transient())
            case .blob(let bytes):
                rc = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), CSQLite_transient())
                }
            }
            guard rc == SQLITE_OK else { throw database.error(code: rc, sql: sql) }
        }
    }

    /// Advances one row; returns false when the statement is done.
    public func step() throws -> Bool {
        guard let handle else { return try cursor!.step() }
        // A statement that is not yet running starts an execution: that is what the test hook counts.
        if StatementCounter.isOn && sqlite3_stmt_busy(handle) == 0 { StatementCounter.increment() }
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(code: rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    public var columnCount: Int {
        guard let handle else { return cursor!.columnCount }
        return Int(sqlite3_column_count(handle))
    }

    public func columnName(_ index: Int) -> String {
        guard let handle else { return cursor!.columnName(index) }
        return String(cString: sqlite3_column_name(handle, Int32(index)))
    }

    public func value(at index: Int) -> SQLValue {
        guard let handle else { return cursor!.value(at: index) }
        let i = Int32(index)
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(handle, i)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, i))
            guard count > 0, let base = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: base, count: count)))
        default: return .null
        }
    }

    public func int64(at index: Int) -> Int64 {
        guard let handle else {
            switch cursor!.value(at: index) {
            case .integer(let v): return v
            case .real(let v): return Int64(v)
            case .text(let s): return Int64(s) ?? 0
            default: return 0
            }
        }
        return sqlite3_column_int64(handle, Int32(index))
    }

    public func string(at index: Int) -> String? {
        guard let handle else {
            switch cursor!.value(at: index) {
            case .null: return nil
            case .text(let s): return s
            case .integer(let v): return String(v)
            case .real(let v): return String(v)
            case .blob(let b): return String(decoding: b, as: UTF8.self)
            }
        }
        guard let text = sqlite3_column_text(handle, Int32(index)) else { return nil }
        return String(cString: text)
    }

    public func isNull(at index: Int) -> Bool {
        guard let handle else { return cursor!.isNull(at: index) }
        return sqlite3_column_type(handle, Int32(index)) == SQLITE_NULL
    }

    /// Resets so that the connection does not keep a read transaction open (PostgreSQL: frees the result).
    public func reset() {
        guard let handle else { return cursor!.reset() }
        sqlite3_reset(handle)
    }
}
