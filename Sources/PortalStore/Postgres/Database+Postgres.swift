import CPostgres
import CSQLite
import Foundation

/// The PostgreSQL side of `Database`: libpq connection, plain execution, error mapping.
extension Database {
    /// Connects to a PostgreSQL database given as a `postgres://` URL.
    convenience init(postgresURL url: String, readOnly: Bool) throws {
        let display = DatabaseLocation.postgres(url: url).displayName
        guard let connection = PQconnectdb(url) else { throw StoreOpenError(path: display, reason: "libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw StoreOpenError(path: display, reason: "cannot connect to PostgreSQL: \(message)")
        }
        self.init(handle: connection, path: url, readOnly: readOnly, dialect: .postgres)
        do {
            // Notices (e.g. "relation already exists, skipping") are not errors; keep them off stderr.
            try execute("SET client_min_messages = warning")
            if readOnly { try execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY") }
        } catch let error as DatabaseError {
            close()
            throw StoreOpenError(path: display, reason: error.message)
        }
    }

    func closePostgres() { PQfinish(handle) }

    var postgresTransactionOpen: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// Runs statements without parameters. Schema changes forget the cached translations (they may add `RETURNING id`)
    /// and the prepared statements.
    func executePostgres(_ sql: String) throws {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try checkPostgres(result, sql: sql)
        let word = sql.drop { $0.isWhitespace }.prefix { $0.isLetter }.uppercased()
        if !["BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "SET", "SELECT"].contains(word) {
            statements.removeAll()
            postgresTablesWithID = nil
            postgresPrimaryKeys = nil
            postgresTrigramIndexes = nil
            // Prepared plans may now return other columns ("cached plan must not change result type").
            if !postgresPrepared.isEmpty {
                PQclear(PQexec(handle, "DEALLOCATE ALL"))
                postgresPrepared.removeAll()
            }
        }
    }

    /// Throws the error a failed libpq call left in `result` (or on the connection when there is no result).
    func checkPostgres(_ result: OpaquePointer?, sql: String?) throws {
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            var message = result.map { String(cString: PQresultErrorMessage($0)) } ?? ""
            if message.isEmpty { message = String(cString: PQerrorMessage(handle)) }
            message = message.trimmingCharacters(in: .whitespacesAndNewlines)
            if message.hasPrefix("ERROR:") { message = message.dropFirst(6).trimmingCharacters(in: .whitespaces) }
            let state = result.flatMap { CPostgres_sqlstate($0) }.map { String(cString: $0) } ?? (PQstatus(handle) == CONNECTION_OK ? "" : "08006")
            throw DatabaseError(code: Database.sqliteCode(forSQLState: state), message: message, sql: sql, sqlState: state)
        }
    }

    /// The SQLite (extended) result code that means the same as a PostgreSQL SQLSTATE, so that `isUniqueViolation`,
    /// `isBusy` and friends answer alike on both engines.
    static func sqliteCode(forSQLState state: String) -> Int32 {
        switch state {
        case "23505": return ExtendedCode.constraintUnique
        case "23503": return ExtendedCode.constraintForeignKey
        case "23514": return ExtendedCode.constraintCheck
        case "23502": return ExtendedCode.constraintNotNull
        case "40001", "40P01", "55P03", "57014": return SQLITE_BUSY
        case "53100": return SQLITE_FULL
        case "25006": return SQLITE_READONLY
        case "42501": return SQLITE_PERM
        default:
            if state.hasPrefix("08") || state.hasPrefix("57P") { return SQLITE_IOERR }
            return SQLITE_ERROR
        }
    }

    /// Primary key columns of each table of the current schema (for `INSERT OR REPLACE`).
    func primaryKeys() throws -> [String: [String]] {
        if let known = postgresPrimaryKeys { return known }
        let sql = """
            SELECT t.relname, a.attname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
              JOIN unnest(k.conkey) WITH ORDINALITY u(num, ord) ON true JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.num
             WHERE k.contype = 'p' AND t.relnamespace = current_schema()::regnamespace ORDER BY t.relname, u.ord
            """
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try checkPostgres(result, sql: sql)
        var keys: [String: [String]] = [:]
        for row in 0..<PQntuples(result) {
            keys[String(cString: PQgetvalue(result, row, 0)), default: []].append(String(cString: PQgetvalue(result, row, 1)))
        }
        postgresPrimaryKeys = keys
        return keys
    }

    /// Whether the inventory search's trigram indexes exist in the current schema (pg_trgm could be created when the
    /// schema was migrated; see the twin of SQLite migration 18).
    public var hasTrigramIndexes: Bool {
        if let known = postgresTrigramIndexes { return known }
        guard dialect == .postgres else { return false }
        let sql = "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'servers_name_trgm'"
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        let found = (try? checkPostgres(result, sql: sql)) != nil && PQntuples(result) == 1 && String(cString: PQgetvalue(result, 0, 0)) == "1"
        postgresTrigramIndexes = found
        return found
    }

    /// Tables of the current schema that have an `id` column: inserts into them return it.
    func tablesWithID() throws -> Set<String> {
        if let known = postgresTablesWithID { return known }
        let sql = "SELECT table_name FROM information_schema.columns WHERE column_name = 'id' AND table_schema = current_schema()"
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try checkPostgres(result, sql: sql)
        let names = Set((0..<PQntuples(result)).map { String(cString: PQgetvalue(result, $0, 0)) })
        postgresTablesWithID = names
        return names
    }
}
