import Foundation

/// How long monitoring data is kept: raw samples, minute rollups, hour rollups (settings `monitoring.retention_raw_days`,
/// `monitoring.retention_minutes_days`, `monitoring.retention_hours_days`; 7, 90 and 730 days by default).
public struct RetentionPolicy: Sendable, Equatable {
    public var rawDays: Double = 7
    public var minuteDays: Double = 90
    public var hourDays: Double = 730

    public init(rawDays: Double? = nil, minuteDays: Double? = nil, hourDays: Double? = nil) {
        if let rawDays, rawDays > 0 { self.rawDays = rawDays }
        if let minuteDays, minuteDays > 0 { self.minuteDays = minuteDays }
        if let hourDays, hourDays > 0 { self.hourDays = hourDays }
    }

    /// The instants before which each kind of data goes.
    public func cutoffs(now: Date) -> (raw: Date, minutes: Date, hours: Date) {
        (now.addingTimeInterval(-rawDays * 86_400), now.addingTimeInterval(-minuteDays * 86_400), now.addingTimeInterval(-hourDays * 86_400))
    }
}
