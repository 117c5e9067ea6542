/// What one minute of a service looked like to Forewarn.
public enum MinuteSignal: Sendable, Equatable {
    /// Checks passed, heartbeat up, no rule broken.
    case good
    /// A check failed, the heartbeat was down, or an error rate broke a rule.
    case bad
    /// Bad or not, a declared downtime in progress explained it: planned work is kept out of the level.
    case maintenance
    /// Nothing reported.
    case noSignal
}
