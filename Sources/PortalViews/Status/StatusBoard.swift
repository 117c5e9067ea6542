import Foundation
import PortalCore

/// The HTML status page's headline and component grid, computed together from one list of component states so the
/// two can never disagree: the headline names the worst state in the grid and how many components are in it.
///
/// Open incidents and unplanned outages that touch no listed component are still listed under "Incidents", but they
/// do not colour the headline (the JSON summary's `status.indicator` keeps Statuspage's rule, which counts them).
public struct StatusBoard: Sendable, Equatable {
    /// One component in the grid: its state, the words for it and why it is not operational.
    public struct Tile: Sendable, Equatable {
        public var name: String
        public var status: StatusSummary.ComponentStatus
        /// `DT-3 Rack B4 power`, `INC-2 Payroll errors`, or "Monitoring: a check is failing".
        public var reasons: [String]

        public var label: String { status.displayName }
        public var isAffected: Bool { status != .operational }

        /// A component with its state and reasons.
        public init(name: String, status: StatusSummary.ComponentStatus, reasons: [String]) {
            self.name = name
            self.status = status
            self.reasons = reasons
        }
    }

    /// The worst state in the grid (operational when the grid is empty).
    public var worst: StatusSummary.ComponentStatus
    /// "All systems operational", or the worst state, on how many services, and how many of all are affected
    /// ("Major outage on 2 services · 3 of 40 services affected").
    public var headline: String
    /// Affected components first (worst first, then by name), then the operational ones by name.
    public var tiles: [Tile]

    public var affected: [Tile] { tiles.filter(\.isAffected) }
    public var operational: [Tile] { tiles.filter { !$0.isAffected } }

    /// The board for these components, with the reasons given by component id.
    public init(components: [StatusSummary.Component], reasons: [String: [String]]) {
        tiles = components.map { Tile(name: $0.name, status: $0.status, reasons: $0.status == .operational ? [] : reasons[$0.id] ?? []) }
            .sorted { ($1.status, $0.name.lowercased(), $0.name) < ($0.status, $1.name.lowercased(), $1.name) }
        worst = tiles.map(\.status).max() ?? .operational
        headline = Self.headline(tiles.map(\.status))
    }

    /// The headline for a grid with these states.
    public static func headline(_ states: [StatusSummary.ComponentStatus]) -> String {
        let worst = states.max() ?? .operational
        let affected = states.filter { $0 != .operational }.count
        guard affected > 0 else { return "All systems operational" }
        let total = states.count
        let atWorst = states.filter { $0 == worst }.count
        let head: String
        switch worst {
        case .operational: head = "All systems operational"
        case .degradedPerformance: head = "Degraded performance"
        case .underMaintenance: head = "Maintenance in progress"
        case .partialOutage: head = "Partial outage"
        case .majorOutage: head = "Major outage"
        }
        return "\(head) on \(Plural.count(atWorst, "service")) · \(affected) of \(Plural.count(total, "service")) affected"
    }

    /// The reasons for each component: the open incidents and unplanned outages, and the maintenances in progress, that
    /// list it; an affected component without one is failing its monitoring checks.
    public static func reasons(_ summary: StatusSummary) -> [String: [String]] {
        var reasons: [String: [String]] = [:]
        for incident in summary.recentIncidents where incident.resolvedAt == nil {
            for component in incident.components { reasons[component.id, default: []].append("\(incident.id) \(incident.name)") }
        }
        for maintenance in summary.scheduledMaintenances where maintenance.status == .inProgress {
            for component in maintenance.components { reasons[component.id, default: []].append("\(maintenance.id) \(maintenance.name)") }
        }
        for component in summary.components where component.status != .operational && reasons[component.id] == nil {
            reasons[component.id] = ["Monitoring: a check is failing or slow"]
        }
        return reasons
    }

    /// The board of a whole status summary.
    public init(_ summary: StatusSummary) {
        self.init(components: summary.components, reasons: Self.reasons(summary))
    }
}

