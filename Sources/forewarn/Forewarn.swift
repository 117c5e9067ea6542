import ArgumentParser
import Dispatch
import Foundation
import Logging
import PortalApp
import PortalCore
import PortalHTTP
import PortalIngest
import PortalMail
import PortalStore

/// `forewarn`: the portal and its maintenance commands.
@main
struct Forewarn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forewarn",
        abstract: "Forewarn: tell the right people before a server, cluster, region or service goes down.",
        discussion: "Run `forewarn serve` to start the portal on an embedded SQLite file. Every command that touches data takes --db PATH (default ./data/forewarn.sqlite).",
        version: "forewarn \(ForewarnVersion.current)",
        subcommands: [Serve.self, Migrate.self, Import.self, Export.self, DemoData.self, Report.self, User.self, Token.self, Bridge.self],
        defaultSubcommand: Serve.self
    )
}

/// Options shared by every command that opens the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database file (created if missing).", valueName: "path"))
    var db: String = "./data/forewarn.sqlite"
}

/// Prints one clear line and exits non-zero, instead of a backtrace.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("forewarn: \(message)\n".utf8))
    return ExitCode(1)
}

extension Forewarn {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the web portal.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Address to listen on (IPv4).") var host: String = "127.0.0.1"
        @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 8080
        @Option(help: ArgumentHelp("Folder with Templates/ and Public/ (found automatically).", valueName: "path")) var resources: String?
        @Option(help: "Worker threads (0 = one per core).") var threads: Int = 0
        @Option(help: "Largest request body in KiB.") var maxBodyKib: Int = 8192
        @Option(help: "Largest request head (request line and headers) in KiB.") var maxHeaderKib: Int = 16
        @Option(help: "Simultaneous connections per client IP.") var perIpLimit: Int = 64
        @Option(help: "Seconds before an idle or slow connection is closed.") var connectionTimeout: Int = 10
        @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"
        @Option(help: ArgumentHelp("The address people use, e.g. https://forewarn.example.com (https makes the session cookie __Host- and Secure).", valueName: "url"))
        var publicUrl: String?
        @Option(help: ArgumentHelp("SMTP server for notices: smtp://[user:pass@]host:port (STARTTLS when offered) or smtps://... Default: FOREWARN_SMTP_URL, else the mail settings page.", valueName: "url"))
        var smtpUrl: String?
        @Option(help: ArgumentHelp("From address of notices. Default: FOREWARN_MAIL_FROM, else the mail settings page.", valueName: "address"))
        var mailFrom: String?
        @Option(help: ArgumentHelp("Key file that seals stored secrets such as the SMTP password; created with mode 0600 when missing. Default: FOREWARN_SECRET_KEY_FILE, else <db>.key beside the database.", valueName: "path"))
        var secretKeyFile: String?
        @Option(help: ArgumentHelp("Addresses, blocks or host names that webhooks may call although they are loopback, link-local or cloud metadata addresses (refused by default), comma-separated, e.g. 127.0.0.1,10.1.0.0/16. Default: FOREWARN_ALLOW_OUTBOUND.", valueName: "list"))
        var allowOutbound: [String] = []
        @OptionGroup var syslog: SyslogOptions

