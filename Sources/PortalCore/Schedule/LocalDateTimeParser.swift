import Foundation

/// Reads the few text forms of a local date-time that forms and the JSON API send.
enum LocalDateTimeParser {
    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]]`; a space or lowercase `t` may separate date and time as HTML allows.
    static func parse(_ raw: String) throws -> LocalDateTime {
        // Pasted values often carry spaces or a newline; they carry no meaning.
        let input = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        func fail(_ problem: String) -> ScheduleError {
            .invalidDateTime(input: input, problem: problem)
        }
        guard !input.isEmpty else { throw fail("it is empty") }
        let chars = Array(input.utf8)

        // Offsets are refused on purpose: the zone is chosen separately, and silently mixing both
        // would let "…Z" and a zone field disagree.
        if let zoneSuffix = zoneDesignator(in: chars) {
            throw fail("it includes a time zone (\(zoneSuffix)); enter the local time and choose the time zone separately")
        }

        var reader = DigitReader(chars)
        guard let year = reader.number(digits: 4), reader.skip("-"),
              let month = reader.number(digits: 2), reader.skip("-"),
              let day = reader.number(digits: 2)
        else { throw fail("the date must look like 2027-01-12") }
        if reader.atEnd { throw fail("the time is missing") }
        guard reader.skip("T") || reader.skip("t") || reader.skip(" ") else {
            throw fail("the date and the time must be separated by T")
        }
        guard let hour = reader.number(digits: 2), reader.skip(":"),
              let minute = reader.number(digits: 2)
        else { throw fail("the time must look like 22:00 or 22:00:00") }
        var second = 0
        if reader.skip(":") {
            guard let value = reader.number(digits: 2) else { throw fail("the seconds must be two digits") }
            second = value
            if reader.skip(".") {
                // Browsers send `.000` when an input has a step below one minute; anything finer is noise
                // for a downtime, but dropping non-zero digits silently would change the time.
                guard let fraction = reader.digitRun(maximum: 3), !fraction.isEmpty else {
                    throw fail("fractions of a second must be 1 to 3 digits")
                }
                guard fraction.allSatisfy({ $0 == UInt8(ascii: "0") }) else {
                    throw fail("fractions of a second are not supported; round to the whole second")
                }
            }
        }
        guard reader.atEnd else { throw fail("there is unexpected text after the time") }
        if let problem = LocalDateTime.problem(year: year, month: month, day: day, hour: hour, minute: minute, second: second) {
            throw fail(problem)
        }
        return LocalDateTime(unchecked: year, month, day, hour, minute, second)
    }

    private static func zoneDesignator(in chars: [UInt8]) -> String? {
        guard chars.count > 16 else { return nil }
        if let last = chars.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") { return "Z" }
        // An offset sign after the time part: "…T22:00+01:00" or "…T22:00:00-0500".
        let timePart = chars[11...]
        if let sign = timePart.firstIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
            return String(decoding: chars[sign...], as: UTF8.self)
        }
        return nil
    }
}

/// Walks ASCII bytes, taking fixed-width digit groups and separators.
private struct DigitReader {
    private let chars: [UInt8]
    private var index = 0

    init(_ chars: [UInt8]) { self.chars = chars }

    var atEnd: Bool { index == chars.count }

    mutating func number(digits: Int) -> Int? {
        guard index + digits <= chars.count else { return nil }
        var value = 0
        for char in chars[index..<(index + digits)] {
            guard char >= UInt8(ascii: "0"), char <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(char - UInt8(ascii: "0"))
        }
        index += digits
        return value
    }

    mutating func digitRun(maximum: Int) -> [UInt8]? {
        var run: [UInt8] = []
        while index < chars.count, chars[index] >= UInt8(ascii: "0"), chars[index] <= UInt8(ascii: "9") {
            run.append(chars[index])
            index += 1
        }
        return run.count <= maximum ? run : nil
    }

    mutating func skip(_ separator: Unicode.Scalar) -> Bool {
        guard index < chars.count, chars[index] == UInt8(ascii: separator) else { return false }
        index += 1
        return true
    }
}
