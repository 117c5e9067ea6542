import Foundation

extension Database {
    /// Runs independent queries of one read and hands their statements, bound and run, to `body`, which walks each
    /// with `step()`. On PostgreSQL outside a transaction all of them go to the server in one round trip (libpq's
    /// pipeline mode) instead of one each; on SQLite (in-process: nothing to save) and inside a transaction each
    /// runs when first stepped, as usual. Every SQL text must differ (a connection keeps one statement per text).
    public func together<T>(_ queries: [(sql: String, values: [SQLBindable])], _ body: ([Statement]) throws -> T) throws -> T {
        var statements: [Statement] = []
        defer { statements.forEach { $0.reset() } }
        for query in queries {
            let statement = try prepare(query.sql)
            precondition(!statements.contains { $0 === statement }, "together: the same SQL text twice")
            try statement.bind(query.values.map(\.sqlValue))
            statements.append(statement)
        }
        if dialect == .postgres, statements.count > 1, !postgresTransactionOpen {
            try PostgresCursor.run(statements.compactMap(\.cursor), on: self)
        }
        return try body(statements)
    }
}