        func validate() throws {
            if let url = smtpUrl ?? ProcessInfo.processInfo.environment["FOREWARN_SMTP_URL"], !url.isEmpty {
                guard let scheme = URL(string: url)?.scheme?.lowercased(), ["smtp", "smtps"].contains(scheme), URL(string: url)?.host != nil else {
                    throw ValidationError("--smtp-url (or FOREWARN_SMTP_URL) must look like smtp://host:port or smtps://user:password@host:port.")
                }
            }
            if let from = mailFrom ?? ProcessInfo.processInfo.environment["FOREWARN_MAIL_FROM"], !from.isEmpty {
                guard from.split(separator: "@").count == 2, !from.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) else {
                    throw ValidationError("--mail-from (or FOREWARN_MAIL_FROM) must be a plain address such as forewarn@example.com.")
                }
            }
            _ = try outboundPolicy()
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
            guard threads >= 0, threads <= 256 else { throw ValidationError("--threads must be between 0 and 256.") }
            guard maxBodyKib >= 1, maxHeaderKib >= 1, perIpLimit >= 1, connectionTimeout >= 1 else {
                throw ValidationError("--max-body-kib, --max-header-kib, --per-ip-limit and --connection-timeout must be at least 1.")
            }
            guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical.") }
            if let publicUrl {
                guard let url = URL(string: publicUrl), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                    throw ValidationError("--public-url must be a full http:// or https:// address.")
                }
            }
        }

        func outboundPolicy() throws -> OutboundPolicy {
            let listed = allowOutbound.isEmpty ? [ProcessInfo.processInfo.environment["FOREWARN_ALLOW_OUTBOUND"] ?? ""] : allowOutbound
            do {
                return try OutboundPolicy(allowing: listed.flatMap { $0.split(separator: ",").map(String.init) })
            } catch {
                throw ValidationError(error.message)
            }
        }

        func run() throws {
            var logger = Logger(label: "forewarn")
            logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            var configuration = AppConfiguration()
            configuration.databasePath = database.db
            configuration.resourcesPath = resources
            configuration.server.host = host
            configuration.server.port = UInt16(port)
            configuration.server.threads = threads
            configuration.server.maxBodyBytes = maxBodyKib * 1024
            configuration.server.maxHeaderBytes = maxHeaderKib * 1024
            configuration.server.perIPConnectionLimit = perIpLimit
            configuration.server.connectionTimeout = connectionTimeout
            configuration.publicURL = publicUrl.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            let environment = ProcessInfo.processInfo.environment
            configuration.smtpURL = (smtpUrl ?? environment["FOREWARN_SMTP_URL"]).flatMap { $0.isEmpty ? nil : $0 }
            configuration.mailFrom = (mailFrom ?? environment["FOREWARN_MAIL_FROM"]).flatMap { $0.isEmpty ? nil : $0 }
            configuration.outbound = try outboundPolicy()
            configuration.secretKeyPath = (secretKeyFile ?? environment["FOREWARN_SECRET_KEY_FILE"]).flatMap { $0.isEmpty ? nil : $0 }
            syslog.apply(to: &configuration)
            let app: Application
            do {
                app = try Application(configuration: configuration, logger: logger)
                try app.start()
            } catch let error as StoreOpenError {
                throw fail(error.description)
            } catch let error as ServerError {
                throw fail(error.message)
            } catch let error as SocketError {
                throw fail("cannot listen for syslog: \(error)")
            }
            FileHandle.standardOutput.write(Data("Forewarn \(ForewarnVersion.current) is running at http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(app.port)/  (database \(database.db); Ctrl-C to stop)\n".utf8))
            ShutdownSignal.wait()
            logger.info("shutting down: finishing in-flight requests")
            app.shutdown()
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema, then exit.")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            do {
                let store = try Store(path: database.db, migrate: false)
                let before = try store.withWriter { try $0.userVersion }
                let after = try store.withWriter { try Migrator.migrate($0) }
                print(before == after ? "database \(database.db) is up to date (schema version \(after))"
                                      : "migrated \(database.db) from schema version \(before) to \(after)")
            } catch let error as StoreOpenError {
                throw fail(error.description)
            } catch let error as DatabaseError {
                throw fail("cannot migrate \(database.db): \(error.message)")
            }
        }
    }
}

extension Forewarn {
    /// The inventory kinds, for help texts.
    static let kindList = InventorySpecs.all.map(\.kind).joined(separator: ", ")

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import one inventory kind from a CSV file, all or nothing.",
            discussion: "Kinds, in the order files must be imported: \(Forewarn.kindList). Any bad row rejects the whole file; the report names line, column and problem.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "What the file contains.") var kind: String
        @Flag(help: "Check every row and report, but write nothing.") var dryRun = false
        @Argument(help: ArgumentHelp("CSV file (UTF-8, header row required).", valueName: "file")) var file: String

        func validate() throws {
            guard InventorySpecs.spec(kind) != nil else { throw ValidationError("--kind must be one of \(Forewarn.kindList).") }
        }

        func run() throws {
            guard let spec = InventorySpecs.spec(kind) else { return }
            guard let data = FileManager.default.contents(atPath: file) else { throw fail("cannot read \(file)") }
            struct DryRun: Error { let rows: Int }
            do {
                let store = try Store(path: database.db)
                let rows = try store.write { db -> Int in
                    let rows = try InventoryCSV.importRows(db, spec, bytes: [UInt8](data))
                    if dryRun { throw DryRun(rows: rows) }
                    try AuditLog.record(db, actor: "cli", action: "import", objectKind: spec.singular, objectID: nil, objectName: "\(rows) \(spec.kind) from \(file)")
                    return rows
                }
                print("imported \(rows) \(spec.kind) from \(file)")
            } catch let dry as DryRun {
                print("dry run: all \(dry.rows) rows of \(file) are valid; nothing was written")
            } catch let error as InventoryCSV.ImportError {
                var lines = ["forewarn: \(file) was not imported (\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")); nothing was written"]
                lines += error.problems.map { "  \($0.description)" }
                FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                throw ExitCode(1)
            } catch let error as StoreOpenError {
                throw fail(error.description)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export one inventory kind as CSV to standard output or a file.",
            discussion: "Kinds: \(Forewarn.kindList). Exported files import unchanged into an empty database.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "What to export.") var kind: String
        @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")) var output: String?

        func validate() throws {
            guard InventorySpecs.spec(kind) != nil else { throw ValidationError("--kind must be one of \(Forewarn.kindList).") }
        }

        func run() throws {
            guard let spec = InventorySpecs.spec(kind) else { return }
            do {
                let store = try Store(path: database.db)
                var text = ""
                try store.read { db in try InventoryCSV.export(db, spec) { text += $0 } }
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else { throw fail("cannot write \(output)") }
                } else {
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
            } catch let error as StoreOpenError {
                throw fail(error.description)
            }
        }
    }
}

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
                let store = try Store(path: database.db)
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
            } catch let error as StoreOpenError {
                throw fail(error.description)
            } catch let error as DatabaseError {
                throw fail("cannot load demo data: \(error.message)")
            }
        }

        /// The downtimes and incidents, made through the application's own services.
        func addActivity() throws {
            var configuration = AppConfiguration()
            configuration.databasePath = database.db
            configuration.clockInterval = 0
            configuration.deliversMail = false
            var logger = Logger(label: "forewarn")
            logger.logLevel = .warning
            let app = try Application(configuration: configuration, logger: logger)
            print(try DemoActivity.create(app))
        }
    }
}

