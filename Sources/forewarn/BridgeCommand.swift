import ArgumentParser
import Foundation
import Logging
import PortalApp
import PortalCore
import PortalIngest
import PortalStore

/// `--syslog-udp` and `--syslog-tcp`, shared by `serve` and `bridge`.
struct SyslogOptions: ParsableArguments {
    @Option(name: .customLong("syslog-udp"), help: ArgumentHelp("Receive syslog datagrams (RFC 5424, RFC 3164) on this address, e.g. 127.0.0.1:5514. Off by default.", valueName: "host:port"))
    var udp: String?
    @Option(name: .customLong("syslog-tcp"), help: ArgumentHelp("Receive syslog over TCP (RFC 6587 octet counting or newline framing) on this address. Off by default.", valueName: "host:port"))
    var tcp: String?

    func validate() throws {
        for (flag, value) in [("--syslog-udp", udp), ("--syslog-tcp", tcp)] {
            if let value, ListenAddress(value) == nil { throw ValidationError("\(flag) must be an IPv4 address and port, such as 127.0.0.1:5514.") }
        }
    }

    var udpAddress: ListenAddress? { udp.flatMap(ListenAddress.init) }
    var tcpAddress: ListenAddress? { tcp.flatMap(ListenAddress.init) }

    func apply(to configuration: inout AppConfiguration) {
        configuration.syslogUDP = udpAddress
        configuration.syslogTCP = tcpAddress
    }
}

extension Forewarn {
    /// The log bridge alone: syslog receivers and the batch writer on a database, without the web portal.
    struct Bridge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Receive syslog messages into the database, without the web portal.",
            discussion: "Runs only the syslog receivers, the batch writer and the log rules (their notices wait in the outbox for the `serve` on the same database to deliver). Do not also pass --syslog-* to a `serve` on the same database; running both writes from two processes at once, which SQLite 3.40's WAL must not do.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var syslog: SyslogOptions
        @Option(help: ArgumentHelp("The portal's address for links in rule notices. Default: FOREWARN_PUBLIC_URL, else the mail settings page, else http://127.0.0.1:8080.", valueName: "url"))
        var publicUrl: String?
        @Option(help: ArgumentHelp("From address of rule notices. Default: FOREWARN_MAIL_FROM, else the mail settings page.", valueName: "address"))
        var mailFrom: String?
        @Flag(help: "Store messages only; run no log rules in this process.") var noRules = false

        func validate() throws {
            guard syslog.udp != nil || syslog.tcp != nil else { throw ValidationError("Pass --syslog-udp, --syslog-tcp or both.") }
        }

        func run() throws {
            let ingest: LogIngest
            do {
                let store = try Store(path: database.db)
                ingest = try LogIngest(store: store, udp: syslog.udpAddress, tcp: syslog.tcpAddress)
            } catch let error as StoreOpenError {
                throw fail(error.description)
            } catch let error as SocketError {
                throw fail("cannot listen for syslog: \(error)")
            }
            let environment = ProcessInfo.processInfo.environment
            if !noRules {
                var logger = Logger(label: "forewarn.bridge")
                logger.logLevel = .info
                LogBridgeRules.attach(to: ingest, publicURL: (publicUrl ?? environment["FOREWARN_PUBLIC_URL"]).flatMap { $0.isEmpty ? nil : $0 },
                                      mailFrom: (mailFrom ?? environment["FOREWARN_MAIL_FROM"]).flatMap { $0.isEmpty ? nil : $0 },
                                      fallbackURL: "http://127.0.0.1:8080", logger: logger)
            }
            ingest.start()
            var listening: [String] = []
            if let udp = ingest.udp, let address = syslog.udpAddress { listening.append("udp \(address.host):\(udp.port)") }
            if let tcp = ingest.tcp, let address = syslog.tcpAddress { listening.append("tcp \(address.host):\(tcp.port)") }
            FileHandle.standardOutput.write(Data("forewarn bridge: receiving syslog on \(listening.joined(separator: ", ")) into \(database.db) (Ctrl-C to stop)\n".utf8))
            ShutdownSignal.wait()
            ingest.stop()
            LogBridgeRules.detach(from: ingest)
            let counts = ingest.counters.snapshot.map { "\($0.name) \($0.value)" }.joined(separator: ", ")
            FileHandle.standardOutput.write(Data("forewarn bridge: stopped (\(counts.isEmpty ? "nothing received" : counts))\n".utf8))
        }
    }
}
