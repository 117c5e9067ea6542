import Foundation
import PortalCore
import PortalStore

/// An alert opened or closed, handed to the effects inside the transaction that recorded it.
public struct AlertChange: Sendable {
    public enum Event: Sendable { case opened, recovered }
    public let event: Event
    public let check: CheckRecord
    public let alertID: Int64
    public let message: String
    public let at: Date
    /// For a "still down" alert: the downtime it names.
    public let downtimeID: Int64?
    /// An outage (down, still down) or a certificate warning.
    public var kind: AlertRecord.Kind = .down
}

/// What the monitor needs from the rest of Forewarn: which downtime in progress explains a target's state (the impact
/// engine), and what to do when an alert opens or closes (notices, incidents), inside the same transaction.
public protocol MonitorEffects: Sendable {
    /// The downtime in progress covering each check's target, by check id; checks not covered are left out.
    func maintenanceCover(_ checks: [CheckRecord], now: Date) throws -> [Int64: Int64]
    /// Called inside the write transaction that opened or closed the alert.
    func alertChanged(_ db: Database, _ change: AlertChange) throws
}
