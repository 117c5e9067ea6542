import Foundation

/// One occurrence of a recurring window: the reading the rule gives and where it lands on the clock.
public struct PlannedOccurrence: Sendable, Hashable {
    /// The wall-clock start the rule gives, before any DST adjustment (the iCalendar RECURRENCE-ID reading).
    public let ruleStart: LocalDateTime
    /// The instant the rule's reading names (RFC 5545 rules for gaps and overlaps); the identity of the occurrence.
    public let recurrenceID: Date
    /// The window the occurrence covers, in the series' zone.
    public let window: TimeWindow
    /// Whether the reading had to be moved out of a DST gap or was ambiguous.
    public let adjustment: OccurrenceAdjustment

    public init(ruleStart: LocalDateTime, recurrenceID: Date, window: TimeWindow, adjustment: OccurrenceAdjustment) {
        self.ruleStart = ruleStart
        self.recurrenceID = recurrenceID
        self.window = window
        self.adjustment = adjustment
    }

    /// A sentence for the page when the occurrence does not start at the reading the rule gives, else nil.
    public var adjustmentNote: String? {
        let zone = window.timeZone
        let label = (try? TimeZoneResolver.label(at: window.start, in: zone)) ?? zone
        switch adjustment {
        case .none:
            return nil
        case .gap:
            return "\(ruleStart.readable) does not exist in \(zone) (the clocks go forward), so this occurrence starts at \(window.localStart.timeText) \(label)."
        case .ambiguous:
            return "\(ruleStart.readable) happens twice in \(zone) (the clocks go back); this occurrence starts at the first, \(window.localStart.timeText) \(label)."
        }
    }
}
