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

    private let context: AppContext
    private let interval: TimeInterval
    private let loop = BackgroundLoop(name: "forewarn.service-levels")
    /// Serializes passes: the loop's and those tests drive with `run(now:)`.
    private let passLock = NSLock()
    /// The last published state per subject (read back from the change log on the first pass).
    private var published: [ServiceLevelSubject: ServiceLevelState]?
    private var minutes = ServiceLevelMinutes()
    private var lastPurgeHour: Int?
    private let listeners = Mutex<[Listener]>([])
    /// Called after every pass with the changes it published (level subscriptions, XMPP presence).
    private let afterPass: @Sendable ([ServiceLevelStore.Event], Date) -> Void

    init(context: AppContext, interval: TimeInterval = 1, afterPass: @escaping @Sendable ([ServiceLevelStore.Event], Date) -> Void = { _, _ in }) {
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
        passLock.lock()
        defer { passLock.unlock() }
        return try pass(now: now)
    }

    private func pass(now: Date) throws -> [ServiceLevelStore.Event] {
        let nowMinute = Int(now.timeIntervalSince1970 / 60)
        let inventory = try context.inventory.current(context.store)
        let events = try context.store.write { db -> [ServiceLevelStore.Event] in
            try minutes.update(db, nowMinute: nowMinute)
            if lastPurgeHour != nowMinute / 60 {
                let purged = try ServiceLevelStore.purge(db, cutoffs: ServiceLevelRetention.cutoffs(now: now))
                if purged > 0 { context.logger.info("service levels: \(purged) rows past retention deleted") }
                lastPurgeHour = nowMinute / 60
            }
            let states = try ServiceLevels.compute(db, inventory: inventory, now: now)
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
            return appended
        }
        afterPass(events, now)
        if !events.isEmpty {
            for listener in listeners.withLock({ $0 }) { listener(events) }
        }
        return events
    }
}

/// Levels of every service and aggregate from the stored minutes and roll-ups (the pure judgement is PortalCore's).
enum ServiceLevels {
    /// Every subject's state now: services (with their windows' figures) then aggregates, in subject order.
    static func compute(_ db: Database, inventory: Inventory, now: Date) throws -> [ServiceLevelState] {
        try assessments(db, inventory: inventory, now: now).states
    }

    /// The assessments of every service (by id) and the states of every subject.
    static func assessments(_ db: Database, inventory: Inventory, now: Date)
        throws -> (services: [Int64: ServiceLevelAssessment], states: [ServiceLevelState]) {
        let nowMinute = Int(now.timeIntervalSince1970 / 60)
        var counts: [ServiceLevelWindow: [Int64: MinuteCounts]] = [:]
        for window in ServiceLevelWindow.allCases {
            counts[window] = try ServiceLevelStore.counts(db, now: nowMinute, minutes: window.minutes)
        }
        let short = ServiceLevelWindow.tenMinutes.minutes
        let latest = try ServiceLevelStore.latest(db, now: nowMinute, minutes: short)
        let causes = try ServiceLevelStore.latestBadCauses(db, now: nowMinute, minutes: short)
        let incidents = try ServiceLevelStore.openIncidents(db)
        let slas = try ServiceLevelStore.slas(db)
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let monthStart = utc.dateInterval(of: .month, for: now)?.start ?? now
        let monthMinutes = max(1, nowMinute - Int(monthStart.timeIntervalSince1970 / 60))
        let monthCounts = slas.values.contains { $0.period == "month" }
            ? try ServiceLevelStore.counts(db, now: nowMinute, minutes: monthMinutes) : [:]

        var assessments: [Int64: ServiceLevelAssessment] = [:]
        var serviceStates: [Int64: ServiceLevelState] = [:]
        for service in inventory.services {
            let levels = ServiceLevelWindow.allCases.map { window in
                let c = counts[window]?[service.id] ?? MinuteCounts()
                return ServiceLevel(window: window, goodMinutes: c.good, badMinutes: c.bad, maintenanceMinutes: c.maintenance)
            }
            let sla = slas[service.id]
            let period = (sla?.period == "month" ? monthCounts[service.id] : counts[.thirtyDays]?[service.id]) ?? MinuteCounts()
            let newest = latest[service.id]
            let assessment = ServiceLevelAssessment(name: service.name, levels: levels, periodGood: period.good, periodBad: period.bad,
                                                    latest: newest, slaPercent: sla?.percent, inMaintenance: newest == .maintenance,
                                                    lastBadCause: causes[service.id] ?? "", openIncidents: incidents[service.id] ?? [])
            assessments[service.id] = assessment
            serviceStates[service.id] = ServiceLevelState(subject: .service(service.id), name: service.name, percent: levels[0].percent,
                                                          mood: assessment.mood, reason: assessment.reason)
        }
        let states = serviceStates.values.sorted { $0.subject < $1.subject }
            + ServiceLevelAggregates.states(inventory: inventory, services: serviceStates)
        return (assessments, states.sorted { $0.subject < $1.subject })
    }
}
