/// How a check looks on the pages and how its target's status follows from it.
public enum CheckHealth: String, Sendable, CaseIterable {
    case up, degraded, down, maintenance, paused, unknown

    /// From the facts: paused, an open alert, in maintenance, the newest sample.
    public static func of(paused: Bool, alertOpen: Bool, inMaintenance: Bool, latestAvailable: Bool?, latestDegraded: Bool) -> CheckHealth {
        if paused { return .paused }
        if inMaintenance { return .maintenance }
        if alertOpen { return .down }
        guard let latestAvailable else { return .unknown }
        if !latestAvailable || latestDegraded { return .degraded }
        return .up
    }
}
