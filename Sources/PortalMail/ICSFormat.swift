import Foundation

/// RFC 5545 content-line formatting: TEXT escaping, parameter quoting, UTC date-times and 75-octet folding.
enum ICSFormat {
    /// Maximum octets per physical line, excluding CRLF (RFC 5545 §3.1).
    static let lineLimit = 75

    /// Escapes a TEXT value: `\` `;` `,` are backslash-escaped, every line break becomes `\n`, other control characters are dropped.
    static func text(_ value: String) -> String {
        var output = ""
        var previous: Unicode.Scalar = " "
        for scalar in value.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "\\": output += "\\\\"
            case ";": output += "\\;"
            case ",": output += "\\,"
            case "\n" where previous == "\r": continue  // second half of CRLF
            case "\r", "\n", "\u{2028}", "\u{2029}", "\u{85}": output += "\\n"
            case "\t": output += " "
            default:
                if scalar.properties.generalCategory != .control { output.unicodeScalars.append(scalar) }
            }
        }
        return output
    }

    /// A parameter value (e.g. CN), always in double quotes; DQUOTE is not allowed inside, so it becomes an apostrophe.
    static func parameter(_ value: String) -> String {
        let cleaned = HeaderField.sanitize(value).replacingOccurrences(of: "\"", with: "'")
        return "\"\(cleaned)\""
    }

    /// A UTC DATE-TIME in the form `20260303T220000Z` (seconds truncated).
    static func dateTime(_ date: Date) -> String {
        let p = UTCDateParts(date)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(p.year, 4) + pad(p.month, 2) + pad(p.day, 2) + "T" + pad(p.hour, 2) + pad(p.minute, 2) + pad(p.second, 2) + "Z"
    }

    /// A DATE-TIME with its property separator: `:20260303T220000Z` in UTC, or `;TZID=Europe/Berlin:20260303T230000`
    /// read on the clocks of `zone` (an unknown zone falls back to UTC).
    static func dateTime(_ date: Date, zone: String?) -> String {
        guard let zone, zone != "UTC", let timeZone = TimeZone(identifier: zone) else { return ":" + dateTime(date) }
        let local = dateTime(date.addingTimeInterval(TimeInterval(timeZone.secondsFromGMT(for: date))))
        return ";TZID=" + zone + ":" + local.dropLast()
    }

    /// An RFC 5545 DURATION such as `PT1H30M` (whole seconds, at least `PT0S`).
    static func duration(_ duration: Duration) -> String {
        let total = max(0, Int(duration.components.seconds))
        let (hours, minutes, seconds) = (total / 3600, total % 3600 / 60, total % 60)
        var output = "PT"
        if hours > 0 { output += "\(hours)H" }
        if minutes > 0 { output += "\(minutes)M" }
        if seconds > 0 || total == 0 { output += "\(seconds)S" }
        return output
    }

    /// Folds one content line so no physical line exceeds 75 octets; continuation lines start with one space. Breaks
    /// fall between characters (grapheme clusters), or between Unicode scalars inside an overlong cluster, and so never
    /// inside a UTF-8 sequence. Ends with CRLF.
    static func fold(_ line: String) -> String {
        var output = String.UnicodeScalarView()
        var octets = 0
        func append(_ scalars: String.UnicodeScalarView, width: Int) {
            if octets + width > lineLimit {
                output.append(contentsOf: "\r\n ".unicodeScalars)
                octets = 1
            }
            output.append(contentsOf: scalars)
            octets += width
        }
        for character in line {
            let width = character.utf8.count
            if width < lineLimit {
                append(character.unicodeScalars, width: width)
            } else {
                for scalar in character.unicodeScalars {
                    append(String.UnicodeScalarView([scalar]), width: UTF8.width(scalar))
                }
            }
        }
        return String(output) + "\r\n"
    }
}
