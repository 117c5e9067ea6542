import CICal
import Foundation
import PortalCore

/// An RFC 5545 RRULE that Forewarn accepts, checked by libical and kept in the canonical text the invite carries.
///
/// Accepted: `FREQ` DAILY, WEEKLY or MONTHLY with `INTERVAL`, `BYDAY` (ordinals like `2TU`, `-1FR` with MONTHLY),
/// `BYMONTHDAY`, `WKST`, and `COUNT` or `UNTIL`. `UNTIL` is stored in UTC, as RFC 5545 requires next to a zoned start.
public struct RecurrenceRule: Sendable, Hashable, CustomStringConvertible {
    /// How often the rule repeats.
    public enum Frequency: String, Sendable { case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY" }

    /// The canonical RRULE value, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630T215959Z`.
    public let text: String
    public let frequency: Frequency
    public let interval: Int
    /// COUNT, when the rule ends after a number of occurrences.
    public let count: Int?
    /// UNTIL as an instant: the last moment an occurrence may start.
    public let until: Date?

    public var description: String { text }

    static let allowedParts: Set<String> = ["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL", "WKST"]
    static let maximumCount = 1000
    static let maximumInterval = 99

    /// Parses and checks `rule` (an RRULE value, with or without the `RRULE:` prefix). A floating or date-only
    /// `UNTIL` is read in `timeZone` (a date means the end of that day there) and stored in UTC.
    public init(parsing rule: String, timeZone: String) throws {
        var body = rule.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.uppercased().hasPrefix("RRULE:") { body = String(body.dropFirst(6)) }
        guard !body.isEmpty else { throw RecurrenceError.invalid("The recurrence is empty; give a rule like FREQ=WEEKLY;INTERVAL=2;BYDAY=TU.") }
        guard body.utf8.count <= 300 else { throw RecurrenceError.invalid("The recurrence rule is too long (300 characters at most).") }
        var parts: [(key: String, value: String)] = []
        for piece in body.split(separator: ";", omittingEmptySubsequences: true) {
            let pair = piece.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[1].isEmpty else { throw RecurrenceError.invalid("“\(piece)” is not a NAME=VALUE part of a recurrence rule.") }
            let key = pair[0].uppercased()
            guard Self.allowedParts.contains(key) else {
                throw RecurrenceError.invalid("\(key) is not supported; use FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT or UNTIL.")
            }
            guard !parts.contains(where: { $0.key == key }) else { throw RecurrenceError.invalid("\(key) appears twice in the recurrence rule.") }
            parts.append((key, pair[1].uppercased()))
        }
        if parts.contains(where: { $0.key == "COUNT" }), parts.contains(where: { $0.key == "UNTIL" }) {
            throw RecurrenceError.invalid("Give COUNT or UNTIL, not both.")
        }
        var info = CICal_rule_info()
        let text = parts.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        guard CICal_parse_rule(text, &info) == 0 else {
            throw RecurrenceError.invalid("“\(body)” is not a valid RFC 5545 recurrence rule.")
        }
        switch Int(info.freq) {
        case Int(ICAL_DAILY_RECURRENCE.rawValue): frequency = .daily
        case Int(ICAL_WEEKLY_RECURRENCE.rawValue): frequency = .weekly
        case Int(ICAL_MONTHLY_RECURRENCE.rawValue): frequency = .monthly
        default: throw RecurrenceError.invalid("FREQ must be DAILY, WEEKLY or MONTHLY.")
        }
        interval = max(1, Int(info.interval))
        guard interval <= Self.maximumInterval else { throw RecurrenceError.invalid("INTERVAL must be between 1 and \(Self.maximumInterval).") }
        if let byDay = parts.first(where: { $0.key == "BYDAY" })?.value, frequency != .monthly,
           byDay.split(separator: ",").contains(where: { $0.first.map { $0.isNumber || $0 == "-" || $0 == "+" } ?? false }) {
            throw RecurrenceError.invalid("Ordinal weekdays like 2TU or -1FR need FREQ=MONTHLY.")
        }
        if parts.contains(where: { $0.key == "BYMONTHDAY" }), frequency != .monthly {
            throw RecurrenceError.invalid("BYMONTHDAY needs FREQ=MONTHLY.")
        }
        let hasCount = parts.contains { $0.key == "COUNT" }
        if hasCount {
            guard (1...Self.maximumCount).contains(Int(info.count)) else {
                throw RecurrenceError.invalid("COUNT must be between 1 and \(Self.maximumCount).")
            }
            count = Int(info.count)
        } else {
            count = nil
        }
        if info.has_until != 0 {
            let reading = try LocalDateTime(year: Int(info.until_year), month: Int(info.until_month), day: Int(info.until_day),
                                            hour: info.until_is_date != 0 ? 23 : Int(info.until_hour),
                                            minute: info.until_is_date != 0 ? 59 : Int(info.until_minute),
                                            second: info.until_is_date != 0 ? 59 : Int(info.until_second))
            let instant: Date
            if info.until_is_utc != 0 {
                instant = try TimeZoneResolver.resolve(reading, in: "UTC")
            } else {
                instant = try OccurrencePlacement.place(reading, in: timeZone).instant
            }
            until = instant
            parts = parts.map { $0.key == "UNTIL" ? ("UNTIL", RecurrenceRule.utcText(instant)) : $0 }
        } else {
            until = nil
        }
        self.text = parts.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
    }

    /// The same rule ending with the last occurrence that starts before `date` (a series cut from a date on).
    public func ending(before date: Date, timeZone: String) throws -> RecurrenceRule {
        let kept = text.split(separator: ";").filter { !$0.hasPrefix("UNTIL=") && !$0.hasPrefix("COUNT=") }
        let last = date.addingTimeInterval(-1)
        if let until, until <= last { return self }
        return try RecurrenceRule(parsing: (kept + ["UNTIL=" + Self.utcText(last)]).joined(separator: ";"), timeZone: timeZone)
    }

    /// `20270630T215959Z`.
    static func utcText(_ date: Date) -> String {
        let t = try! TimeZoneResolver.localDateTime(of: date, in: "UTC")
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", t.year, t.month, t.day, t.hour, t.minute, t.second)
    }
}

/// A recurrence rule Forewarn cannot use, with a message the person can act on.
public enum RecurrenceError: Error, Equatable, CustomStringConvertible {
    case invalid(String)

    public var message: String {
        switch self { case .invalid(let text): return text }
    }

    public var description: String { message }
}
