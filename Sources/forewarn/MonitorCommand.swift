import ArgumentParser
import Dispatch
import Foundation
import Logging
import PortalApp
import PortalCore
import PortalMonitor
import PortalStore

extension Forewarn {
    /// `forewarn monitor`: the availability checker alone, so a big installation can split the portal from the checker.
    struct Monitor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the availability checks alone (without the portal), or purge old monitoring data.",
            discussion: """
                Runs the checks of the database on libcurl's multi interface, stores their samples and raises alerts and recoveries \
                into the outbox (a `forewarn serve` delivers them). A `serve` and monitors on the same database never run the same \
                check twice: each check is leased to one checker at a time. Run `forewarn serve --no-monitor` to leave every check \
                to the monitors.
                """,
            subcommands: [Run.self, Purge.self],
            defaultSubcommand: Run.self
        )
    }
}

extension Forewarn.Monitor {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the checks (the default).")

        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("A classic monitor configuration ({\"websites\": [{\"URL\": ..., \"checkInterval\": 3.5}], \"defaultCheckInterval\": 3}) whose sites become HTTP checks named after their URL.", valueName: "file"))
        var config: String?
        @Option(help: ArgumentHelp("The inventory object the configuration's checks belong to, as service:NAME, server:NAME or cluster:NAME (default: the service 'websites', created if missing).", valueName: "kind:name"))
        var target: String?
        @Flag(help: "Print every check's figures over the last 2 minutes every 10 seconds, and over the last hour every minute.")
        var console = false
        @Flag(help: "Only print the console table (watch a checker running elsewhere); run no checks.")
        var watch = false
        @Option(help: ArgumentHelp("The address people reach the portal at, for links in alert mail (default: the one saved on the mail settings page, else http://localhost:8080).", valueName: "url"))
        var publicUrl: String?
        @Option(help: ArgumentHelp("From address used to make Message-IDs of alert mail (default: FOREWARN_MAIL_FROM).", valueName: "address"))
        var mailFrom: String?
        @Option(help: ArgumentHelp("Seconds a check's lease lasts before another checker may take it over.", visibility: .hidden))
        var leaseSeconds: Double = 15
        @Option(help: ArgumentHelp("Stop after this many seconds and print the scheduler's figures (benchmarks).", visibility: .hidden))
        var duration: Double?

        func validate() throws {
            guard leaseSeconds >= 1 else { throw ValidationError("--lease-seconds must be at least 1.") }
            if watch && config != nil { throw ValidationError("--watch runs no checks, so --config has nothing to configure.") }
        }

        func run() throws {
            let store: Store
            do {
                store = try Store(path: database.db, synchronous: "NORMAL")
            } catch let error as StoreOpenError {
                throw fail(error.description)
            }
            if let config {
                guard let json = try? String(contentsOfFile: config, encoding: .utf8) else { throw fail("cannot read the configuration \(config)") }
                do {
                    for line in try MonitoringConsole.applyClassic(store, json: json, target: target) { say(line) }
                } catch let error as FieldError {
                    throw fail("\(config): \(error.message)")
                } catch {
                    throw fail("\(config) is not a classic monitor configuration: \(error)")
                }
            }
            var settings = MonitorSettings()
            settings.leaseSeconds = leaseSeconds
            let logger = Logger(label: "forewarn.monitor")
            let environment = ProcessInfo.processInfo.environment
            let base = MonitoringConsole.publicBase(store, configured: publicUrl, fallback: "http://localhost:8080")
            let monitor = watch ? nil : MonitorFactory.make(store: store, mailFrom: mailFrom ?? environment["FOREWARN_MAIL_FROM"], baseURL: { base },
                                                            settings: settings, report: { logger.error("\($0)") })
            monitor?.start()
            var timer: DispatchSourceTimer?
            if console || watch {
                var ticks = 0
                let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "forewarn.console"))
                source.schedule(deadline: .now() + 10, repeating: 10)
                source.setEventHandler {
                    ticks += 1
                    var text = (try? MonitoringConsole.table(store, window: 120)) ?? "cannot read the database\n"
                    if ticks % 6 == 0 { text += "\n" + ((try? MonitoringConsole.table(store, window: 3600)) ?? "") }
                    FileHandle.standardOutput.write(Data((text + "\n").utf8))
                }
                source.resume()
                timer = source
            }
            if let duration {
                Thread.sleep(forTimeInterval: duration)
            } else {
                say(watch ? "watching \(database.db) (Ctrl-C to stop)" : "monitoring the checks of \(database.db) as \(monitor?.owner ?? "") (Ctrl-C to stop)")
                ShutdownSignal.wait()
            }
            timer?.cancel()
            if let monitor {
                monitor.stop()
                FileHandle.standardError.write(Data("forewarn monitor: \(monitor.figures())\n".utf8))
            }
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete monitoring data older than the retention settings (raw samples 7 days, minute rollups 90 days, hour rollups 2 years by default).")

        @OptionGroup var database: DatabaseOptions

        func run() throws {
            do {
                let store = try Store(path: database.db)
                let (samples, minutes, hours) = try Retention.purge(store)
                say("purged \(samples) samples, \(minutes) minute rollups, \(hours) hour rollups")
            } catch let error as StoreOpenError {
                throw fail(error.description)
            }
        }
    }
}

/// One line on standard output, unbuffered (the console table is written the same way, so lines keep their order).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// `forewarn export --kind checks`.
func exportChecks(database: DatabaseOptions, output: String?) throws {
    do {
        let text = try MonitoringConsole.exportChecks(try Store(path: database.db))
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8)) else { throw fail("cannot write \(output)") }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    } catch let error as StoreOpenError {
        throw fail(error.description)
    }
}
