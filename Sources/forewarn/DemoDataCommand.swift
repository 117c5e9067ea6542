import ArgumentParser
import Foundation
import PortalApp
import PortalCore
import PortalStore

extension Forewarn {
    struct DemoData: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo-data",
            abstract: "Fill an empty database with a realistic, deterministic demo inventory.",
            discussion: "Nested regions, clusters, servers, services with redundancy and dependency chains, processes, data sets, people, teams and assignments at every level. The same --servers and --seed always give the same inventory.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Number of servers (about one service per 20 servers).") var servers: Int = 500
        @Option(help: "Random seed.") var seed: UInt64 = 42
        @Flag(help: "Do nothing (and succeed) when the database already has an inventory.") var ifEmpty = false
        @Flag(help: "Also add a few downtimes and incidents around now (once; notices wait in the outbox until mail is configured).") var withActivity = false

        func validate() throws {
            guard (1...1_000_000).contains(servers) else { throw ValidationError("--servers must be between 1 and 1,000,000.") }
        }

        func run() throws {
            do {
                let store = try database.openStore()
                let empty = try store.read { try InventoryLoader.isEmpty($0) }
                if !empty {
                    if ifEmpty {
                        print("database \(database.db) already has an inventory; demo data not loaded")
                        if withActivity { try addActivity() }
                        return
                    }
                    throw fail("database \(database.db) already has an inventory; demo data goes into an empty database only")
                }
                let started = Date()
                let inventory = InventoryGenerator(servers: servers, seed: seed).generate()
                try store.write { db in
                    try InventoryLoader.insert(db, inventory)
                    try AuditLog.record(db, actor: "cli", action: "demo-data", objectKind: "inventory", objectID: nil,
                                        objectName: "\(inventory.servers.count) servers, seed \(seed)")
                }
                let seconds = Date().timeIntervalSince(started)
                print("loaded demo inventory into \(database.db): \(inventory.regions.count) regions, \(inventory.clusters.count) clusters, \(inventory.servers.count) servers, \(inventory.services.count) services, \(inventory.dependencies.count) dependencies, \(inventory.people.count) people, \(inventory.assignments.count) assignments in \(String(format: "%.1f", seconds)) s")
                if withActivity { try addActivity() }
            } catch let error as DatabaseError {
                throw fail("cannot load demo data: \(error.message)")
            }
        }

        /// The downtimes and incidents, made through the application's own services.
        func addActivity() throws {
            print(try DemoActivity.create(try database.openApplication()))
        }
    }
}
