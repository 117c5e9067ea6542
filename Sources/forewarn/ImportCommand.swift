import ArgumentParser
import Foundation
import PortalApp
import PortalStore

extension Forewarn {
    /// The inventory kinds, for help texts.
    static let kindList = CSVImport.kindNames.joined(separator: ", ")

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import one inventory kind from a CSV file, all or nothing.",
            discussion: """
                Kinds, in the order files must be imported: \(Forewarn.kindList). Any bad row rejects the whole file; the report names \
                line, column and problem. Without --upsert a name that exists already is an error; with it, rows matched by name \
                (e-mail for people; what they link for placements, dependencies and assignments) are updated, new ones created, \
                and rows equal to what is stored are left alone.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "What the file contains.") var kind: String
        @Flag(help: "Check every row and report, but write nothing.") var dryRun = false
        @Flag(help: "Update rows that exist already (matched by name) and create the others.") var upsert = false
        @Argument(help: ArgumentHelp("CSV file (UTF-8, header row required).", valueName: "file")) var file: String

        func validate() throws {
            guard CSVImport.kindNames.contains(kind) else { throw ValidationError("--kind must be one of \(Forewarn.kindList).") }
        }

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw fail("cannot read \(file)") }
            do {
                let store = try database.openStore()
                guard let summary = try CSVImport.commandLine(store, kind: kind, bytes: [UInt8](data), mode: upsert ? .upsert : .create,
                                                              dryRun: dryRun, filename: file) else { throw fail("unknown kind \(kind)") }
                if dryRun {
                    print("dry run: all \(summary.total) rows of \(file) are valid (\(summary.counts(done: false))); nothing was written")
                } else {
                    print("imported \(summary.written) \(kind) from \(file) (\(summary.counts(done: true)))")
                }
            } catch let error as InventoryCSV.ImportError {
                var lines = ["forewarn: \(file) was not imported (\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")); nothing was written"]
                lines += error.problems.map { "  \($0.description)" }
                FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                throw ExitCode(1)
            }
        }
    }
}
