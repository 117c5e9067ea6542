import Foundation

extension TimeWindow {
    /// The window in its declared zone and in UTC: `Tue 12 Jan 2027 22:00 – Wed 13 Jan 02:00 CET (21:00–01:00 UTC)`.
    public var formatted: String {
        ScheduleText.range(start: start, end: end, zone: zone, zoneID: timeZone)
    }

    /// The window in a recipient's own zone, with UTC alongside, in the same form as `formatted`.
    public func format(in zoneID: String) throws -> String {
        ScheduleText.range(start: start, end: end, zone: try TimeZoneResolver.zone(zoneID), zoneID: zoneID)
    }

    /// The start in storage form, `2027-01-12T21:00:00Z`.
    public var startUTC: String {
        UTCTimestamp.string(from: start)
    }

    /// The end in storage form, `2027-01-13T01:00:00Z`.
    public var endUTC: String {
        UTCTimestamp.string(from: end)
    }

    /// The length for people: `4 hours`, `1 day 2 hours 30 minutes`.
    public var durationText: String {
        DurationText.format(duration)
    }
}
