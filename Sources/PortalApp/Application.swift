import Foundation
import Logging
import PortalCore
import PortalHTTP
import PortalIngest
import PortalMail
import PortalMonitor
import PortalStore

/// Everything `forewarn serve` needs to know.
public struct AppConfiguration: Sendable {
    public var databasePath: String = "./data/forewarn.sqlite"
    /// Folder with `Templates/` and `Public/`; found automatically when nil.
    public var resourcesPath: String?
    public var server = ServerConfiguration()
    /// SQLite `synchronous` for the writer: FULL so an acknowledged action survives a power cut.
    public var synchronous = "FULL"
    /// Seconds between clock ticks that start and complete due downtimes; 0 turns the clock off (tests drive it).
    public var clockInterval: Double = 30
    /// The address people reach the portal at (links in mail, PDFs, feeds); when nil, the mail settings page's value,
    /// else `http://<server.host>:<port>` (see `PublicURL`). Never taken from a request.
    public var publicURL: String?
    /// `smtp://[user:pass@]host:port` or `smtps://...`; nil: the settings page decides, or mail waits in the outbox.
    public var smtpURL: String?
    /// The From address of notices.
    public var mailFrom: String?
    /// Whether the outbox worker runs (tests that only look at the queue turn it off).
    public var deliversMail = true
    /// How often the worker looks for due messages when nothing wakes it, in seconds.
    public var outboxPollInterval: Double = 5
    /// Seconds an instance holds a claimed outbox row (`--outbox-lease`, at least 10): another instance takes over the
    /// claims of one that died this long after its last renewal. A send's SMTP timeout is at most half of it.
    public var outboxLease: Double = 60
    /// Where webhooks and ticket systems may be called: loopback, link-local and metadata addresses only when listed.
    public var outbound: OutboundPolicy = .standard
    /// Seconds between tries to become the owner of the background workers while another process owns them.
    public var workerLockRetryInterval: Double = 2
    /// Seconds between the `/healthz` write probes.
    public var healthProbeInterval: Double = 5
    /// The key that seals stored secrets (the SMTP password); nil: `<database>.key`, created with mode 0600.
    public var secretKeyPath: String?
    /// Syslog receivers (`--syslog-udp`, `--syslog-tcp`); nil: off.
    public var syslogUDP: ListenAddress?
    public var syslogTCP: ListenAddress?
    /// Messages the log queue holds between the receivers/HTTP and the batch writer (beyond it: UDP drops, TCP waits, HTTP 503).
    public var logQueueCapacity = 100_000
    /// Whether the availability monitor runs in this process (`forewarn serve --no-monitor` leaves it to `forewarn monitor`).
    public var runsMonitor = true
    /// The monitor's pacing (tests shorten it).
    public var monitorSettings = MonitorSettings()
    /// Whether the owner of the background workers runs the heartbeat clock (late, down, "still down").
    public var watchesHeartbeats = true
    /// Whether the owner of the background workers recomputes service levels once a second (tests drive it instead).
    public var computesServiceLevels = true
    /// The XMPP component (`--xmpp-component`, `--xmpp-server`, `--xmpp-secret-file`); nil: off.
    public var xmpp: XMPPSettings?

    /// Tests: every routed answer carries `X-Statement-Count`, the SQL statements its request ran (N+1 checks).
    public var reportsStatementCounts = false

    public init() {}

    /// Whether any worker that one process per database owns is switched on (clock, outbox, heartbeats, levels).
    var runsBackgroundWorkers: Bool { clockInterval > 0 || deliversMail || watchesHeartbeats || computesServiceLevels }
}

