import Foundation

/// The alert rules (`AlertRules.decide`) seen as a state machine, for people: where a check or heartbeat stands
/// between evaluations. The table is tested against `decide`, so the drawing at `/help/lifecycle` cannot drift from it.
public enum AlertLifecycleState: String, Sendable, CaseIterable {
    case ok = "ok"
    case alerting = "alerting"
    case maintenance = "in maintenance"
    case afterMaintenance = "after maintenance"

    /// The state of a remembered phase with or without an open alert.
    public static func of(phase: MonitorPhase, alertOpen: Bool) -> AlertLifecycleState {
        switch phase {
        case .maintenance: .maintenance
        case .afterMaintenance: .afterMaintenance
        case .normal: alertOpen ? .alerting : .ok
        }
    }
}

/// One move of the alert rules.
public struct AlertLifecycleTransition: Sendable, Equatable {
    public let from: AlertLifecycleState
    public let event: String
    public let to: AlertLifecycleState
}

extension AlertRules {
    /// Every move of the alert rules, with the words the lifecycle page shows.
    public static let transitions: [AlertLifecycleTransition] = [
        .init(from: .ok, event: "fails (alert)", to: .alerting),
        .init(from: .alerting, event: "healthy (recovery)", to: .ok),
        .init(from: .ok, event: "downtime covers it", to: .maintenance),
        .init(from: .maintenance, event: "downtime ends, healthy", to: .ok),
        .init(from: .maintenance, event: "downtime ends, failing", to: .afterMaintenance),
        .init(from: .afterMaintenance, event: "healthy", to: .ok),
        .init(from: .afterMaintenance, event: "still down after grace (alert)", to: .alerting),
    ]
}

extension HeartbeatState {
    /// The state name people read.
    public var displayName: String { rawValue }
}
