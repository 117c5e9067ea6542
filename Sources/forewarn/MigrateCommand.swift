import ArgumentParser
import Foundation
import PortalStore

extension Forewarn {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema, then exit.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            do {
                let store = try database.openStore(migrate: false)
                let before = try store.withWriter { try $0.userVersion }
                let after = try store.withWriter { try Migrator.migrate($0) }
                let name = store.location.displayName
                print(before == after ? "database \(name) is up to date (schema version \(after))"
                                      : "migrated \(name) from schema version \(before) to \(after)")
            } catch let error as DatabaseError {
                throw fail("cannot migrate \(database.db): \(error.message)")
            }
        }
    }
}