extension Forewarn {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the change-impact report of a downtime as a PDF.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The downtime's number (42 for DT-42).") var id: Int64
        @Option(help: ArgumentHelp("Where to write the PDF.", valueName: "file")) var pdf: String
        @Option(help: "Paper size: a4 or letter.") var paper: String = "a4"
        @Option(help: ArgumentHelp("The portal's public address, for links in the PDF.", valueName: "url")) var publicUrl: String = "http://127.0.0.1:8080"

        func validate() throws {
            guard ["a4", "letter"].contains(paper.lowercased()) else { throw ValidationError("--paper must be a4 or letter.") }
        }

        func run() throws {
            var configuration = AppConfiguration()
            configuration.databasePath = database.db
            configuration.clockInterval = 0
            configuration.deliversMail = false
            configuration.publicURL = publicUrl
            var logger = Logger(label: "forewarn")
            logger.logLevel = .warning
            do {
                let app = try Application(configuration: configuration, logger: logger)
                try ReportCommand.writePDF(application: app, downtimeID: id, paper: paper, path: pdf)
            } catch let error as StoreOpenError {
                throw fail(error.description)
            } catch let error as ServerError {
                throw fail(error.message)
            }
        }
    }
}

extension Forewarn {
    struct User: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Manage user accounts.", subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a user; the password is read from standard input (one line) or asked for.",
                discussion: "Example: forewarn user add --admin alice")

            @OptionGroup var database: DatabaseOptions
            @Flag(help: "Give the user the admin role.") var admin = false
            @Option(help: "Role: viewer, engineer, comms_manager or admin.") var role: String = "viewer"
            @Option(help: "The name shown in the portal (default: the login).") var displayName: String?
            @Option(help: "E-mail address.") var email: String = ""
            @Flag(help: "Succeed without changes when the login already exists.") var ifMissing = false
            @Argument(help: "Login name.") var name: String

            func validate() throws {
                guard admin || UserRole(rawValue: role) != nil else { throw ValidationError("--role must be viewer, engineer, comms_manager or admin.") }
            }

            func run() throws {
                let role = admin ? UserRole.admin : (UserRole(rawValue: self.role) ?? .viewer)
                if ifMissing, let store = try? Store(path: database.db), (try? store.read({ try AccountStore.findUser($0, login: name) })) != nil {
                    print("user \(name) already exists")
                    return
                }
                // At a terminal the password is asked for without echo; otherwise it is one line of standard input.
                let entered: String? = isatty(STDIN_FILENO) != 0 ? getpass("Password for \(name): ").map { String(cString: $0) } : readLine(strippingNewline: true)
                guard let password = entered, !password.isEmpty else { throw fail("no password given on standard input") }
                do {
                    let store = try Store(path: database.db)
                    try store.write { db in
                        let id = try AccountStore.createUser(db, login: name, displayName: displayName ?? name, email: email, role: role, password: password)
                        try AuditLog.record(db, actor: "cli", action: "create", objectKind: "user", objectID: id, objectName: name, after: "{\"role\":\"\(role.rawValue)\"}")
                    }
                    print("created user \(name) with role \(role.rawValue)")
                } catch EntityError.invalid(let errors) {
                    throw fail(errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: " "))
                } catch let error as StoreOpenError {
                    throw fail(error.description)
                }
            }
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Manage API tokens.", subcommands: [Create.self])

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create an API token for a user and print only the token.")

            @OptionGroup var database: DatabaseOptions
            @Option(help: "The user the token acts as.") var user: String
            @Option(help: "read or write.") var scope: String = "read"
            @Option(help: "A name to recognise the token by.") var name: String = "cli"

            func validate() throws {
                guard ["read", "write"].contains(scope) else { throw ValidationError("--scope must be read or write.") }
            }

            func run() throws {
                do {
                    let store = try Store(path: database.db)
                    let token = try store.write { db -> String in
                        guard let account = try AccountStore.findUser(db, login: user) else { throw fail("there is no user \(user)") }
                        let token = try AccountStore.createToken(db, userID: account.id, name: name, scope: scope)
                        try AuditLog.record(db, actor: "cli", action: "create", objectKind: "api token", objectID: nil, objectName: "\(name) for \(user) (\(scope))")
                        return token
                    }
                    print(token)
                } catch let error as StoreOpenError {
                    throw fail(error.description)
                }
            }
        }
    }
}

/// Blocks until SIGINT or SIGTERM.
enum ShutdownSignal {
    static func wait() {
        let semaphore = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { semaphore.signal() }
            source.resume()
            sources.append(source)
        }
        semaphore.wait()
        sources.forEach { $0.cancel() }
    }
}
