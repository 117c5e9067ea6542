import Foundation

// The URL form `?from=2027-01-05&to=2027-01-18`: whole local days, `to` inclusive, so the link people
// share names the days they see.
extension TimelineRange {
    /// The range a dashboard URL asks for: `from` and `to` as `YYYY-MM-DD` (both days included),
    /// or the default two weeks when neither is given. Other parameters are ignored.
    public static func parse(query: String, now: Date, timeZone: TimeZone = .timelineUTC) throws(TimelineRangeError) -> TimelineRange {
        var from: String?
        var to: String?
        let trimmed = query.hasPrefix("?") ? query.dropFirst() : Substring(query)
        for pair in trimmed.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawValue = parts.count > 1 ? String(parts[1]) : ""
            let value = rawValue.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? rawValue
            switch parts[0] {
            case "from":
                guard from == nil else { throw .repeatedParameter("from") }
                from = value
            case "to":
                guard to == nil else { throw .repeatedParameter("to") }
                to = value
            default:
                continue
            }
        }
        switch (from, to) {
        case (nil, nil): return .default(now: now)
        case (let from?, let to?): return try TimelineRange(fromDay: from, toDay: to, timeZone: timeZone)
        case (nil, _): throw .missingParameter("from")
        case (_, nil): throw .missingParameter("to")
        }
    }

    /// Whole local days from `fromDay` through `toDay` (both `YYYY-MM-DD`, both included).
    public init(fromDay: String, toDay: String, timeZone: TimeZone = .timelineUTC) throws(TimelineRangeError) {
        guard let first = Self.civilDay(fromDay) else { throw .invalidDate(parameter: "from", input: fromDay) }
        guard let last = Self.civilDay(toDay) else { throw .invalidDate(parameter: "to", input: toDay) }
        let firstNumber = TimelineDateText.daysFromCivil(first.year, first.month, first.day)
        let lastNumber = TimelineDateText.daysFromCivil(last.year, last.month, last.day)
        guard lastNumber >= firstNumber else { throw .reversed(from: fromDay, to: toDay) }
        let days = lastNumber - firstNumber + 1
        guard days <= Self.maximumDays else { throw .tooLong(from: fromDay, to: toDay, days: days) }
        let calendar = Calendar.timeline(timeZone)
        let start = calendar.date(from: DateComponents(year: first.year, month: first.month, day: first.day))!
        let lastStart = calendar.date(from: DateComponents(year: last.year, month: last.month, day: last.day))!
        try self.init(from: start, to: calendar.date(byAdding: .day, value: 1, to: lastStart)!)
    }

    /// The query string that shows this range: the local days of `from` and of the last instant before `to`.
    public func query(timeZone: TimeZone = .timelineUTC) -> String {
        let clock = TimelineClock(timeZone: timeZone)
        return "from=\(clock.isoDay(from))&to=\(clock.isoDay(to.addingTimeInterval(-1)))"
    }

    /// `YYYY-MM-DD` with a real month and day, years 1970 to 9999; nil otherwise.
    package static func civilDay(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = TimelineDateText.digits(bytes, 0, 4), let month = TimelineDateText.digits(bytes, 5, 2),
              let day = TimelineDateText.digits(bytes, 8, 2),
              year >= 1970, (1...12).contains(month), (1...TimelineDateText.daysInMonth(year, month)).contains(day)
        else { return nil }
        return (year, month, day)
    }
}
