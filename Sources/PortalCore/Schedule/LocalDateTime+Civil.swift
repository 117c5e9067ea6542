import Foundation

// Calendar arithmetic done by hand (proleptic Gregorian, Howard Hinnant's day algorithms) so that
// resolving and formatting never depend on Calendar's silent adjustments or on locale data.
extension LocalDateTime {
    /// Seconds since 1970-01-01T00:00:00 if this wall-clock time were read in UTC.
    var secondsAsIfUTC: Int {
        LocalDateTime.daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// The wall-clock reading `seconds` after 1970-01-01T00:00:00.
    init(secondsAsIfUTC seconds: Int) {
        let days = LocalDateTime.floorDiv(seconds, 86_400)
        let rest = seconds - days * 86_400
        let (y, m, d) = LocalDateTime.civilFromDays(days)
        self.init(unchecked: y, m, d, rest / 3_600, (rest % 3_600) / 60, rest % 60)
    }

    /// The wall-clock reading of `date` at a fixed UTC offset.
    init(instant date: Date, offsetSeconds: Int) {
        self.init(secondsAsIfUTC: LocalDateTime.wholeSeconds(date) + offsetSeconds)
    }

    /// 0 = Sunday ... 6 = Saturday.
    var weekdayIndex: Int {
        // 1970-01-01 was a Thursday (index 4).
        let days = LocalDateTime.daysFromCivil(year, month, day)
        return ((days % 7) + 7 + 4) % 7
    }

    /// Whole seconds of a date, rounded down, so a 21:00:00.9 instant never shows as 21:00:01.
    static func wholeSeconds(_ date: Date) -> Int {
        Int(date.timeIntervalSince1970.rounded(.down))
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}

extension LocalDateTime {
    /// Seconds since 1970-01-01T00:00:00 if this reading were taken in UTC (for C libraries that count wall time so).
    public var secondsSinceEpochAsIfUTC: Int { secondsAsIfUTC }

    /// The wall-clock reading `seconds` after 1970-01-01T00:00:00, as C libraries hand it back.
    public init(wallSecondsAsIfUTC seconds: Int) {
        self.init(secondsAsIfUTC: seconds)
    }
}
