import CPostgres
import CSQLite

extension Database {
    /// Sends several commands at once in libpq's pipeline mode (one round trip) and hands each command's result to
    /// `results` in order, with the label it was sent under; the caller clears the results it keeps no longer.
    /// After a failed command the server skips the rest (their results are `PGRES_PIPELINE_ABORTED`).
    func pipeline(_ commands: (_ send: (String, () -> Int32) -> Void) -> Void, results: (String, OpaquePointer?) -> Void) throws {
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError("cannot enter pipeline mode") }
        roundTrips += 1
        var labels: [String] = []
        var sent = true
        commands { label, call in
            guard sent else { return }
            if call() == 1 { labels.append(label) } else { sent = false }
        }
        guard sent, PQpipelineSync(handle) == 1 else {
            let error = connectionError("cannot send the statement")
            PQexitPipelineMode(handle)
            throw error
        }
        for label in labels {
            // One result per command (no single-row mode), then NULL.
            var first: OpaquePointer?
            while let result = PQgetResult(handle) {
                if first == nil { first = result } else { PQclear(result) }
            }
            results(label, first)
        }
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            PQclear(result)
            if status == PGRES_PIPELINE_SYNC { break }
        }
        PQexitPipelineMode(handle)
    }

    private func connectionError(_ what: String) -> DatabaseError {
        let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
        return DatabaseError(code: SQLITE_IOERR, message: "\(what): \(message)", sql: nil, sqlState: PQstatus(handle) == CONNECTION_OK ? "" : "08006")
    }
}
