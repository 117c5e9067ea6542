import Foundation
import PortalCore

/// A recurring maintenance window as stored: its rule and the fields every occurrence copies.
public struct SeriesRecord: Sendable {
    public var id: Int64
    /// The RRULE value, canonical (UNTIL in UTC).
    public var rule: String
    public var timeZone: String
    /// DTSTART: the wall-clock reading the rule is expanded from.
    public var firstStart: LocalDateTime
    public var durationSeconds: Int
    public var horizonDays: Int
    /// Every occurrence starting up to here exists as a downtime.
    public var plannedThrough: Date
    public var announced: Bool
    /// The fields and targets new occurrences copy; its window is the first occurrence's.
    public var template: DowntimeDraft
    public var createdAt: Date
    public var updatedAt: Date
}

/// One occurrence of a series: the downtime it is and the instant the rule gives for it.
public struct SeriesOccurrence: Sendable, Equatable {
    public let downtimeID: Int64
    public let recurrenceAt: Date
    public let state: DowntimeState
    public let window: TimeWindow
}
