import Foundation

/// How the monitor paces itself; the defaults suit production, tests shorten them.
public struct MonitorSettings: Sendable {
    /// How often the check list is re-read (new, edited, paused checks).
    public var reloadSeconds: Double = 2
    /// How long a lease lasts; it is renewed every third of that.
    public var leaseSeconds: Double = 15
    /// How often collected samples are written (one transaction per flush).
    public var flushSeconds: Double = 1
    /// How long after a downtime ends a still-failing target raises the "still down" alert; nil: the setting
    /// `monitoring.maintenance_grace_seconds`, else 300.
    public var graceSeconds: Double?

    public init() {}
}
