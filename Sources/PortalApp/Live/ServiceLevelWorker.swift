import Foundation
import PortalCore
import PortalStore
import Synchronization

/// Recomputes every service's level once a second from what Forewarn observes (checks' minute rollups, heartbeats'
/// state history, log rules' windows; `ServiceLevelMinutes`), stores the minutes and their roll-ups, and appends a
/// change to `service_level_events` for every service or aggregate whose mood or reason changed. Hourly it applies
/// `ServiceLevelRetention`. Run by the owner of the background workers only (`WorkerLock`), so one process per database
/// writes levels.
final class ServiceLevelWorker: @unchecked Sendable {
    /// Called after each pass that published changes, once committed, on the thread of the pass (subscriptions, presence).
    typealias Listener = @Sendable ([ServiceLevelStore.Event]) -> Void

    /// Chat messages no XMPP component took within this many days are dropped (stale news), by the hourly purge.
    static let chatMessageDays = 7.0

    private let context: AppContext
    private let interval: TimeInterval
    private let loop = BackgroundLoop(name: "forewarn.service-levels")
    /// Serializes passes: the loop's and those tests drive with `run(now:)`.
    private let passLock = NSLock()
    /// The last published state per subject (read back from the change log on the first pass).
    private var published: [ServiceLevelSubject: ServiceLevelState]?
    private var minutes = ServiceLevelMinutes()
    /// What the last pass computed, so the next one recomputes only what changed (nil: recompute every service).
    private var cache: ServiceLevelCache?
    private var lastPurgeHour: Int?
    private let listeners = Mutex<[Listener]>([])
    /// Called after every pass with the changes it published and every level it computed (level subscriptions).
    private let afterPass: @Sendable ([ServiceLevelStore.Event], Date, ServiceLevels.Computed) -> Void

    init(context: AppContext, interval: TimeInterval = 1,
         afterPass: @escaping @Sendable ([ServiceLevelStore.Event], Date, ServiceLevels.Computed) -> Void = { _, _, _ in }) {
        self.context = context
        self.interval = interval
        self.afterPass = afterPass
    }

    /// Adds a listener told of every batch of published changes (after the commit).
    func onChanges(_ listener: @escaping Listener) {
        listeners.withLock { $0.append(listener) }
    }

    func start() {
        // Weak: a worker nobody holds any more stops its loop from its deinit.
        loop.start { [weak self, interval] in
            let started = Date()
            guard let self else { return .distantFuture }
            do { _ = try self.run(now: started) } catch { self.context.logger.error("service levels failed: \(error)") }
            return started.addingTimeInterval(interval)
        }
    }

    func stop() { loop.stop() }

    deinit { loop.stop() }

    /// One pass now (tests drive it this way); returns the changes it published.
    func run(now: Date = Date()) throws -> [ServiceLevelStore.Event] {
        try runReporting(now: now).events
    }

    /// One pass now; returns the changes it published and the services it recomputed (nil: every service).
    func runReporting(now: Date = Date()) throws -> (events: [ServiceLevelStore.Event], recomputed: Set<Int64>?) {
        passLock.lock()
        defer { passLock.unlock() }
        do {
            return try pass(now: now)
        } catch {
            cache = nil  // the transaction rolled back: the next pass recomputes every service
            throw error
        }
    }

    /// Brings the minutes up to date, then recomputes the services whose minutes, open incidents or SLA changed since
    /// the last pass (every service once a minute, as the windows slide, and when the inventory moved) and the
    /// aggregates, and appends the subjects whose mood or reason changed.
    private func pass(now: Date) throws -> (events: [ServiceLevelStore.Event], recomputed: Set<Int64>?) {
        let nowMinute = Int(now.timeIntervalSince1970 / 60)
        let (inventory, generation) = try context.inventory.currentWithGeneration(context.store)
        let (events, recomputed, computed) = try context.store.write { db -> ([ServiceLevelStore.Event], Set<Int64>?, ServiceLevels.Computed?) in
            let changed = try minutes.update(db, nowMinute: nowMinute)
            if lastPurgeHour != nowMinute / 60 {
                let purged = try ServiceLevelStore.purge(db, cutoffs: ServiceLevelRetention.cutoffs(now: now))
                    + XmppMessageStore.purge(db, before: now.addingTimeInterval(-Self.chatMessageDays * 86_400))
                if purged > 0 { context.logger.info("service levels: \(purged) rows past retention deleted") }
                lastPurgeHour = nowMinute / 60
            }
            let incidents = try ServiceLevelStore.openIncidents(db)
            let advertised = try ServiceLevelStore.slas(db)
            let slas = advertised.mapValues { "\($0.percent) \($0.period)" }
            var only = cache?.dirty(minute: nowMinute, generation: generation, slas: slas, incidents: incidents, changedMinutes: changed)
            // Past half the services, reading every one in a few range scans is cheaper than a seek per service.
            if let some = only, some.count * 2 > inventory.services.count { only = nil }
            if only?.isEmpty == true { return ([], [], cache.map { ServiceLevels.Computed(services: $0.assessments, states: $0.states) }) }
            let fresh = try ServiceLevels.services(db, inventory: inventory, now: now, only: only, incidents: incidents)
            var services = only == nil ? [:] : cache?.services ?? [:]
            var assessments = only == nil ? [:] : cache?.assessments ?? [:]
            for (id, value) in fresh {
                services[id] = value.state
                assessments[id] = value.assessment
            }
            let states = ServiceLevels.states(inventory: inventory, services: services, slaPercent: advertised.mapValues(\.percent))
            cache = ServiceLevelCache(minute: nowMinute, generation: generation, slas: slas, incidents: incidents, services: services,
                                      assessments: assessments, states: states)
            if published == nil {
                published = Dictionary(try ServiceLevelStore.current(db).map { ($0.state.subject, $0.state) }, uniquingKeysWith: { _, b in b })
            }
            var appended: [ServiceLevelStore.Event] = []
            for state in states {
                let before = published?[state.subject]
                if before?.mood == state.mood && before?.reason == state.reason && before?.name == state.name { continue }
                let id = try ServiceLevelStore.append(db, state, at: now)
                appended.append(ServiceLevelStore.Event(id: id, at: now, state: state))
                published?[state.subject] = state
            }
            return (appended, only, ServiceLevels.Computed(services: assessments, states: states))
        }
        if let computed { afterPass(events, now, computed) }
        if !events.isEmpty {
            for listener in listeners.withLock({ $0 }) { listener(events) }
        }
        return (events, recomputed)
    }
}