/// A running Forewarn: the store, the templates and the HTTP server wired to the routes table.
public final class Application: Sendable {
    public let context: AppContext
    public let server: HTTPServer
    private let clock: DowntimeClock
    private let worker: NoticeWorker
    private var workerLock: WorkerLock { context.workerLock }
    private let monitor: Monitor
    /// Deletes log messages past their stage's retention, hourly (owner of the background workers only).
    private let retention = LogRetentionWorker()
    private let serviceLevels: ServiceLevelWorker
    /// Threshold subscriptions, fed after every level pass.
    private let levelSubscriptions: LevelSubscriptionEvaluator

    public init(configuration: AppConfiguration, logger: Logger) throws {
        let resources = try ResourceLocator.find(explicit: configuration.resourcesPath)
        let store = try Store(path: configuration.databasePath, synchronous: configuration.synchronous)
        if store.dialect == .postgres, !(try store.read { $0.hasTrigramIndexes }) {
            logger.warning("PostgreSQL has no pg_trgm trigram indexes (the extension could not be created when the schema was migrated): the inventory search uses ILIKE without an index")
        }
        let staticFiles = StaticFiles(root: resources + "/Public", extraHeaders: Responder.securityHeaders)
        let views = Views(assets: AssetLinks.table(staticFiles))
        let secrets: SecretBox
        do {
            secrets = try SecretBox.openOrCreate(keyFile: configuration.secretKeyPath ?? Application.defaultKeyFile(store))
        } catch let error as SecretBoxError {
            throw ServerError(message: error.message)
        }
        try MailSettings.sealLegacyPassword(store, secrets: secrets)
        let context = AppContext(store: store, views: views, logger: logger, secrets: secrets,
                                 storageHealth: StorageHealth(interval: configuration.healthProbeInterval),
                                 workerLock: WorkerLock(databasePath: configuration.databasePath),
                                 staticFiles: staticFiles, configuration: configuration,
                                 inventory: InventoryCache(), outboxSignal: OutboxSignal(), listeningPort: ListeningPort(),
                                 logs: try LogIngest(store: store, udp: configuration.syslogUDP, tcp: configuration.syslogTCP,
                                                    capacity: configuration.logQueueCapacity),
                                 heartbeats: HeartbeatWatcher())
        let routes = Routes.build()
        if configuration.reportsStatementCounts { StatementCounter.enable() }
        self.context = context
        // Log rules run right after each batch is in the full-text index, on the indexer's thread.
        let rules = LogRuleEngine(context: context)
        context.logs.indexer.onIndexed = { ids in rules.evaluateLogged(ids: ids) }
        self.clock = DowntimeClock(context: context, interval: configuration.clockInterval)
        self.worker = NoticeWorker(context: context)
        let levelSubscriptions = LevelSubscriptionEvaluator(context: context)
        levelSubscriptions.onChat { [xmpp = context.xmpp] in xmpp.tell($0) }
        self.levelSubscriptions = levelSubscriptions
        self.serviceLevels = ServiceLevelWorker(context: context) { events, now, computed in
            levelSubscriptions.levelsChanged(events, now: now, computed: computed)
        }
        self.server = HTTPServer(
            configuration: configuration.server, logger: logger,
            responder: { request in Responder.respond(to: request, routes: routes, context: context) },
            errorResponder: { summary, error in Responder.errorResponse(summary: summary, error: error, context: context) },
            staticFiles: staticFiles
        )
        // Alert mail links to the portal's public URL, decided like every other stored link.
        self.monitor = MonitorFactory.make(store: store, inventory: context.inventory, mailFrom: configuration.mailFrom,
                                           baseURL: { (try? PublicURL.current(context).base) ?? PublicURL.listeningAddress(context) },
                                           settings: configuration.monitorSettings, signal: { [signal = context.outboxSignal] in signal.signal() },
                                           report: { [logger] in logger.error("\($0)") })
    }

    /// `<database>.key` beside an SQLite file; on PostgreSQL `./data/forewarn.key` (every instance needs the same key).
    static func defaultKeyFile(_ store: Store) -> String {
        if case .sqlite(let path) = store.location { return path + ".key" }
        return "./data/forewarn.key"
    }

