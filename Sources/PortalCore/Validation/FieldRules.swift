import Foundation

/// Checks for single form/JSON/CSV values; each returns a message a user can act on, or nil when the value is fine.
public enum FieldRules {
    /// Text without control characters, at most `max` characters.
    public static func text(_ value: String, label: String, max: Int) -> String? {
        if value.count > max { return "\(label) is too long: \(value.count) characters, at most \(max) allowed." }
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
            return "\(label) contains control characters."
        }
        return nil
    }

    /// A single-line name: no line breaks or tabs either.
    public static func name(_ value: String, label: String, max: Int) -> String? {
        if let problem = text(value, label: label, max: max) { return problem }
        if value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" }) { return "\(label) must be on one line." }
        return nil
    }

    /// A plausible e-mail address: one @, a dotted domain, no spaces, at most 254 characters.
    public static func email(_ value: String) -> String? {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let valid = value.utf8.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[0].count <= 64
            && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !parts[1].contains("..")
            && !value.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0 == "\"" })
        return valid ? nil : "'\(value.prefix(80))' is not a valid e-mail address."
    }

    /// An IANA time zone name known to this machine.
    public static func timeZone(_ value: String) -> String? {
        guard value.count <= 64, value == "UTC" || (value.contains("/") && TimeZone(identifier: value) != nil) || TimeZone(identifier: value)?.identifier == value else {
            return "'\(value.prefix(64))' is not a known time zone (use an IANA name such as Europe/Paris)."
        }
        return nil
    }

    /// A phone number: digits, spaces and + - ( ) . only, at most 40 characters.
    public static func phone(_ value: String) -> String? {
        let allowed = Set("0123456789 +-().")
        guard value.count <= 40, value.allSatisfy({ allowed.contains($0) }), value.contains(where: \.isNumber) else {
            return "'\(value.prefix(40))' is not a phone number (digits, spaces and + - ( ) only, at most 40 characters)."
        }
        return nil
    }

    /// A bare XMPP address such as `alice@example.org`: one @, a dotted domain, no resource, no spaces or the
    /// characters RFC 7622 forbids in a local part, at most 254 characters.
    public static func jid(_ value: String) -> String? {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = Set("\"&'/:<>@ \t\r\n")
        let valid = value.utf8.count <= 254 && parts.count == 2 && !parts[0].isEmpty && parts[0].utf8.count <= 1023
            && !parts[0].contains(where: { forbidden.contains($0) }) && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !parts[1].contains("..") && !parts[1].contains(where: { forbidden.contains($0) || $0.isWhitespace })
            && !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        return valid ? nil : "'\(value.prefix(80))' is not an XMPP address (a bare JID such as alice@example.org, without /resource)."
    }

    /// A whole number in a range.
    public static func integer(_ value: String, label: String, min: Int, max: Int) -> String? {
        guard let number = Int(value), number >= min, number <= max else {
            return "\(label) must be a whole number from \(min) to \(max)."
        }
        return nil
    }

    /// A decimal number such as 99.95 within a range.
    public static func decimal(_ value: String, label: String, min: Double, max: Double) -> String? {
        guard let number = Double(value), number.isFinite, number >= min, number <= max else {
            return "\(label) must be a number from \(min.formatted(.number)) to \(max.formatted(.number)), such as 99.9."
        }
        return nil
    }

    /// One of a fixed list of values.
    public static func choice(_ value: String, label: String, choices: [String]) -> String? {
        choices.contains(value) ? nil : "\(label) must be one of \(choices.joined(separator: ", ")), not '\(value.prefix(40))'."
    }
}
