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
        @Option(help: "Live streams (/live/events, /logs?live=1) open at once; more are answered 503.") var maxStreams: Int = ServerConfiguration().maxStreams
        @Option(help: "Simultaneous connections in all (live streams included); the open-files limit is raised to fit.") var maxConnections: Int = ServerConfiguration().connectionLimit
        @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"
        @Option(help: ArgumentHelp("The address people use, e.g. https://forewarn.example.com (https makes the session cookie __Host- and Secure); every link in notices, reports and feeds starts with it. Default: FOREWARN_PUBLIC_URL, else the mail settings page, else http://<host>:<port>.", valueName: "url"))
        var publicUrl: String?
        @Option(help: ArgumentHelp("SMTP server for notices: smtp://[user:pass@]host:port (STARTTLS when offered) or smtps://... Default: FOREWARN_SMTP_URL, else the mail settings page.", valueName: "url"))
        var smtpUrl: String?
        @Option(help: ArgumentHelp("From address of notices. Default: FOREWARN_MAIL_FROM, else the mail settings page.", valueName: "address"))
        var mailFrom: String?
        @Flag(help: "Run no availability checks in this process (leave them to `forewarn monitor`).") var noMonitor = false
        @Option(help: ArgumentHelp("Key file that seals stored secrets such as the SMTP password; created with mode 0600 when missing. Default: FOREWARN_SECRET_KEY_FILE, else <db>.key beside the database.", valueName: "path"))
        var secretKeyFile: String?
        @Option(help: ArgumentHelp("Addresses, blocks or host names that webhooks may call although they are loopback, link-local or cloud metadata addresses (refused by default), comma-separated, e.g. 127.0.0.1,10.1.0.0/16. Default: FOREWARN_ALLOW_OUTBOUND.", valueName: "list"))
        var allowOutbound: [String] = []
        @Option(help: ArgumentHelp("Seconds an instance holds the outbox rows it claimed (10 to 3600): when an instance dies, another sends its claimed notices this long after its last renewal.", valueName: "seconds"))
        var outboxLease: Int = 60
        @Option(help: ArgumentHelp("A reverse proxy (nginx) whose X-Forwarded-For names the client, for the per-address sign-in limit and the access log; repeat it or separate with commas; addresses or blocks such as 10.0.0.0/8. Default: none (X-Forwarded-For is ignored).", valueName: "address"))
        var trustedProxy: [String] = []
        @OptionGroup var syslog: SyslogOptions
        @OptionGroup var xmpp: XMPPOptions

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
            _ = try trustedProxies()
            _ = try xmpp.settings()
            guard (10...3600).contains(outboxLease) else { throw ValidationError("--outbox-lease must be between 10 and 3600 seconds.") }
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
            guard threads >= 0, threads <= 256 else { throw ValidationError("--threads must be between 0 and 256.") }
            guard maxBodyKib >= 1, maxHeaderKib >= 1, perIpLimit >= 1, connectionTimeout >= 1 else {
                throw ValidationError("--max-body-kib, --max-header-kib, --per-ip-limit and --connection-timeout must be at least 1.")
            }
            guard (1...100_000).contains(maxStreams), (16...100_000).contains(maxConnections), maxStreams < maxConnections else {
                throw ValidationError("--max-streams (1 to 100000) must be below --max-connections (16 to 100000).")
            }
            guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical.") }
            if let publicUrl = publicUrl ?? ProcessInfo.processInfo.environment["FOREWARN_PUBLIC_URL"], !publicUrl.isEmpty {
                guard let url = URL(string: publicUrl), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                    throw ValidationError("\(self.publicUrl == nil ? "FOREWARN_PUBLIC_URL" : "--public-url") must be a full http:// or https:// address.")
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

        func trustedProxies() throws -> TrustedProxies {
            do {
                return try TrustedProxies(trustedProxy.flatMap { $0.split(separator: ",").map(String.init) })
            } catch {
                throw ValidationError("\(error)")
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
            configuration.server.maxStreams = maxStreams
            configuration.server.connectionLimit = maxConnections
            configuration.server.trustedProxies = try trustedProxies()
            let environment = ProcessInfo.processInfo.environment
            configuration.publicURL = (publicUrl ?? environment["FOREWARN_PUBLIC_URL"]).flatMap { $0.isEmpty ? nil : $0 }
                .map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            configuration.smtpURL = (smtpUrl ?? environment["FOREWARN_SMTP_URL"]).flatMap { $0.isEmpty ? nil : $0 }
            configuration.mailFrom = (mailFrom ?? environment["FOREWARN_MAIL_FROM"]).flatMap { $0.isEmpty ? nil : $0 }
            configuration.runsMonitor = !noMonitor
            configuration.outboxLease = Double(outboxLease)
            configuration.outbound = try outboundPolicy()
            configuration.secretKeyPath = (secretKeyFile ?? environment["FOREWARN_SECRET_KEY_FILE"]).flatMap { $0.isEmpty ? nil : $0 }
            syslog.apply(to: &configuration)
            configuration.xmpp = try xmpp.settings()
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
