import Foundation
import PortalCore
import PortalStore

/// Levels of every service and aggregate from the stored minutes and roll-ups (the pure judgement is PortalCore's).
enum ServiceLevels {
    /// Every service's assessment (by id) and every subject's state, as one pass computed them, with the inventory's
    /// aggregate membership they were computed with.
    struct Computed: Sendable {
        let services: [Int64: ServiceLevelAssessment]
        let states: [ServiceLevelState]
        let membership: ServiceLevelMembership
    }

    /// Every subject's state now: services (with their windows' figures) then aggregates, in subject order.
    static func compute(_ db: Database, inventory: Inventory, now: Date) throws -> [ServiceLevelState] {
        try assessments(db, inventory: inventory, now: now).states
    }

    /// The assessments of every service (by id) and the states of every subject.
    static func assessments(_ db: Database, inventory: Inventory, now: Date) throws -> Computed {
        let services = try Self.services(db, inventory: inventory, now: now, only: nil, incidents: ServiceLevelStore.openIncidents(db))
        let slas = services.compactMapValues(\.assessment.slaPercent)
        let membership = ServiceLevelMembership(inventory: inventory)
        return Computed(services: services.mapValues(\.assessment),
                        states: states(membership: membership, services: services.mapValues(\.state), slaPercent: slas), membership: membership)
    }

    /// Every subject's state from the services' states (and their advertised SLAs): the services, then the aggregates,
    /// in subject order.
    static func states(membership: ServiceLevelMembership, services: [Int64: ServiceLevelState], slaPercent: [Int64: Double]) -> [ServiceLevelState] {
        let advertising = Set(slaPercent.keys)
        return sorted(services: services, aggregates: membership.groups.map {
            ServiceLevelAggregates.state(of: $0, services: services, advertising: advertising)
        })
    }

    /// Services and aggregates in subject order.
    static func sorted(services: [Int64: ServiceLevelState], aggregates: [ServiceLevelState]) -> [ServiceLevelState] {
        (Array(services.values) + aggregates).sorted { $0.subject < $1.subject }
    }

    /// The assessment and state of the inventory's services, or only of those in `only` (the level worker's
    /// incremental passes), from the stored minutes and roll-ups (or from `counts` when the caller has them);
    /// `incidents` are the open incidents per service.
    static func services(_ db: Database, inventory: Inventory, now: Date, only: Set<Int64>?, incidents: [Int64: [String]],
                         counts given: ServiceLevelCounts? = nil)
        throws -> [Int64: (assessment: ServiceLevelAssessment, state: ServiceLevelState)] {
        let nowMinute = Int(now.timeIntervalSince1970 / 60)
        // Past half the services, reading every one in a few range scans is cheaper than a filter per service.
        let filter = only.flatMap { $0.count * 2 > inventory.services.count ? nil : $0 }
        let slas = try ServiceLevelStore.slas(db)
        let counts = try given ?? ServiceLevelCounts.read(db, now: now, only: filter, slas: slas)
        let short = ServiceLevelWindow.tenMinutes.minutes
        let latest = try ServiceLevelStore.latest(db, now: nowMinute, minutes: short, serviceIDs: filter)
        let causes = try ServiceLevelStore.latestBadCauses(db, now: nowMinute, minutes: short, serviceIDs: filter)

        var result: [Int64: (assessment: ServiceLevelAssessment, state: ServiceLevelState)] = [:]
        for service in inventory.services where only?.contains(service.id) ?? true {
            let levels = ServiceLevelWindow.allCases.map { window in
                let c = counts.windows[window]?[service.id] ?? MinuteCounts()
                return ServiceLevel(window: window, goodMinutes: c.good, badMinutes: c.bad, maintenanceMinutes: c.maintenance)
            }
            let sla = slas[service.id]
            let period = (sla?.period == "month" ? counts.month[service.id] : counts.windows[.thirtyDays]?[service.id]) ?? MinuteCounts()
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
