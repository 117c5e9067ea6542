import Foundation

/// How long the level tables keep their rows. Minutes outlive the longest window (30 days) with room for a month's
/// SLA period; the roll-ups keep longer history for charts; the change log keeps what a reconnecting stream may ask
/// for (and always each subject's newest change, its current state).
public enum ServiceLevelRetention {
    public static let minuteDays = 35
    public static let hourDays = 90
    public static let dayDays = 3 * 365
    public static let eventDays = 35

    /// The oldest minute, hour and day index and change time that stay at `now`.
    public struct Cutoffs: Sendable, Equatable {
        public let minute: Int
        public let hour: Int
        public let day: Int
        public let event: Date
    }

    public static func cutoffs(now: Date) -> Cutoffs {
        let nowMinute = Int((now.timeIntervalSince1970 / 60).rounded(.down))
        return Cutoffs(minute: nowMinute - minuteDays * 1440, hour: (nowMinute - hourDays * 1440) / 60,
                       day: (nowMinute - dayDays * 1440) / 1440, event: now.addingTimeInterval(-Double(eventDays) * 86_400))
    }
}
