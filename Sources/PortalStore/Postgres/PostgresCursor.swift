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
            if StatementCounter.isOn { StatementCounter.increment() }
            if translation == nil { try bind([]) }
            try execute()
        }
        row += 1
        return row < rowCount
    }

    /// Runs the statement as a server-side prepared statement (prepared once per connection, SQL text and parameter
    /// types, `PQsendPrepare`), in one round trip: libpq's pipeline mode sends prepare (the first time), savepoint,
    /// execution and release together. Inside a transaction a failed statement would abort the whole transaction on
    /// PostgreSQL, where SQLite lets the caller handle the error and go on (a duplicate name during an import): the
    /// savepoint, rolled back to on error, keeps SQLite's behaviour.
    private func execute() throws {
        guard let translation else { return }
        let handle = database.handle
        let guarded = database.postgresTransactionOpen
        let count = values.count
        var buffers: [UnsafeMutablePointer<CChar>?] = []
        var types: [Oid] = []
        var lengths: [Int32] = []
        var formats: [Int32] = []
        defer { buffers.forEach { free($0) } }
        for value in values {
            switch value {
            case .null:
                buffers.append(nil); types.append(0); lengths.append(0); formats.append(0)
            case .integer(let v):
                buffers.append(strdup(String(v))); types.append(Oid(CPostgres_INT8OID)); lengths.append(0); formats.append(0)
            case .real(let v):
                buffers.append(strdup(v.isFinite ? String(v) : (v.isNaN ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"))))
                types.append(Oid(CPostgres_FLOAT8OID)); lengths.append(0); formats.append(0)
            case .text(let s):
                buffers.append(strdup(s)); types.append(0); lengths.append(0); formats.append(0)
            case .blob(let bytes):
                let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, bytes.count))
                bytes.withUnsafeBytes { raw in if let base = raw.baseAddress { memcpy(buffer, base, bytes.count) } }
                buffers.append(buffer); types.append(Oid(CPostgres_BYTEAOID)); lengths.append(Int32(bytes.count)); formats.append(1)
            }
        }
        let pointers = buffers.map { UnsafePointer($0) }
        // One prepared statement per SQL text and parameter types (a NULL leaves its type to the server).
        let key = types.map(String.init).joined(separator: ",") + ":" + translation.sql
        let known = database.postgresPrepared[key]
        let name = known ?? "forewarn_\(database.postgresPrepared.count + 1)"
        var outcome: OpaquePointer?
        var failure: Error?
        try database.pipeline { send in
            if known == nil { send("prepare") { PQsendPrepare(handle, name, translation.sql, Int32(count), types) } }
            if guarded { send("savepoint") { PQsendQueryParams(handle, "SAVEPOINT forewarn_statement", 0, nil, nil, nil, nil, 0) } }
            send("statement") { PQsendQueryPrepared(handle, name, Int32(count), pointers, lengths, formats, 0) }
            if guarded { send("release") { PQsendQueryParams(handle, "RELEASE SAVEPOINT forewarn_statement", 0, nil, nil, nil, nil, 0) } }
        } results: { step, result in
            if failure != nil { PQclear(result); return }
            do {
                try database.checkPostgres(result, sql: sql)
            } catch {
                failure = error
                PQclear(result)
                return
            }
            if step == "prepare" { database.postgresPrepared[key] = name }
            if step == "statement" { outcome = result } else { PQclear(result) }
        }
        if let failure {
            if let outcome { PQclear(outcome) }
            if guarded { try? database.executePostgres("ROLLBACK TO SAVEPOINT forewarn_statement; RELEASE SAVEPOINT forewarn_statement") }
            throw failure
        }
        guard let outcome else { throw DatabaseError(code: SQLITE_ERROR, message: "PostgreSQL returned no result", sql: sql) }
        database.postgresChanges = Int(String(cString: PQcmdTuples(outcome))) ?? 0
        result = outcome
        row = -1
        rowCount = PQntuples(outcome)
        if translation.returnsInsertedID {
            // The added `RETURNING id` is for lastInsertRowID only: the caller asked for no rows.
            if rowCount > 0, let id = Int64(String(cString: PQgetvalue(outcome, rowCount - 1, 0))) { database.postgresLastInsertID = id }
            rowCount = 0
        }
    }

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
