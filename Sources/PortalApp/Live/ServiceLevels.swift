import Foundation
import PortalCore
import PortalStore

/// Levels of every service and aggregate from the stored minutes and roll-ups (the pure judgement is PortalCore's).
enum ServiceLevels {
    /// Every service's assessment (by id) and every subject's state, as one pass computed them.
    struct Computed: Sendable {
        let services: [Int64: ServiceLevelAssessment]
        let states: [ServiceLevelState]
    }

    /// Every subject's state now: services (with their windows' figures) then aggregates, in subject order.
    static func compute(_ db: Database, inventory: Inventory, now: Date) throws -> [ServiceLevelState] {
        try assessments(db, inventory: inventory, now: now).states
    }

    /// The assessments of every service (by id) and the states of every subject.
    static func assessments(_ db: Database, inventory: Inventory, now: Date)
        throws -> (services: [Int64: ServiceLevelAssessment], states: [ServiceLevelState]) {
        let services = try Self.services(db, inventory: inventory, now: now, only: nil, incidents: ServiceLevelStore.openIncidents(db))
        let slas = services.compactMapValues(\.assessment.slaPercent)
        return (services.mapValues(\.assessment), states(inventory: inventory, services: services.mapValues(\.state), slaPercent: slas))
    }

    /// Every subject's state from the services' states (and their advertised SLAs): the services, then the aggregates,
    /// in subject order.
    static func states(inventory: Inventory, services: [Int64: ServiceLevelState], slaPercent: [Int64: Double]) -> [ServiceLevelState] {
        (Array(services.values) + ServiceLevelAggregates.states(inventory: inventory, services: services, slaPercent: slaPercent))
            .sorted { $0.subject < $1.subject }
    }

    /// The assessment and state of the inventory's services, or only of those in `only` (the level worker's
    /// incremental passes), from the stored minutes and roll-ups; `incidents` are the open incidents per service.
    static func services(_ db: Database, inventory: Inventory, now: Date, only: Set<Int64>?, incidents: [Int64: [String]])
        throws -> [Int64: (assessment: ServiceLevelAssessment, state: ServiceLevelState)] {
        let nowMinute = Int(now.timeIntervalSince1970 / 60)
        var counts: [ServiceLevelWindow: [Int64: MinuteCounts]] = [:]
        for window in ServiceLevelWindow.allCases {
            counts[window] = try ServiceLevelStore.counts(db, now: nowMinute, minutes: window.minutes, serviceIDs: only)
        }
        let short = ServiceLevelWindow.tenMinutes.minutes
        let latest = try ServiceLevelStore.latest(db, now: nowMinute, minutes: short, serviceIDs: only)
        let causes = try ServiceLevelStore.latestBadCauses(db, now: nowMinute, minutes: short, serviceIDs: only)
        let slas = try ServiceLevelStore.slas(db)
        let monthly = Set(slas.filter { $0.value.period == "month" }.keys).intersection(only ?? Set(slas.keys))
        let monthCounts = monthly.isEmpty ? [:]
            : try ServiceLevelStore.counts(db, now: nowMinute, minutes: SLAPeriod.monthMinutes(now: now), serviceIDs: monthly)

        var result: [Int64: (assessment: ServiceLevelAssessment, state: ServiceLevelState)] = [:]
        for service in inventory.services where only?.contains(service.id) ?? true {
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
            result[service.id] = (assessment, ServiceLevelState(subject: .service(service.id), name: service.name, percent: levels[0].percent,
                                                                 mood: assessment.mood, reason: assessment.reason))
        }
        return result
    }
}
