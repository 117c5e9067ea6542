import PortalCore

/// What the level worker's last pass computed: every service's state and what it was computed from, beyond the
/// minutes (the minute of the pass, the inventory's generation, the SLAs and the open incidents). Derived from the
/// database only; dropped whenever a pass fails.
struct ServiceLevelCache {
    let minute: Int
    let generation: Int
    /// "percent period" per service with an SLA.
    let slas: [Int64: String]
    let incidents: [Int64: [String]]
    let services: [Int64: ServiceLevelState]
    let assessments: [Int64: ServiceLevelAssessment]
    /// Every subject's state (services and aggregates), in subject order.
    let states: [ServiceLevelState]

    /// The services a pass must recompute: nil (all of them) when the minute moved on (every window slid), the
    /// inventory was reloaded or an SLA changed; else those whose minutes changed in this pass or whose open incidents
    /// differ from the last pass's.
    func dirty(minute: Int, generation: Int, slas: [Int64: String], incidents: [Int64: [String]], changedMinutes: Set<Int64>) -> Set<Int64>? {
        guard minute == self.minute, generation == self.generation, slas == self.slas else { return nil }
        var dirty = changedMinutes
        for id in Set(incidents.keys).union(self.incidents.keys) where incidents[id] != self.incidents[id] { dirty.insert(id) }
        return dirty
    }
}
