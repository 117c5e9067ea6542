import Foundation

/// The one text form instants are stored and exchanged in: ISO 8601 in UTC to the second, `2027-01-12T21:00:00Z`.
public enum UTCTimestamp {
    /// `2027-01-12T21:00:00Z`; fractions of a second are dropped (rounded down).
    public static func string(from date: Date) -> String {
        "\(LocalDateTime(instant: date, offsetSeconds: 0))Z"
    }

    /// Reads exactly the form `string(from:)` writes; other ISO 8601 variants are refused so stored data stays uniform.
    /// Fixed positions over the bytes: every stored instant of every list passes here (the downtimes page read 1,000
    /// of them per request and spent 47 % of its CPU in the general form parser's Foundation trimming).
    public static func date(from text: String) throws -> Date {
        var text = text
        let local = text.withUTF8 { chars -> LocalDateTime? in
            guard chars.count == 20, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"), chars[10] == UInt8(ascii: "T"),
                  chars[13] == UInt8(ascii: ":"), chars[16] == UInt8(ascii: ":"), chars[19] == UInt8(ascii: "Z") else { return nil }
            func number(_ start: Int, _ count: Int) -> Int? {
                var value = 0
                for index in start..<(start + count) {
                    let digit = chars[index] &- UInt8(ascii: "0")
                    guard digit <= 9 else { return nil }
                    value = value * 10 + Int(digit)
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                  LocalDateTime.problem(year: year, month: month, day: day, hour: hour, minute: minute, second: second) == nil
            else { return nil }
            return LocalDateTime(unchecked: year, month, day, hour, minute, second)
        }
        guard let local else { throw ScheduleError.invalidTimestamp(input: text) }
        return Date(timeIntervalSince1970: TimeInterval(local.secondsAsIfUTC))
    }
}
