import Foundation

/// Pure field rules shared by forms, the JSON API and imports; each returns the problems found, empty when valid.
public enum Validation {
    /// Longest accepted name, in characters.
    public static let maxNameLength = 200
    /// Longest accepted description, in characters.
    public static let maxDescriptionLength = 2000
    /// Longest accepted e-mail address (RFC 5321 path limit).
    public static let maxEmailLength = 254
    /// Longest accepted phone number, in characters.
    public static let maxPhoneLength = 40
    /// Accepted service tiers (1 = most critical).
    public static let tiers = 1...4

    /// Removes surrounding white space the way forms should before validating and storing.
    public static func trimmed(_ value: String) -> String {
        value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A required, trimmed, single-line name of at most 200 characters.
    public static func name(_ value: String, field: String = "name", label: String = "Name") -> [FieldError] {
        let clean = trimmed(value)
        if clean.isEmpty {
            return [FieldError(field: field, message: "\(label) is required.")]
        }
        var errors: [FieldError] = []
        if clean != value {
            errors.append(FieldError(field: field, message: "\(label) starts or ends with spaces; remove them."))
        }
        if clean.count > maxNameLength {
            errors.append(FieldError(field: field, message:
                "\(label) is \(clean.count) characters long; shorten it to at most \(maxNameLength)."))
        }
        if containsControlCharacter(value) {
            errors.append(FieldError(field: field, message:
                "\(label) contains a tab, line break or other control character; remove it."))
        }
        return errors
    }

    /// An optional free text of at most 2,000 characters.
    public static func description(_ value: String, field: String = "description", label: String = "Description") -> [FieldError] {
        let count = value.count
        guard count > maxDescriptionLength else { return [] }
        return [FieldError(field: field, message:
            "\(label) is \(count) characters long; shorten it to at most \(maxDescriptionLength).")]
    }

    /// A required e-mail address of the form local@domain.tld.
    public static func email(_ value: String, field: String = "email", label: String = "E-mail address") -> [FieldError] {
        if trimmed(value).isEmpty {
            return [FieldError(field: field, message: "\(label) is required.")]
        }
        if value.utf8.count > maxEmailLength {
            return [FieldError(field: field, message:
                "\(label) is \(value.utf8.count) characters long; the limit is \(maxEmailLength).")]
        }
        guard isValidEmail(value) else {
            return [FieldError(field: field, message: "'\(value)' is not a valid e-mail address.")]
        }
        return []
    }

    /// An e-mail address that may be left empty (nil or blank).
    public static func optionalEmail(_ value: String?, field: String = "email", label: String = "E-mail address") -> [FieldError] {
        guard let value, !trimmed(value).isEmpty else { return [] }
        return email(value, field: field, label: label)
    }

    /// Whether `value` looks like a deliverable address: dot-atom local part, dotted domain with a real top-level label.
    public static func isValidEmail(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count <= maxEmailLength,
              let at = bytes.firstIndex(of: UInt8(ascii: "@")),
              bytes.lastIndex(of: UInt8(ascii: "@")) == at
        else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        return isValidLocalPart(local) && isValidDomain(domain)
    }

    /// A time zone the system knows by its IANA name.
    public static func timeZone(_ value: String, field: String = "timeZone", label: String = "Time zone") -> [FieldError] {
        if trimmed(value).isEmpty {
            return [FieldError(field: field, message: "\(label) is required (use an IANA name such as Europe/Paris).")]
        }
        // Abbreviations like "CET" would be accepted by some platforms but are ambiguous across DST; require Area/City or UTC.
        let isIANAShaped = value.contains("/") || value == "UTC" || value == "GMT"
        guard isIANAShaped, TimeZone(identifier: value) != nil else {
            return [FieldError(field: field, message:
                "'\(value)' is not a known time zone (use an IANA name such as Europe/Paris).")]
        }
        return []
    }

    /// A service tier between 1 (most critical) and 4.
    public static func tier(_ value: Int, field: String = "tier") -> [FieldError] {
        guard !tiers.contains(value) else { return [] }
        return [FieldError(field: field, message:
            "Tier \(value) does not exist; choose a tier from \(tiers.lowerBound) (most critical) to \(tiers.upperBound).")]
    }

    /// At least one host must stay healthy for a placement to mean anything.
    public static func minHealthy(_ value: Int, field: String = "minHealthy") -> [FieldError] {
        guard value < 1 else { return [] }
        return [FieldError(field: field, message:
            "Minimum healthy hosts must be at least 1 (it is \(value)).")]
    }

    /// An optional phone number made of digits, spaces and + - ( ).
    public static func phone(_ value: String?, field: String = "phone", label: String = "Phone number") -> [FieldError] {
        guard let value, !trimmed(value).isEmpty else { return [] }
        if value.count > maxPhoneLength {
            return [FieldError(field: field, message:
                "\(label) is \(value.count) characters long; shorten it to at most \(maxPhoneLength).")]
        }
        let allowed = Set("0123456789 +-()")
        let hasDigit = value.contains(where: { $0.isASCII && $0.isNumber })
        guard hasDigit, value.allSatisfy(allowed.contains) else {
            return [FieldError(field: field, message:
                "'\(value)' is not a valid phone number (use digits, spaces and + - ( ) only, e.g. +33 1 23 45 67 89).")]
        }
        return []
    }

    /// Exactly one of two alternative references must be set (e.g. a server is in a region or in a cluster).
    public static func exactlyOne(_ first: Int64?, _ second: Int64?, field: String, message: String) -> [FieldError] {
        (first == nil) == (second == nil) ? [FieldError(field: field, message: message)] : []
    }

    // MARK: - Pieces

    private static func containsControlCharacter(_ value: String) -> Bool {
        value.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: true
            default: false
            }
        }
    }

    private static let localSpecials = Set("!#$%&'*+/=?^_`{|}~-".utf8)

    private static func isValidLocalPart(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard (1...64).contains(bytes.count),
              bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: ".")
        else { return false }
        var previousWasDot = false
        for byte in bytes {
            let isDot = byte == UInt8(ascii: ".")
            if isDot && previousWasDot { return false }
            previousWasDot = isDot
            guard isDot || isAlphanumeric(byte) || localSpecials.contains(byte) else { return false }
        }
        return true
    }

    private static func isValidDomain(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard (3...253).contains(bytes.count) else { return false }
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        for label in labels {
            guard (1...63).contains(label.count),
                  label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                  label.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        // A top-level label is letters (or an IDN "xn--" label), never all digits: "a@b.123" is a typo, not an address.
        let top = labels[labels.count - 1]
        let isIDN = top.starts(with: "xn--".utf8)
        return top.count >= 2 && (isIDN || top.allSatisfy(isLetter))
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
