/// A wall-clock date and time with no zone attached, as a person types it into a form.
public struct LocalDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1...9999.
    public let year: Int
    /// 1...12.
    public let month: Int
    /// 1...31, within the month's length.
    public let day: Int
    /// 0...23.
    public let hour: Int
    /// 0...59.
    public let minute: Int
    /// 0...59; leap seconds are not representable.
    public let second: Int

    /// Creates a local date-time, refusing impossible calendar values (31 April, 24:00, ...).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) throws {
        let text = LocalDateTime.isoText(year, month, day, hour, minute, second)
        if let problem = LocalDateTime.problem(year: year, month: month, day: day, hour: hour, minute: minute, second: second) {
            throw ScheduleError.invalidDateTime(input: text, problem: problem)
        }
        self.init(unchecked: year, month, day, hour, minute, second)
    }

    /// Parses `2027-01-12T22:00:00`, `2027-01-12T22:00` or an HTML `datetime-local` value.
    public init(parsing input: String) throws {
        self = try LocalDateTimeParser.parse(input)
    }

    init(unchecked year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// `2027-01-12T22:00:00`, the canonical text form.
    public var description: String {
        LocalDateTime.isoText(year, month, day, hour, minute, second)
    }

    /// The value for an HTML `datetime-local` input: seconds are left out when zero so browsers show a clean field.
    public var formValue: String {
        let base = "\(LocalDateTime.pad(year, 4))-\(LocalDateTime.pad(month))-\(LocalDateTime.pad(day))T\(LocalDateTime.pad(hour)):\(LocalDateTime.pad(minute))"
        return second == 0 ? base : base + ":\(LocalDateTime.pad(second))"
    }

    /// `2027-03-28 02:30` for messages: a space reads better than `T` for people.
    public var readable: String {
        "\(dateText) \(timeText)"
    }

    /// Compares in calendar order.
    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.secondsAsIfUTC < rhs.secondsAsIfUTC
    }

    var dateText: String {
        "\(LocalDateTime.pad(year, 4))-\(LocalDateTime.pad(month))-\(LocalDateTime.pad(day))"
    }

    var timeText: String {
        let base = "\(LocalDateTime.pad(hour)):\(LocalDateTime.pad(minute))"
        return second == 0 ? base : base + ":\(LocalDateTime.pad(second))"
    }

    func isSameDate(as other: LocalDateTime) -> Bool {
        year == other.year && month == other.month && day == other.day
    }

    static func isoText(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> String {
        "\(pad(year, 4))-\(pad(month))-\(pad(day))T\(pad(hour)):\(pad(minute)):\(pad(second))"
    }

    static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }

    static func problem(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> String? {
        // Four-digit years keep the text form and the HTML input unambiguous.
        guard (1...9999).contains(year) else { return "the year must be between 0001 and 9999" }
        guard (1...12).contains(month) else { return "the month must be between 01 and 12" }
        let days = daysInMonth(year: year, month: month)
        guard (1...days).contains(day) else {
            return "\(monthNames[month - 1]) \(pad(year, 4)) has \(days) days"
        }
        guard (0...23).contains(hour) else { return "the hour must be between 00 and 23" }
        guard (0...59).contains(minute) else { return "the minutes must be between 00 and 59" }
        // Leap seconds are not representable in Foundation dates, so 60 is refused rather than rolled over.
        guard (0...59).contains(second) else { return "the seconds must be between 00 and 59" }
        return nil
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