    /// Starts listening; returns once the daemon threads run.
    public func start() throws {
        try server.start()
        context.listeningPort.set(server.port)
        context.logs.start()
        context.live.start(store: context.store, logger: context.logger)
        context.logTail.start(store: context.store, logger: context.logger)
        context.xmpp.start(context)
        context.databaseOverview.start(store: context.store)
        // Checks are leased one by one, so every serve process may run the monitor; the worker lock is not needed.
        if context.configuration.runsMonitor { monitor.start() }
        let configuration = context.configuration
        // Outbox rows are leased one batch at a time, so every instance delivers; on PostgreSQL every instance runs the
        // clock too, one tick at a time under an advisory lock. The rest stays with the owner of the worker lock.
        if configuration.deliversMail { worker.start() }
        if configuration.clockInterval > 0 && clock.tickLock != nil { clock.start() }
        // On PostgreSQL the heartbeat clock is shared out by lease among the instances; on SQLite its owner runs it.
        if configuration.watchesHeartbeats && sharesHeartbeats { context.heartbeats.start(context, shared: true) }
        guard configuration.runsBackgroundWorkers else { return }
        if workerLock.acquire() {
            startWorkers()
        } else {
            context.logger.notice("another forewarn process runs the background workers (\(sharesHeartbeats ? "" : "heartbeats, ")service levels, retention, ticket calls\(clock.tickLock == nil ? ", clock" : "")) for \(configuration.databasePath) (lock \(workerLock.path)); this one serves pages and shares the outbox, and takes over if that one stops")
            workerLock.waitForOwnership(every: configuration.workerLockRetryInterval) { [self] in
                context.logger.notice("took over the background workers for \(configuration.databasePath)")
                startWorkers()
            }
        }
    }

    /// Whether every instance runs the heartbeat clock on the heartbeats it leases (PostgreSQL).
    private var sharesHeartbeats: Bool {
        if case .postgres = context.store.location { return true }
        return false
    }

    private func startWorkers() {
        if context.configuration.clockInterval > 0 && clock.tickLock == nil { clock.start() }
        if context.configuration.computesServiceLevels { serviceLevels.start() }
        if context.configuration.watchesHeartbeats && !sharesHeartbeats { context.heartbeats.start(context, shared: false) }
        retention.start(context)
    }

    /// Whether this process runs the clock and the outbox worker (one process per database does).
    public var ownsWorkers: Bool { workerLock.isHeld }

    /// Finishes in-flight requests and stops.
    public func shutdown() {
        workerLock.stopWaiting()
        context.live.stop()
        context.logTail.stop()
        context.databaseOverview.stop()
        clock.stop()
        worker.stop()
        context.heartbeats.stop()
        retention.stop()
        serviceLevels.stop()
        context.xmpp.stop()
        monitor.stop()
        server.shutdown()
        context.logs.stop()
        // The rules' closure reaches the context (for the public URL): drop it so the store and its files can go.
        context.logs.indexer.onIndexed = nil
        workerLock.release()
        // Everything that wrote has stopped: close the connections now rather than whenever the last reference goes.
        context.store.close()
    }

    /// What this process's availability monitor did so far (probes started, samples written, lag), and its lease owner name.
    public var monitorFigures: (owner: String, figures: MonitorFigures) { (monitor.owner, monitor.figures()) }

    /// Runs one clock tick now (tests use a controllable clock this way).
    public func tick(now: Date) throws -> Int { try DowntimeService.tick(context: context, now: now) }

    /// Runs one outbox pass now, as the worker would (tests drive delivery this way); returns how many were tried.
    @discardableResult
    public func deliverOutbox(now: Date = Date()) throws -> Int { try worker.deliver(now: now) }

    /// Runs one service-level pass now, as the worker would; returns the changes it published.
    @discardableResult
    public func recomputeServiceLevels(now: Date = Date()) throws -> Int { try serviceLevels.run(now: now).count }

