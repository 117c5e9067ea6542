import Foundation

/// Where a check stands between samples, as the alert rules remember it (stored, so it survives a restart).
public enum MonitorPhase: Sendable, Equatable {
    /// No downtime involved.
    case normal
    /// A declared downtime in progress explains the target's state: failures are "in maintenance", no alert.
    case maintenance(downtimeID: Int64)
    /// The downtime ended at `endedAt`; if the target still fails after the grace period, an alert names it.
    case afterMaintenance(downtimeID: Int64, endedAt: Date)
}

/// What the rules see at one evaluation of a check.
public struct AlertInput: Sendable, Equatable {
    public var phase: MonitorPhase
    /// Whether an alert of this check is open.
    public var alertOpen: Bool
    /// Availability over the alert window in percent (0–100) and how many samples it rests on.
    public var availability: Double
    public var samples: Int
    /// Whether the newest sample failed.
    public var latestFailed: Bool
    /// The downtime in progress that explains the target's state now, if any.
    public var coveringDowntime: Int64?
    public var thresholdPercent: Double
    /// How long after a downtime ends a still-failing target raises the "still down" alert.
    public var graceSeconds: Double
    public var now: Date

    public init(phase: MonitorPhase, alertOpen: Bool, availability: Double, samples: Int, latestFailed: Bool, coveringDowntime: Int64?,
                thresholdPercent: Double, graceSeconds: Double = 300, now: Date) {
        self.phase = phase
        self.alertOpen = alertOpen
        self.availability = availability
        self.samples = samples
        self.latestFailed = latestFailed
        self.coveringDowntime = coveringDowntime
        self.thresholdPercent = thresholdPercent
        self.graceSeconds = graceSeconds
        self.now = now
    }
}

/// What to do after an evaluation.
public enum AlertAction: Sendable, Equatable {
    case none
    /// Availability fell below the threshold: open an alert (one per outage).
    case alert
    /// The target still fails `graceSeconds` after the downtime ended: open an alert naming the downtime.
    case stillDown(downtimeID: Int64, endedAt: Date)
    /// Availability is back at or above the threshold: close the open alert.
    case recover
}

/// The decision and the phase to remember.
public struct AlertDecision: Sendable, Equatable {
    public var action: AlertAction
    public var phase: MonitorPhase

    public init(_ action: AlertAction, _ phase: MonitorPhase) {
        self.action = action
        self.phase = phase
    }
}

/// The alert state machine of a check, pure: one alert per outage, silence while a declared downtime explains the
/// failures, and the "still down" alert when the target keeps failing after the downtime ended.
public enum AlertRules {
    public static func decide(_ input: AlertInput) -> AlertDecision {
        let below = input.samples > 0 && input.availability < input.thresholdPercent
        if let downtime = input.coveringDowntime {
            // Maintenance wins: no new alert; an alert already open may still recover.
            let phase = MonitorPhase.maintenance(downtimeID: downtime)
            if input.alertOpen && !below { return AlertDecision(.recover, phase) }
            return AlertDecision(.none, phase)
        }
        switch input.phase {
        case .maintenance(let downtime):
            // The downtime just ended: wait out the grace period before judging.
            return decideAfter(input, downtime: downtime, endedAt: input.now, below: below)
        case .afterMaintenance(let downtime, let endedAt):
            return decideAfter(input, downtime: downtime, endedAt: endedAt, below: below)
        case .normal:
            if input.alertOpen { return AlertDecision(below ? .none : .recover, .normal) }
            return AlertDecision(below ? .alert : .none, .normal)
        }
    }

    private static func decideAfter(_ input: AlertInput, downtime: Int64, endedAt: Date, below: Bool) -> AlertDecision {
        let waiting = MonitorPhase.afterMaintenance(downtimeID: downtime, endedAt: endedAt)
        if input.alertOpen { return AlertDecision(below ? .none : .recover, .normal) }
        if input.now.timeIntervalSince(endedAt) < input.graceSeconds {
            return AlertDecision(.none, input.latestFailed ? waiting : (below ? waiting : .normal))
        }
        return input.latestFailed ? AlertDecision(.stillDown(downtimeID: downtime, endedAt: endedAt), .normal) : AlertDecision(.none, .normal)
    }
}

/// What to do about a TLS check's certificate.
public enum CertificateAction: Sendable, Equatable {
    case none
    /// Fewer than the check's minimum days are left: warn (once, until it is renewed).
    case warn(daysLeft: Int)
    /// The certificate was renewed (or now has enough days left): close the warning.
    case renewed
}

extension AlertRules {
    /// The certificate rule: warn once when fewer than `minimumDays` are left, close the warning when a later sample
    /// shows enough days again. Without an expiry (the handshake failed) nothing changes: the outage rules handle that.
    public static func certificate(warningOpen: Bool, expiry: Date?, minimumDays: Int, now: Date) -> CertificateAction {
        guard let expiry else { return .none }
        let days = expiry.timeIntervalSince(now) / 86_400
        if days < Double(minimumDays) { return warningOpen ? .none : .warn(daysLeft: max(0, Int(days.rounded(.down)))) }
        return warningOpen ? .renewed : .none
    }
}
