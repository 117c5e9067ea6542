import ArgumentParser
import Foundation
import PortalApp
import PortalCore

extension Forewarn {
    struct Logs: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stored log messages.", subcommands: [Purge.self])

        struct Purge: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Delete log messages older than a date: forewarn logs purge --before 2026-01-01 [--stage TEST]")

            @OptionGroup var database: DatabaseOptions
            @Option(help: "A UTC date (2026-01-01) or time (2026-01-01T12:00:00Z): older messages are deleted.") var before: String
            @Option(help: "Only this stage (PROD, INT, TEST, DEV); all stages when left out.") var stage: String?

            func run() throws {
                guard let cutoff = (try? UTCTimestamp.date(from: before)) ?? (try? UTCTimestamp.date(from: before + "T00:00:00Z")) else {
                    throw ValidationError("--before must be a UTC date like 2026-01-01 or a time like 2026-01-01T12:00:00Z.")
                }
                let chosen = try stage.map { try Rules.stage($0) }
                let deleted = try LogPurge.run(try database.openStore(), before: cutoff, stage: chosen)
                print("\(deleted) message\(deleted == 1 ? "" : "s") deleted\(chosen.map { " from \($0.rawValue)" } ?? "")")
            }
        }
    }
}
