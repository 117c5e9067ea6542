import ArgumentParser
import Foundation
import PortalApp
import PortalHTTP
import PortalStore

extension Forewarn {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the change-impact report of a downtime as a PDF.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The downtime's number (42 for DT-42).") var id: Int64
        @Option(help: ArgumentHelp("Where to write the PDF.", valueName: "file")) var pdf: String
        @Option(help: "Paper size: a4 or letter.") var paper: String = "a4"
        @Option(help: ArgumentHelp("The portal's public address, for links in the PDF (default: FOREWARN_PUBLIC_URL, else the one saved on the mail settings page, else no links).", valueName: "url"))
        var publicUrl: String?

        func validate() throws {
            guard ["a4", "letter"].contains(paper.lowercased()) else { throw ValidationError("--paper must be a4 or letter.") }
        }

        func run() throws {
            let configured = (publicUrl ?? ProcessInfo.processInfo.environment["FOREWARN_PUBLIC_URL"]).flatMap { $0.isEmpty ? nil : $0 }
            let app = try database.openApplication { $0.publicURL = configured }
            do {
                try ReportCommand.writePDF(application: app, downtimeID: id, paper: paper, path: pdf)
            } catch let error as ServerError {
                throw fail(error.message)
            }
        }
    }
}
