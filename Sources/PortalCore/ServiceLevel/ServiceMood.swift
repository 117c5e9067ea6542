/// A service's mood at a glance: how its current level compares with what it promises.
public enum ServiceMood: String, Sendable, CaseIterable, Codable {
    /// Within the advertised SLA.
    case ok
    /// Below the SLA over the short window, but the period's error budget is not spent.
    case degraded
    /// The period's error budget is spent.
    case breaching
    /// Failing right now (the latest minute with a signal was bad).
    case down
    /// A declared downtime in progress explains it.
    case maintenance
    /// No signal at all (no check, heartbeat or log rule reported).
    case unknown
}