    /// Runs one service-level pass now; returns how many changes it published and which services it recomputed (nil:
    /// every one). Tests check that a pass recomputes only what changed.
    public func serviceLevelPass(now: Date = Date()) throws -> (changes: Int, recomputed: Set<Int64>?) {
        let pass = try serviceLevels.runReporting(now: now)
        return (pass.events.count, pass.recomputed)
    }

    /// How many aggregate levels (overall, regions, processes) the level worker has computed since the start.
    public var serviceLevelAggregatesComputed: Int { serviceLevels.aggregatesComputed }

    /// Every subject's level now, computed from the stored minutes in full (what the worker's incremental passes must
    /// agree with; `/api/v1/service-levels` answers the same way).
    public func serviceLevels(now: Date = Date()) throws -> (services: [Int64: ServiceLevelAssessment], states: [ServiceLevelState]) {
        let inventory = try context.inventory.current(context.store)
        let computed = try context.store.read { db in try ServiceLevels.assessments(db, inventory: inventory, now: now) }
        return (computed.services, computed.states)
    }

    /// Feeds every level subscription now, as the level worker does after each pass; returns how many crossings it told.
    @discardableResult
    public func evaluateLevelSubscriptions(now: Date = Date()) throws -> Int { try levelSubscriptions.evaluate(now: now).count }

    /// Whether the XMPP component is connected to its server (nil when none is configured).
    public var xmppConnected: Bool? { context.xmpp.isConnected }

    public var port: UInt16 { server.port }
}

/// Shared, thread-safe services every controller receives.
public struct AppContext: Sendable {
    public let store: Store
    public let views: Views
    public let logger: Logger
    /// Seals and opens secrets stored in the database.
    public let secrets: SecretBox
    /// Whether writes still succeed, for `/healthz`.
    let storageHealth: StorageHealth
    /// Held by the one process per database that runs the clock and the outbox worker.
    let workerLock: WorkerLock
    public let staticFiles: StaticFiles
    public let configuration: AppConfiguration
    /// The in-memory inventory for inheritance and impact.
    public let inventory: InventoryCache
    /// Wakes the outbox worker when a notice is queued or resent.
    public let outboxSignal: OutboxSignal
    /// The bound port, for the public URL when none is configured.
    public let listeningPort: ListeningPort
    /// The log batch writer (HTTP ingest) and the syslog receivers.
    public let logs: LogIngest
    /// The heartbeat clock (the owner of the background workers runs it; on PostgreSQL every instance, by lease); pings wake it.
    public let heartbeats: HeartbeatWatcher
    /// The `/live/events` streams.
    public var live: LiveFeed { liveFeed }
    let liveFeed = LiveFeed()
    /// The `/logs?live=1` streams.
    public let logTail = LogTail()
    /// The XMPP component, if one runs (serve flags or `/settings/xmpp`).
    public let xmpp = XMPPLink()
    /// The admin home page's row counts (kept per instance on PostgreSQL until a counted table changes).
    let databaseOverview = DatabaseOverview()
    /// Rendered home pages and the dashboard's shared sections, kept while the database has not changed.
    public let homePages = HomePageCache()
}

/// Finds the Resources folder: explicit path, `FOREWARN_RESOURCES`, the working directory, or beside the executable's package.
public enum ResourceLocator {
    public static func find(explicit: String?) throws -> String {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let env = ProcessInfo.processInfo.environment["FOREWARN_RESOURCES"] { candidates.append(env) }
        candidates.append(FileManager.default.currentDirectoryPath + "/Resources")
        // .build/<config>/forewarn → the package root is three levels up.
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("Resources").path)
            folder.deleteLastPathComponent()
        }
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/Templates/layout.mustache") }) {
            return found
        }
        throw ServerError(message: "cannot find the Resources folder (Templates and Public); pass --resources PATH or set FOREWARN_RESOURCES")
    }
}
