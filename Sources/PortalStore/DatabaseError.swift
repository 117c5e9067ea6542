import CSQLite

/// A failed SQLite or PostgreSQL call, with the statement that caused it. On PostgreSQL the code is the SQLite code of
/// the same meaning (see `Database.sqliteCode(forSQLState:)`) and `sqlState` keeps the original.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    /// The extended result code.
    public let code: Int32
    public let message: String
    public let sql: String?
    /// PostgreSQL's SQLSTATE (nil on SQLite).
    public let sqlState: String?

    public init(code: Int32, message: String, sql: String? = nil, sqlState: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.sqlState = sqlState
    }

    /// The primary result code (the low byte of the extended code).
    public var primaryCode: Int32 { code & 0xFF }
    public var isUniqueViolation: Bool { code == ExtendedCode.constraintUnique || code == ExtendedCode.constraintPrimaryKey }
    public var isForeignKeyViolation: Bool { code == ExtendedCode.constraintForeignKey }
    public var isCheckViolation: Bool { code == ExtendedCode.constraintCheck }
    public var isNotNullViolation: Bool { code == ExtendedCode.constraintNotNull }
    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB || primaryCode == SQLITE_CORRUPT }
    /// The file system refused the write: full (SQLITE_FULL) or failing (SQLITE_IOERR). Nothing of the transaction stays.
    public var isStorageFailure: Bool { primaryCode == SQLITE_FULL || primaryCode == SQLITE_IOERR }

    public var description: String {
        var text = sqlState.map { "PostgreSQL error \($0): \(message)" } ?? "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(sql))" }
        return text
    }
}

/// A database file that cannot be used, explained in one line for an operator.
public struct StoreOpenError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "cannot use database \(path): \(reason)" }
}

/// Extended result codes; SQLite defines them as expression macros, which Swift does not import.
public enum ExtendedCode {
    public static let constraintCheck: Int32 = SQLITE_CONSTRAINT | (1 << 8)
    public static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)
    public static let constraintNotNull: Int32 = SQLITE_CONSTRAINT | (5 << 8)
    public static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    public static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
}
