/// The plain choices of the recurrence form ("every 2 weeks on Tuesday", "the last Friday of the month") and the
/// RRULE text they stand for. Expansion is libical's job; this only writes the rule down.
public struct RecurrenceChoices: Sendable, Equatable {
    /// What repeats.
    public enum Pattern: String, Sendable, CaseIterable {
        case daily
        case weekly
        /// The Nth (or last) weekday of the month: `BYDAY=2TU`, `BYDAY=-1FR`.
        case monthlyWeekday = "monthly_weekday"
        /// A day of the month: `BYMONTHDAY=15`.
        case monthlyDay = "monthly_day"
    }

    /// How the series ends.
    public enum End: Sendable, Equatable {
        /// After this local date (inclusive, in the series' zone).
        case until(year: Int, month: Int, day: Int)
        case count(Int)
    }

    /// RFC 5545 weekday codes, Monday first as the form shows them.
    public static let weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    public static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    /// Ordinals the form offers for the monthly weekday pattern.
    public static let ordinals: [(value: Int, label: String)] = [(1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (-1, "last")]

    public var pattern: Pattern
    public var interval: Int
    public var weekdays: [String]
    public var ordinal: Int
    public var monthDay: Int
    public var end: End

    public init(pattern: Pattern, interval: Int = 1, weekdays: [String] = [], ordinal: Int = 1, monthDay: Int = 1, end: End) {
        self.pattern = pattern
        self.interval = interval
        self.weekdays = weekdays
        self.ordinal = ordinal
        self.monthDay = monthDay
        self.end = end
    }

    /// Field name → message for choices that cannot make a rule; empty when they can.
    public var problems: [String: String] {
        var found: [String: String] = [:]
        if !(1...99).contains(interval) { found["interval"] = "Repeat every 1 to 99 days, weeks or months." }
        switch pattern {
        case .weekly:
            if weekdays.isEmpty { found["weekdays"] = "Choose at least one weekday." }
            if weekdays.contains(where: { !Self.weekdayCodes.contains($0) }) { found["weekdays"] = "Choose weekdays from Monday to Sunday." }
        case .monthlyWeekday:
            if !Self.ordinals.contains(where: { $0.value == ordinal }) { found["ordinal"] = "Choose first, second, third, fourth or last." }
            if weekdays.count != 1 || !Self.weekdayCodes.contains(weekdays[0]) { found["weekdays"] = "Choose one weekday." }
        case .monthlyDay:
            if !(1...31).contains(monthDay) { found["month_day"] = "The day of the month must be between 1 and 31." }
        case .daily:
            break
        }
        if case .count(let n) = end, !(1...1000).contains(n) { found["count"] = "The number of occurrences must be between 1 and 1000." }
        return found
    }

    /// The RRULE value, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630` (a date UNTIL, read in the series' zone).
    public var rule: String {
        var parts: [String]
        switch pattern {
        case .daily: parts = ["FREQ=DAILY"]
        case .weekly: parts = ["FREQ=WEEKLY", "BYDAY=" + Self.weekdayCodes.filter(weekdays.contains).joined(separator: ",")]
        case .monthlyWeekday: parts = ["FREQ=MONTHLY", "BYDAY=\(ordinal)\(weekdays.first ?? "MO")"]
        case .monthlyDay: parts = ["FREQ=MONTHLY", "BYMONTHDAY=\(monthDay)"]
        }
        if interval != 1 { parts.insert("INTERVAL=\(interval)", at: 1) }
        switch end {
        case .until(let year, let month, let day):
            parts.append("UNTIL=" + LocalDateTime.pad(year, 4) + LocalDateTime.pad(month) + LocalDateTime.pad(day))
        case .count(let n):
            parts.append("COUNT=\(n)")
        }
        return parts.joined(separator: ";")
    }

    /// "Every 2 weeks on Tuesday and Thursday, until 2027-06-30", for the page.
    public var summary: String {
        let unit: String
        switch pattern {
        case .daily: unit = interval == 1 ? "Every day" : "Every \(interval) days"
        case .weekly:
            let names = Self.weekdayCodes.enumerated().filter { weekdays.contains($0.element) }.map { Self.weekdayNames[$0.offset] }
            unit = (interval == 1 ? "Every week" : "Every \(interval) weeks") + " on " + ListText.and(names)
        case .monthlyWeekday:
            let name = Self.weekdayCodes.firstIndex(of: weekdays.first ?? "").map { Self.weekdayNames[$0] } ?? "?"
            let nth = Self.ordinals.first { $0.value == ordinal }?.label ?? "\(ordinal)."
            unit = "The \(nth) \(name) of " + (interval == 1 ? "every month" : "every \(interval) months")
        case .monthlyDay:
            unit = "Day \(monthDay) of " + (interval == 1 ? "every month" : "every \(interval) months")
        }
        switch end {
        case .until(let year, let month, let day):
            return unit + ", until " + LocalDateTime.pad(year, 4) + "-" + LocalDateTime.pad(month) + "-" + LocalDateTime.pad(day)
        case .count(let n):
            return unit + ", \(n) time" + (n == 1 ? "" : "s")
        }
    }
}

/// Joins names for sentences: "Tuesday", "Tuesday and Thursday", "Monday, Wednesday and Friday".
enum ListText {
    static func and(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
