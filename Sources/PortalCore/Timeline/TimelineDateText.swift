import Foundation

// Dates written by hand (proleptic Gregorian, Howard Hinnant's day algorithms) because the timeline formats
// two dates per bar for 10,000 bars and DateFormatter costs microseconds a call; the arithmetic is LocalDateTime's.
package enum TimelineDateText {
    /// A wall-clock reading; weekday 0 is Monday.
    package struct Civil: Equatable {
        package var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
        package var weekday: Int
    }

    package static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    package static let monthLongNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                 "September", "October", "November", "December"]
    package static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    // The day arithmetic is LocalDateTime's (Howard Hinnant's algorithms); these forward to it.
    package static func wholeSeconds(_ date: Date) -> Int { LocalDateTime.wholeSeconds(date) }
    package static func floorDiv(_ a: Int, _ b: Int) -> Int { LocalDateTime.floorDiv(a, b) }
    package static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int { LocalDateTime.daysFromCivil(year, month, day) }
    package static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let (year, month, day) = LocalDateTime.civilFromDays(days)
        return (year, month, day)
    }

    /// The days in a month of the proleptic Gregorian calendar.
    package static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        daysFromCivil(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1)
    }

    package static func civil(_ date: Date, offsetSeconds: Int) -> Civil {
        let seconds = wholeSeconds(date) + offsetSeconds
        let days = floorDiv(seconds, 86_400)
        let rest = seconds - days * 86_400
        let (y, m, d) = civilFromDays(days)
        // 1970-01-01 was a Thursday (Monday-based index 3).
        let weekday = ((days % 7) + 7 + 3) % 7
        return Civil(year: y, month: m, day: d, hour: rest / 3_600, minute: (rest % 3_600) / 60, second: rest % 60,
                     weekday: weekday)
    }

    /// RFC 3339 in UTC to the second: `2027-01-12T21:00:00Z` (Atom and the status JSON).
    package static func rfc3339(_ date: Date) -> String {
        let c = civil(date, offsetSeconds: 0)
        var text = ""
        text.reserveCapacity(20)
        appendPadded(c.year, width: 4, to: &text)
        text += "-"
        appendPadded(c.month, width: 2, to: &text)
        text += "-"
        appendPadded(c.day, width: 2, to: &text)
        text += "T"
        appendPadded(c.hour, width: 2, to: &text)
        text += ":"
        appendPadded(c.minute, width: 2, to: &text)
        text += ":"
        appendPadded(c.second, width: 2, to: &text)
        text += "Z"
        return text
    }

    /// Reads RFC 3339 date-times: `2027-01-12T21:00:00Z`, with optional fraction and a `±hh:mm` offset.
    package static func parseRFC3339(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
              let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2),
              (1...12).contains(month), (1...daysInMonth(year, month)).contains(day),
              hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let first = index
            while index < b.count, (48...57).contains(b[index]) {
                fraction += Double(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > first else { return nil }
        }
        guard index < b.count else { return nil }
        var offset = 0
        switch b[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard index + 1 == b.count else { return nil }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard index + 6 == b.count, b[index + 3] == UInt8(ascii: ":"),
                  let h = digits(b, index + 1, 2), let m = digits(b, index + 4, 2), h < 24, m < 60
            else { return nil }
            offset = (h * 3_600 + m * 60) * (b[index] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        let seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + min(second, 59) - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    /// The number written by `count` ASCII digits at `start`, or nil.
    package static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    package static func appendPadded(_ value: Int, width: Int, to text: inout String) {
        if width == 2 && (0..<100).contains(value) {
            // The common case (hours, minutes, days, months), without allocating.
            text.unicodeScalars.append(Unicode.Scalar(UInt8(48 + value / 10)))
            text.unicodeScalars.append(Unicode.Scalar(UInt8(48 + value % 10)))
            return
        }
        let digits = String(value)
        if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
        text += digits
    }
}

/// Formats instants in one time zone for labels and tooltips, caching offsets because a render formats thousands.
package final class TimelineClock {
    package let timeZone: TimeZone
    private let fixedOffset: Int?
    private var zoneNames: [Int: String] = [:]

    package init(timeZone: TimeZone) {
        self.timeZone = timeZone
        // A zone with no transitions (UTC, Etc/GMT+5) has one offset; asking ICU per date is the slow part.
        let probe = Date(timeIntervalSince1970: 1_800_000_000)
        let noTransitions = timeZone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 0)) == nil
        fixedOffset = noTransitions ? timeZone.secondsFromGMT(for: probe) : nil
    }

    package func offset(at date: Date) -> Int {
        fixedOffset ?? timeZone.secondsFromGMT(for: date)
    }

    package func civil(_ date: Date) -> TimelineDateText.Civil {
        TimelineDateText.civil(date, offsetSeconds: offset(at: date))
    }

    /// "UTC", "UTC+01:00", "UTC-04:00", "UTC+05:30": the offset in force, written the same on every platform
    /// (Foundation's abbreviations differ between Linux, "GMT+1", and macOS, "CET").
    package func zoneName(at date: Date) -> String {
        let offset = offset(at: date)
        if let cached = zoneNames[offset] { return cached }
        var name = "UTC"
        if offset != 0 {
            name += offset < 0 ? "-" : "+"
            TimelineDateText.appendPadded(abs(offset) / 3_600, width: 2, to: &name)
            name += ":"
            TimelineDateText.appendPadded(abs(offset) % 3_600 / 60, width: 2, to: &name)
        }
        zoneNames[offset] = name
        return name
    }

    /// "Tue 12 Jan 2027 21:00 UTC"
    package func long(_ date: Date) -> String {
        var text = ""
        appendLong(date, to: &text)
        return text
    }

    package func appendLong(_ date: Date, to text: inout String) {
        let c = civil(date)
        appendDay(c, to: &text)
        text += " "
        TimelineDateText.appendPadded(c.year, width: 4, to: &text)
        text += " "
        appendTime(c, to: &text)
        text += " "
        text += zoneName(at: date)
    }

    /// "21:00"
    package func time(_ date: Date) -> String {
        var text = ""
        appendTime(civil(date), to: &text)
        return text
    }

    /// "Tue 12 Jan 21:00", or just "21:00" when `date` falls on the same local day as `reference`.
    package func short(_ date: Date, sameDayAs reference: Date? = nil) -> String {
        var text = ""
        appendShort(date, sameDayAs: reference, to: &text)
        return text
    }

    package func appendShort(_ date: Date, sameDayAs reference: Date? = nil, to text: inout String) {
        let c = civil(date)
        if let reference {
            let r = civil(reference)
            if r.year == c.year && r.month == c.month && r.day == c.day {
                appendTime(c, to: &text)
                return
            }
        }
        appendDay(c, to: &text)
        text += " "
        appendTime(c, to: &text)
    }

    /// "Tue 12 Jan"
    private func appendDay(_ c: TimelineDateText.Civil, to text: inout String) {
        text += TimelineDateText.weekdayNames[c.weekday]
        text += " "
        text += String(c.day)
        text += " "
        text += TimelineDateText.monthNames[c.month - 1]
    }

    /// "5 Jan 2027"
    package func day(_ date: Date) -> String {
        let c = civil(date)
        return "\(c.day) \(TimelineDateText.monthNames[c.month - 1]) \(c.year)"
    }

    /// "2027-01-05", the form the timeline's query string uses.
    package func isoDay(_ date: Date) -> String {
        let c = civil(date)
        var text = ""
        TimelineDateText.appendPadded(c.year, width: 4, to: &text)
        text += "-"
        TimelineDateText.appendPadded(c.month, width: 2, to: &text)
        text += "-"
        TimelineDateText.appendPadded(c.day, width: 2, to: &text)
        return text
    }

    private func appendTime(_ c: TimelineDateText.Civil, to text: inout String) {
        TimelineDateText.appendPadded(c.hour, width: 2, to: &text)
        text += ":"
        TimelineDateText.appendPadded(c.minute, width: 2, to: &text)
    }
}
