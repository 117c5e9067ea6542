import Foundation

/// The period an advertised SLA (and its error budget) is judged over: `sla_period` `month` is the calendar month so
/// far in UTC (from 00:00 UTC on its first day, the current minute included); `30d` or empty is the rolling 30 days.
public enum SLAPeriod {
    /// Minutes of the period of `period` (`month`, `30d` or '') ending with the minute of `now`.
    public static func minutes(period: String?, now: Date) -> Int {
        period == "month" ? monthMinutes(now: now) : ServiceLevelWindow.thirtyDays.minutes
    }

    /// Minutes from the start of `now`'s UTC calendar month to `now`'s minute, both included.
    public static func monthMinutes(now: Date) -> Int {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let start = utc.dateInterval(of: .month, for: now)?.start ?? now
        return Int(now.timeIntervalSince1970 / 60) - Int(start.timeIntervalSince1970 / 60) + 1
    }
}
