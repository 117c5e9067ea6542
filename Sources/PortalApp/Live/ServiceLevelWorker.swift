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
    /// Which services each aggregate counts, for the inventory generation it was worked out from.
    private var membership: (generation: Int, value: ServiceLevelMembership)?
    /// How many aggregate states passes have computed since the start (tests: no signal, no aggregate work).
    private(set) var aggregatesComputed = 0
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
    /// the last pass (within the same minute their window sums move by the changed minutes, without reading them
    /// again; when the minute moved on, every service with a minute in reach, as the windows slide; every service when
    /// the inventory moved) and the aggregates they count in, and appends the subjects whose mood or reason changed.
    /// A pass with nothing new reads the newest minutes of the sources, the open incidents and the SLAs, and stops.
    private func pass(now: Date) throws -> (events: [ServiceLevelStore.Event], recomputed: Set<Int64>?) {
        let nowMinute = Int(now.timeIntervalSince1970 / 60)
        let (inventory, generation) = try context.inventory.currentWithGeneration(context.store)
        if membership?.generation != generation { membership = (generation, ServiceLevelMembership(inventory: inventory)) }
        let groups = membership!.value
        let (events, recomputed, computed) = try context.store.write { db -> ([ServiceLevelStore.Event], Set<Int64>?, ServiceLevels.Computed?) in
            let changes = try minutes.update(db, nowMinute: nowMinute)
            if lastPurgeHour != nowMinute / 60 {
                let purged = try ServiceLevelStore.purge(db, cutoffs: ServiceLevelRetention.cutoffs(now: now))
                    + XmppMessageStore.purge(db, before: now.addingTimeInterval(-Self.chatMessageDays * 86_400))
                if purged > 0 { context.logger.info("service levels: \(purged) rows past retention deleted") }
                lastPurgeHour = nowMinute / 60
            }
            let incidents = try ServiceLevelStore.openIncidents(db)
            let advertised = try ServiceLevelStore.slas(db)
            let slas = advertised.mapValues { "\($0.percent) \($0.period)" }
            let plan = try cache?.plan(minute: nowMinute, generation: generation, slas: slas, incidents: incidents,
                                       changedMinutes: Set(changes.map(\.serviceID))) {
                try ServiceLevelStore.servicesWithMinutes(db, fromMinute: $0)
            } ?? .all
            let only: Set<Int64>?
            var counts: ServiceLevelCounts?
            switch plan {
            case .all: only = nil
            case .nextMinute(let dirty): only = dirty
            case .sameMinute(let dirty):
                guard let cache, !dirty.isEmpty else {
                    return ([], [], cache.map { ServiceLevels.Computed(services: $0.assessments, states: $0.states, membership: groups) })
                }
                only = dirty
                var moved = cache.counts
                let monthMinutes = SLAPeriod.monthMinutes(now: now)
                for change in changes { moved.apply(change, nowMinute: nowMinute, monthMinutes: monthMinutes) }
                counts = moved
            }
            if counts == nil {
                let filter = only.flatMap { $0.count * 2 > inventory.services.count ? nil : $0 }
                let read = try ServiceLevelCounts.read(db, now: now, only: filter, slas: advertised)
                counts = only.map { (cache?.counts ?? ServiceLevelCounts()).replacing($0, with: read) } ?? read
            }
            let fresh = try ServiceLevels.services(db, inventory: inventory, now: now, only: only, incidents: incidents, counts: counts)
            var services = only == nil ? [:] : cache?.services ?? [:]
            var assessments = only == nil ? [:] : cache?.assessments ?? [:]
            var moved: Set<Int64> = []
            for (id, value) in fresh {
                if services[id] != value.state { moved.insert(id) }
                services[id] = value.state
                assessments[id] = value.assessment
            }
            // Only the aggregates a changed service counts in are taken again (all of them after a full pass).
            var aggregates = only == nil ? [] : cache?.aggregates ?? []
            let advertising = Set(advertised.keys)
            if aggregates.count != groups.groups.count {
                aggregates = groups.groups.map { ServiceLevelAggregates.state(of: $0, services: services, advertising: advertising) }
                aggregatesComputed += aggregates.count
            } else {
                for index in Set(moved.flatMap { groups.groupsOf[$0] ?? [] }) {
                    aggregatesComputed += 1
                    aggregates[index] = ServiceLevelAggregates.state(of: groups.groups[index], services: services, advertising: advertising)
                }
            }
            let states = moved.isEmpty && only != nil ? cache?.states ?? [] : ServiceLevels.sorted(services: services, aggregates: aggregates)
            cache = ServiceLevelCache(minute: nowMinute, generation: generation, slas: slas, incidents: incidents, counts: counts ?? ServiceLevelCounts(),
                                      services: services, assessments: assessments, aggregates: aggregates, states: states)
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
            return (appended, only, ServiceLevels.Computed(services: assessments, states: states, membership: groups))
        }
        if let computed { afterPass(events, now, computed) }
        if !events.isEmpty {
            for listener in listeners.withLock({ $0 }) { listener(events) }
        }
        return (events, recomputed)
    }
}
