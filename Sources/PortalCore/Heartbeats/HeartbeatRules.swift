import Foundation

/// Where a heartbeat stands: never pinged, pinged in time, its period passed, its period and grace passed (or it reported a failure).
public enum HeartbeatState: String, Sendable, Codable, CaseIterable {
    case new, up, late, down
}

/// What can happen to a heartbeat.
public enum HeartbeatSignal: String, Sendable, CaseIterable {
    /// `/ping/<uuid>` or a log rule's beat: the job ran.
    case ping
    /// `/ping/<uuid>/start`: the job began; the state does not change.
    case start
    /// `/ping/<uuid>/fail`: the job reported a failure.
    case fail
    /// The period passed without a ping.
    case periodPassed = "period passed"
    /// The period and the grace passed without a ping.
    case gracePassed = "grace passed"
}

/// One move of the heartbeat state machine, as data (the lifecycle page draws these).
public struct HeartbeatTransition: Sendable, Equatable {
    public let from: HeartbeatState
    public let signal: HeartbeatSignal
    public let to: HeartbeatState
}

/// The heartbeat state machine, pure: new → up → late → down → up. Alerts on down and recovery go through the
/// monitoring alert rules (`AlertRules`), so maintenance silence and "still down" are the same rule for both.
public enum HeartbeatRules {
    /// Every move; a pair not listed leaves the state as it is.
    public static let transitions: [HeartbeatTransition] = [
        .init(from: .new, signal: .ping, to: .up),
        .init(from: .new, signal: .fail, to: .down),
        .init(from: .up, signal: .ping, to: .up),
        .init(from: .up, signal: .periodPassed, to: .late),
        .init(from: .up, signal: .gracePassed, to: .down),
        .init(from: .up, signal: .fail, to: .down),
        .init(from: .late, signal: .ping, to: .up),
        .init(from: .late, signal: .gracePassed, to: .down),
        .init(from: .late, signal: .fail, to: .down),
        .init(from: .down, signal: .ping, to: .up),
        .init(from: .down, signal: .fail, to: .down),
    ]

    /// The state after `signal`.
    public static func next(_ state: HeartbeatState, _ signal: HeartbeatSignal) -> HeartbeatState {
        transitions.first { $0.from == state && $0.signal == signal }?.to ?? state
    }

    /// The clock's signal for a heartbeat last pinged at `lastPing`: grace passed, period passed, or nothing yet.
    public static func clockSignal(lastPing: Date?, period: Double, grace: Double, now: Date) -> HeartbeatSignal? {
        guard let lastPing else { return nil }
        let waited = now.timeIntervalSince(lastPing)
        if waited >= period + grace { return .gracePassed }
        if waited >= period { return .periodPassed }
        return nil
    }

    /// When the clock must look at this heartbeat next (nil: only a ping can change it).
    public static func nextDeadline(state: HeartbeatState, lastPing: Date?, period: Double, grace: Double) -> Date? {
        guard let lastPing else { return nil }
        switch state {
        case .up: return lastPing.addingTimeInterval(period)
        case .late: return lastPing.addingTimeInterval(period + grace)
        case .new, .down: return nil
        }
    }

    /// The monitoring alert rules' view of a heartbeat: down is a failed window, anything else a healthy one.
    public static func alertInput(state: HeartbeatState, phase: MonitorPhase, alertOpen: Bool, coveringDowntime: Int64?, graceSeconds: Double,
                                  now: Date) -> AlertInput {
        let down = state == .down
        return AlertInput(phase: phase, alertOpen: alertOpen, availability: down ? 0 : 100, samples: state == .new ? 0 : 1, latestFailed: down,
                          coveringDowntime: coveringDowntime, thresholdPercent: 50, graceSeconds: graceSeconds, now: now)
    }
}
