import CPostgres
import CSQLite
import Foundation

/// Runs one translated statement on a PostgreSQL connection and walks its result, behind `Statement`.
final class PostgresCursor {
    unowned let database: Database
    let sql: String
    private var translation: PostgresTranslation.Result?
    private var parameterCount = 0
    private var values: [SQLValue] = []
    private var result: OpaquePointer?
    private var row: Int32 = -1
    private var rowCount: Int32 = 0

    init(database: Database, sql: String) {
        self.database = database
        self.sql = sql
    }

    deinit { reset() }

    func bind(_ values: [SQLValue]) throws {
        reset()
        if translation == nil {
            let translated = PostgresTranslation.translate(sql, tablesWithID: try database.tablesWithID(), primaryKeys: try database.primaryKeys())
            translation = translated
            parameterCount = PostgresTranslation.parameterCount(sql)
        }
        guard values.count == parameterCount else {
            throw DatabaseError(code: SQLITE_RANGE, message: "statement expects \(parameterCount) parameters, got \(values.count)", sql: sql)
        }
        self.values = values
    }

    func step() throws -> Bool {
        if result == nil {
            if translation == nil { try bind([]) }
            try execute()
        }
        row += 1
        return row < rowCount
    }

    /// Runs the statement as a server-side prepared statement, in one round trip (see `run(_:on:)`).
    private func execute() throws {
        guard translation != nil else { return }
        try PostgresCursor.run([self], on: database)
    }

    /// Runs bound cursors of one connection together, each as a server-side prepared statement (prepared once per
    /// connection, SQL text and parameter types, `PQsendPrepare`), in one round trip: libpq's pipeline mode sends every
    /// prepare (the first time), savepoint, execution and release at once. Inside a transaction a failed statement
    /// would abort the whole transaction on PostgreSQL, where SQLite lets the caller handle the error and go on (a
    /// duplicate name during an import): the savepoint, rolled back to on error, keeps SQLite's behaviour; so inside a
    /// transaction only one cursor is run at a time. Outside one, a failed statement makes the server skip the rest
    /// of the pipeline; the first error is thrown.
    static func run(_ cursors: [PostgresCursor], on database: Database) throws {
        let guarded = database.postgresTransactionOpen
        precondition(cursors.count == 1 || !guarded, "cursors run together only outside a transaction")
        let executions = cursors.map { PostgresExecution(cursor: $0) }
        do {
            try database.pipeline { send in
                for (index, execution) in executions.enumerated() { execution.send(send, tag: index, guarded: guarded) }
            } results: { label, result in
                let (index, step) = PostgresExecution.split(label)
                executions[index].receive(step, result)
            }
        } catch {
            executions.forEach { $0.sendFailed() }
            throw error
        }
        var failure: Error?
        for execution in executions {
            do { try execution.cursor.finish(execution, guarded: guarded) } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    /// Takes the outcome of an execution: the result to walk, or its error (after rolling back to the savepoint).
    private func finish(_ execution: PostgresExecution, guarded: Bool) throws {
        if StatementCounter.isOn { StatementCounter.increment() }
        if let failure = execution.failure {
            if let outcome = execution.outcome { PQclear(outcome) }
            if guarded { try? database.executePostgres("ROLLBACK TO SAVEPOINT forewarn_statement; RELEASE SAVEPOINT forewarn_statement") }
            throw failure
        }
        guard let outcome = execution.outcome else { throw DatabaseError(code: SQLITE_ERROR, message: "PostgreSQL returned no result", sql: sql) }
        database.postgresChanges = Int(String(cString: PQcmdTuples(outcome))) ?? 0
        result = outcome
        row = -1
        rowCount = PQntuples(outcome)
        if translation?.returnsInsertedID == true {
            // The added `RETURNING id` is for lastInsertRowID only: the caller asked for no rows.
            if rowCount > 0, let id = Int64(String(cString: PQgetvalue(outcome, rowCount - 1, 0))) { database.postgresLastInsertID = id }
            rowCount = 0
        }
    }

    /// What `PostgresExecution` needs of a bound cursor.
    var boundValues: [SQLValue] { values }
    var translatedSQL: String { translation?.sql ?? sql }
    var hasResult: Bool { result != nil }

    var columnCount: Int {
        if result == nil { try? execute() }
        return result.map { Int(PQnfields($0)) } ?? 0
    }

    func columnName(_ index: Int) -> String { result.map { String(cString: PQfname($0, Int32(index))) } ?? "" }

    func isNull(at index: Int) -> Bool {
        guard let result, row >= 0, row < rowCount else { return true }
        return PQgetisnull(result, row, Int32(index)) == 1
    }

    func value(at index: Int) -> SQLValue {
        guard let result, row >= 0, row < rowCount, PQgetisnull(result, row, Int32(index)) == 0 else { return .null }
        let column = Int32(index)
        let text = String(cString: PQgetvalue(result, row, column))
        switch Int(PQftype(result, column)) {
        case Int(CPostgres_BOOLOID): return .integer(text == "t" ? 1 : 0)
        case Int(CPostgres_INT8OID), Int(CPostgres_INT4OID), Int(CPostgres_INT2OID), Int(CPostgres_OIDOID):
            return Int64(text).map(SQLValue.integer) ?? .text(text)
        case Int(CPostgres_FLOAT4OID), Int(CPostgres_FLOAT8OID):
            return Double(text).map(SQLValue.real) ?? .text(text)
        case Int(CPostgres_NUMERICOID):
            // sum() of integers is numeric on PostgreSQL and an integer on SQLite.
            if let whole = Int64(text) { return .integer(whole) }
            return Double(text).map(SQLValue.real) ?? .text(text)
        case Int(CPostgres_BYTEAOID): return .blob(PostgresCursor.decodeHexBytea(text))
        default: return .text(text)
        }
    }

    /// bytea in text output is `\x` followed by hex digits.
    static func decodeHexBytea(_ text: String) -> [UInt8] {
        let digits = Array(text.utf8.dropFirst(2))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        func nibble(_ c: UInt8) -> UInt8 { c >= 97 ? c - 87 : (c >= 65 ? c - 55 : c - 48) }
        var i = 0
        while i + 1 < digits.count {
            bytes.append(nibble(digits[i]) << 4 | nibble(digits[i + 1]))
            i += 2
        }
        return bytes
    }

    func reset() {
        if let result { PQclear(result) }
        result = nil
        row = -1
        rowCount = 0
    }
}
