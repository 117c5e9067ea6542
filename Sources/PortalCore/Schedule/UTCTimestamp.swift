import Foundation

/// The one text form instants are stored and exchanged in: ISO 8601 in UTC to the second, `2027-01-12T21:00:00Z`.
public enum UTCTimestamp {
    /// `2027-01-12T21:00:00Z`; fractions of a second are dropped (rounded down).
    public static func string(from date: Date) -> String {
        "\(LocalDateTime(instant: date, offsetSeconds: 0))Z"
    }

    /// Reads exactly the form `string(from:)` writes; other ISO 8601 variants are refused so stored data stays uniform.
    public static func date(from text: String) throws -> Date {
        let chars = Array(text.utf8)
        guard chars.count == 20, chars[10] == UInt8(ascii: "T"), chars[19] == UInt8(ascii: "Z"),
              let local = try? LocalDateTimeParser.parse(String(decoding: chars[0..<19], as: UTF8.self))
        else { throw ScheduleError.invalidTimestamp(input: text) }
        return Date(timeIntervalSince1970: TimeInterval(local.secondsAsIfUTC))
    }
}
