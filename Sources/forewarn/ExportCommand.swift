import ArgumentParser
import Foundation
import PortalStore

extension Forewarn {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export one inventory kind as CSV to standard output or a file.",
            discussion: "Kinds: \(Forewarn.kindList). Exported files import unchanged into an empty database.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "What to export.") var kind: String
        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

        func validate() throws {
            guard InventorySpecs.spec(kind) != nil || kind == "checks" else { throw ValidationError("--kind must be one of \(Forewarn.kindList).") }
        }

        func run() throws {
            if kind == "checks" { return try exportChecks(database: database, output: output) }
            guard let spec = InventorySpecs.spec(kind) else { return }
            let store = try database.openStore()
            var text = ""
            try store.read { db in try InventoryCSV.export(db, spec) { text += $0 } }
            if let output {
                guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else { throw fail("cannot write \(output)") }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
