import Foundation

/// Spells a length of time for people: "4 hours 30 minutes", "31 days 2 hours".
public enum DurationText {
    /// Days, hours and minutes that are not zero; seconds only for spans under a minute.
    public static func format(_ interval: TimeInterval) -> String {
        let total = Int(interval.rounded(.down))
        if total < 60 { return unit(max(total, 0), "second") }
        let days = total / 86_400
        let hours = (total % 86_400) / 3_600
        let minutes = (total % 3_600) / 60
        let parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
            .filter { $0.0 > 0 }
            .map { unit($0.0, $0.1) }
        return parts.joined(separator: " ")
    }

    private static func unit(_ count: Int, _ name: String) -> String {
        count == 1 ? "1 \(name)" : "\(count) \(name)s"
    }
}
