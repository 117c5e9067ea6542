import CPostgres
import CSQLite
import Foundation

/// One execution of a bound `PostgresCursor` in a pipeline: its parameters in libpq's form (freed with it), the
/// prepared statement it uses, and what the server answered.
final class PostgresExecution {
    let cursor: PostgresCursor
    private var buffers: [UnsafeMutablePointer<CChar>?] = []
    private var types: [Oid] = []
    private var lengths: [Int32] = []
    private var formats: [Int32] = []
    /// The prepared statement's key (parameter types and SQL text) and name.
    private let key: String
    private let name: String
    private let isPrepared: Bool
    private(set) var outcome: OpaquePointer?
    private(set) var failure: Error?

    init(cursor: PostgresCursor) {
        self.cursor = cursor
        for value in cursor.boundValues {
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
        // One prepared statement per SQL text and parameter types (a NULL leaves its type to the server).
        key = types.map(String.init).joined(separator: ",") + ":" + cursor.translatedSQL
        let database = cursor.database
        if let known = database.postgresPrepared[key] {
            name = known
            isPrepared = true
        } else {
            name = "forewarn_\(database.postgresPrepared.count + 1)"
            isPrepared = false
            // Reserved now, so that a second new statement in the same pipeline gets another name.
            database.postgresPrepared[key] = name
        }
    }

    deinit { buffers.forEach { free($0) } }

    /// Queues this execution's commands; `tag` tells its results apart from other executions' in the pipeline.
    func send(_ send: (String, () -> Int32) -> Void, tag: Int, guarded: Bool) {
        let handle = cursor.database.handle
        let sql = cursor.translatedSQL, count = Int32(types.count)
        if !isPrepared { send("\(tag):prepare") { PQsendPrepare(handle, self.name, sql, count, self.types) } }
        if guarded { send("\(tag):savepoint") { PQsendQueryParams(handle, "SAVEPOINT forewarn_statement", 0, nil, nil, nil, nil, 0) } }
        send("\(tag):statement") {
            let pointers = self.buffers.map { UnsafePointer($0) }
            return PQsendQueryPrepared(handle, self.name, count, pointers, self.lengths, self.formats, 0)
        }
        if guarded { send("\(tag):release") { PQsendQueryParams(handle, "RELEASE SAVEPOINT forewarn_statement", 0, nil, nil, nil, nil, 0) } }
    }

    /// Takes one of this execution's results (the caller clears none: what is not kept is cleared here).
    func receive(_ step: String, _ result: OpaquePointer?) {
        if failure != nil { PQclear(result); return }
        do {
            try cursor.database.checkPostgres(result, sql: cursor.sql)
        } catch {
            failure = error
            PQclear(result)
            // A statement that could not be prepared is not prepared: the next execution prepares it again.
            if step == "prepare" { cursor.database.postgresPrepared[key] = nil }
            return
        }
        if step == "statement" { outcome = result } else { PQclear(result) }
    }

    /// A pipeline label back into the execution's index and step.
    static func split(_ label: String) -> (Int, String) {
        let parts = label.split(separator: ":", maxSplits: 1)
        return (Int(parts[0]) ?? 0, parts.count > 1 ? String(parts[1]) : "")
    }

    /// Whether a failed or skipped send left this execution's statement unprepared (its reserved name is given back).
    func sendFailed() {
        if !isPrepared && outcome == nil { cursor.database.postgresPrepared[key] = nil }
    }
}
