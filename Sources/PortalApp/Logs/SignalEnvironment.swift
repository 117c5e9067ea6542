import Foundation
import Logging
import PortalIngest
import PortalStore

/// What log rules and heartbeats need from the process they run in: the store, the inventory, where notices link to,
/// and how to wake the outbox worker and the heartbeat clock. `serve` makes it from its context; `forewarn bridge`,
/// which has no web server, from its options (`LogBridgeRules`).
struct SignalEnvironment: Sendable {
    let store: Store
    let inventory: InventoryCache
    let mailFrom: String?
    /// The base of links in notices (`PublicURL`'s decision).
    let baseURL: @Sendable () -> String
    let signalOutbox: @Sendable () -> Void
    let wakeHeartbeats: @Sendable () -> Void
    /// How long after a downtime ends a heartbeat still down raises "still down" (nil: the monitoring setting).
    let maintenanceGraceSeconds: Double?
    let report: @Sendable (String) -> Void

    /// Notices, incidents and maintenance cover, as the monitor has them.
    func effects() -> MonitoringEffects {
        MonitoringEffects(store: store, inventory: inventory, mailFrom: mailFrom, baseURL: baseURL, signal: signalOutbox)
    }
}

extension SignalEnvironment {
    /// The environment of a running portal.
    init(context: AppContext) {
        self.init(store: context.store, inventory: context.inventory, mailFrom: context.configuration.mailFrom,
                  baseURL: { (try? PublicURL.current(context).base) ?? PublicURL.listeningAddress(context) },
                  signalOutbox: { [signal = context.outboxSignal] in signal.signal() },
                  wakeHeartbeats: { [watcher = context.heartbeats] in watcher.wake() },
                  maintenanceGraceSeconds: context.configuration.monitorSettings.graceSeconds,
                  report: { [logger = context.logger] in logger.error("\($0)") })
    }
}

/// `forewarn bridge`: the log rules after each committed batch, exactly as `serve` runs them, in a process without the
/// web portal. Notices go to the outbox of the same database; the `serve` that owns the workers delivers them.
public enum LogBridgeRules {
    /// Runs the rules after every batch `ingest` commits and indexes, until `detach`.
    /// - Parameter publicURL: the base of links in notices; nil: the value saved on `/settings/mail`, else `fallbackURL`.
    public static func attach(to ingest: LogIngest, publicURL: String?, mailFrom: String?, fallbackURL: String, logger: Logger) {
        let store = ingest.writer.store
        let environment = SignalEnvironment(
            store: store, inventory: InventoryCache(), mailFrom: mailFrom,
            baseURL: {
                if let publicURL, !publicURL.isEmpty { return publicURL }
                let saved = try? store.read { try SettingsStore.value($0, PublicURL.settingKey) }
                return saved.flatMap { $0 }.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackURL
            },
            // The outbox worker and the heartbeat clock run in `serve`: it polls the outbox and re-reads pings on its
            // next deadline.
            signalOutbox: {}, wakeHeartbeats: {}, maintenanceGraceSeconds: nil,
            report: { logger.error("\($0)") })
        let rules = LogRuleEngine(environment: environment)
        ingest.indexer.onIndexed = { ids in rules.evaluateLogged(ids: ids) }
    }

    /// Stops running the rules (after `ingest.stop()`, so the last batch was judged too).
    public static func detach(from ingest: LogIngest) {
        ingest.indexer.onIndexed = nil
    }
}
