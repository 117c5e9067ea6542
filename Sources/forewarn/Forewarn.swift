import ArgumentParser
import Foundation
import Logging
import PortalApp
import PortalCore
import PortalHTTP
import PortalStore

/// `forewarn`: the portal and its maintenance commands.
@main
struct Forewarn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forewarn",
        abstract: "Forewarn: tell the right people before a server, cluster, region or service goes down.",
        discussion: "Run `forewarn serve` to start the portal on an embedded SQLite file. Every command that touches data takes --db PATH or --db postgres://user@host:port/dbname (default $FOREWARN_DATABASE_URL, else ./data/forewarn.sqlite).",
        version: "forewarn \(ForewarnVersion.current)",
        subcommands: [Serve.self, Migrate.self, Copy.self, Import.self, Export.self, DemoData.self, Report.self, User.self, Token.self, Bridge.self, Monitor.self, Rules.self, Logs.self],
        defaultSubcommand: Serve.self
    )
}

// One file per command: ServeCommand.swift, MigrateCommand.swift, ImportCommand.swift, ExportCommand.swift,
// DemoDataCommand.swift, ReportCommand.swift, UserCommand.swift, TokenCommand.swift.

/// Options shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database file (created if missing), file:///path, or postgres://user@host:port/dbname. Default: $FOREWARN_DATABASE_URL, else ./data/forewarn.sqlite.", valueName: "path-or-url"))
    var db: String = ProcessInfo.processInfo.environment["FOREWARN_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data/forewarn.sqlite"

    /// Refuses an unknown URL scheme in one line and turns a `file:` URL into its path, before anything is created.
    mutating func validate() throws {
        do {
            if case .sqlite(let path) = try DatabaseLocation.parse(db) { db = path }
        } catch let error as StoreOpenError {
            throw fail(error.description)
        }
    }
}

/// Prints one clear line and exits non-zero, instead of a backtrace.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("forewarn: \(message)\n".utf8))
    return ExitCode(1)
}


extension DatabaseOptions {
    /// Opens (and by default migrates) the database, or ends the command with one line saying why it cannot.
    func openStore(migrate: Bool = true) throws -> Store {
        do {
            return try Store(path: db, migrate: migrate)
        } catch let error as StoreOpenError {
            throw fail(error.description)
        }
    }

    /// The application on this database without its server (for commands that reuse its services), or one line saying
    /// why it cannot start.
    func openApplication(_ configure: (inout AppConfiguration) -> Void = { _ in }) throws -> Application {
        var configuration = AppConfiguration()
        configuration.databasePath = db
        configuration.clockInterval = 0
        configuration.deliversMail = false
        // The key `serve` uses (on PostgreSQL every instance and tool needs the same one), as `serve` reads it.
        configuration.secretKeyPath = ProcessInfo.processInfo.environment["FOREWARN_SECRET_KEY_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        configure(&configuration)
        var logger = Logger(label: "forewarn")
        logger.logLevel = .warning
        do {
            return try Application(configuration: configuration, logger: logger)
        } catch let error as StoreOpenError {
            throw fail(error.description)
        } catch let error as ServerError {
            throw fail(error.message)
        }
    }
}
