import PortalCore

/// What the level worker's last pass computed: every service's window sums, state and assessment, the aggregates, and
/// what they were computed from beyond the minutes (the minute of the pass, the inventory's generation, the SLAs and
/// the open incidents). Derived from the database only; dropped whenever a pass fails.
struct ServiceLevelCache {
    let minute: Int
    let generation: Int
    /// "percent period" per service with an SLA.
    let slas: [Int64: String]
    let incidents: [Int64: [String]]
    let counts: ServiceLevelCounts
    let services: [Int64: ServiceLevelState]
    let assessments: [Int64: ServiceLevelAssessment]
    /// The aggregates' states, in the order of the membership's groups.
    let aggregates: [ServiceLevelState]
    /// Every subject's state (services and aggregates), in subject order.
    let states: [ServiceLevelState]

    /// What a pass must recompute.
    enum Plan: Equatable {
        /// Every service and aggregate: the inventory was reloaded or an SLA changed (or nothing was cached).
        case all
        /// The same minute as the last pass: these services, with the window sums moved by the changed minutes.
        case sameMinute(Set<Int64>)
        /// The minute moved on (every window slid by one): these services, their sums read again; the others have no
        /// minute in any window, so nothing about them moved.
        case nextMinute(Set<Int64>)
    }

    /// The longest window back from a pass's minute: a calendar month of 31 days, with a day to spare.
    static let reachMinutes = 32 * 1440

    /// The plan of a pass: `changedMinutes` are the services whose stored minutes it changed; `withMinutes(from)` lists
    /// the services with a stored minute from that minute on (asked only when the minute moved on: any window of this
    /// pass or the last starts after it).
    func plan(minute: Int, generation: Int, slas: [Int64: String], incidents: [Int64: [String]], changedMinutes: Set<Int64>,
              withMinutes: (Int) throws -> Set<Int64>) rethrows -> Plan {
        guard generation == self.generation, slas == self.slas else { return .all }
        var dirty = changedMinutes
        for id in Set(incidents.keys).union(self.incidents.keys) where incidents[id] != self.incidents[id] { dirty.insert(id) }
        return minute == self.minute ? .sameMinute(dirty) : .nextMinute(dirty.union(try withMinutes(min(minute, self.minute) - Self.reachMinutes)))
    }
}
