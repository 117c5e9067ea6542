import ArgumentParser
import Foundation
import PortalApp
import PortalCore

extension Forewarn {
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Keep the log rules of a stage in a file (for version control).",
                                                        subcommands: [Export.self, Import.self])

        /// `--stage PROD` (long names accepted).
        static func stage(_ text: String) throws -> Environment {
            let names = ["PRODUCTION": "PROD", "INTEGRATION": "INT", "TESTING": "TEST", "DEVELOPMENT": "DEV"]
            guard let stage = Environment(rawValue: names[text.uppercased()] ?? text.uppercased()) else {
                throw ValidationError("--stage must be PROD, INT, TEST or DEV.")
            }
            return stage
        }

        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print the rules of a stage as JSON: forewarn rules export --stage PROD > rules-prod.json")

            @OptionGroup var database: DatabaseOptions
            @Option(help: "PROD, INT, TEST or DEV.") var stage: String

            func run() throws {
                print(try LogRulesFile.export(try database.openStore(), stage: try Rules.stage(stage)), terminator: "")
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Replace the rules of a stage with a file's, all or nothing: forewarn rules import --stage PROD rules-prod.json")

            @OptionGroup var database: DatabaseOptions
            @Option(help: "PROD, INT, TEST or DEV.") var stage: String
            @Argument(help: "The rules file (JSON, as export writes it).") var file: String

            func run() throws {
                let stage = try Rules.stage(stage)
                guard let data = FileManager.default.contents(atPath: file) else { throw fail("cannot read \(file)") }
                do {
                    let count = try LogRulesFile.load(try database.openStore(), stage: stage, data: data)
                    print("\(stage.rawValue): \(count) rule\(count == 1 ? "" : "s") imported")
                } catch let refused as LogRulesFile.Refused {
                    throw fail("nothing was imported:\n" + refused.problems.map { "  " + $0 }.joined(separator: "\n"))
                }
            }
        }
    }
}
