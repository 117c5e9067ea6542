import ArgumentParser
import Foundation
import PortalStore

extension Forewarn {
    /// The inventory kinds, for help texts.
    static let kindList = (InventorySpecs.all.map(\.kind.rawValue) + ["checks"]).joined(separator: ", ")

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import one inventory kind from a CSV file, all or nothing.",
            discussion: "Kinds, in the order files must be imported: \(Forewarn.kindList). Any bad row rejects the whole file; the report names line, column and problem.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "What the file contains.") var kind: String
        @Flag(help: "Check every row and report, but write nothing.") var dryRun = false
        @Argument(help: ArgumentHelp("CSV file (UTF-8, header row required).", valueName: "file")) var file: String

        func validate() throws {
            guard InventorySpecs.spec(kind) != nil || kind == "checks" else { throw ValidationError("--kind must be one of \(Forewarn.kindList).") }
        }

        func run() throws {
            if kind == "checks" { return try importChecks(database: database, file: file, dryRun: dryRun) }
            guard let spec = InventorySpecs.spec(kind) else { return }
            guard let data = FileManager.default.contents(atPath: file) else { throw fail("cannot read \(file)") }
            struct DryRun: Error { let rows: Int }
            do {
                let store = try database.openStore()
                let rows = try store.write { db -> Int in
                    let rows = try InventoryCSV.importRows(db, spec, bytes: [UInt8](data))
                    if dryRun { throw DryRun(rows: rows) }
                    try AuditLog.record(db, actor: "cli", action: "import", objectKind: spec.singular, objectID: nil, objectName: "\(rows) \(spec.kind.rawValue) from \(file)")
                    return rows
                }
                print("imported \(rows) \(spec.kind.rawValue) from \(file)")
            } catch let dry as DryRun {
                print("dry run: all \(dry.rows) rows of \(file) are valid; nothing was written")
            } catch let error as InventoryCSV.ImportError {
                var lines = ["forewarn: \(file) was not imported (\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")); nothing was written"]
                lines += error.problems.map { "  \($0.description)" }
                FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                throw ExitCode(1)
            }
        }
    }
}
