import ArgumentParser
import Foundation
import PortalStore

extension Forewarn {
    /// `forewarn copy --from A --to B`: moves a whole installation between SQLite and PostgreSQL.
    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy every table from one database into a new, empty one (SQLite file or postgres:// URL), ids kept.",
            discussion: "The target is created and migrated if needed and must hold no data; row counts are checked afterwards.")

        @Option(help: ArgumentHelp("The database to copy: an SQLite file, file:///path or postgres://user@host:port/dbname.", valueName: "path-or-url"))
        var from: String
        @Option(help: ArgumentHelp("The new, empty database to fill (same forms as --from).", valueName: "path-or-url"))
        var to: String

        func validate() throws {
            for value in [from, to] {
                do { _ = try DatabaseLocation.parse(value) } catch let error as StoreOpenError { throw fail(error.description) }
            }
            if case .sqlite(let path)? = try? DatabaseLocation.parse(from), !FileManager.default.fileExists(atPath: path) {
                throw fail("cannot copy from \(path): no such file")
            }
        }

        func run() throws {
            let source: Store, target: Store
            do {
                source = try Store(path: from, readers: 1, migrate: false)
                target = try Store(path: to, readers: 1)
            } catch let error as StoreOpenError {
                throw fail(error.description)
            }
            let started = Date()
            do {
                let counts = try DatabaseCopy.copy(from: source, to: target)
                let rows = counts.reduce(0) { $0 + $1.rows }
                print("copied \(counts.count) tables, \(rows) rows from \(source.location.displayName) to \(target.location.displayName) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; row counts match")
            } catch let error as DatabaseCopy.CopyError {
                throw fail("cannot copy: \(error.description)")
            } catch let error as DatabaseError {
                throw fail("cannot copy: \(error.message)")
            }
        }
    }
}
