/// An email address with an optional display name, checked so it can go into headers and SMTP commands unchanged.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The `local@domain` part, as given (ASCII only).
    public let address: String
    /// The display name with control characters replaced by spaces, or nil when none was given or it was blank.
    public let name: String?

    /// Checks `address` and cleans `name`; throws `MailMessageError.invalidAddress` with the reason when the address is unusable.
    public init(_ address: String, name: String? = nil) throws(MailMessageError) {
        if let reason = Self.problem(with: address) {
            throw .invalidAddress(address, reason: reason)
        }
        self.address = address
        let cleaned = name.map(HeaderField.sanitize)
        self.name = (cleaned?.isEmpty ?? true) ? nil : cleaned
    }

    /// `"Name" <address>` as a person would read it, unencoded.
    public var description: String {
        name.map { "\"\($0)\" <\(address)>" } ?? "<\(address)>"
    }

    /// Returns why `address` cannot be used as a `local@domain` mailbox, or nil when it can.
    ///
    /// Deliberately stricter than RFC 5321: no quoted local parts, no address literals and no
    /// non-ASCII (that would need SMTPUTF8), so an address can never smuggle a line break or
    /// a second recipient into an SMTP command or a header.
    static func problem(with address: String) -> String? {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            return "it must contain exactly one '@'"
        }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64 else {
            return "the part before '@' must be 1 to 64 characters long"
        }
        guard !domain.isEmpty, domain.utf8.count <= 253 else {
            return "the domain after '@' must be 1 to 253 characters long"
        }
        guard local.unicodeScalars.allSatisfy(isLocalPartScalar) else {
            return "the part before '@' may only use letters, digits, '.' and !#$%&'*+-/=?^_`{|}~ (no spaces, quotes or non-ASCII)"
        }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return "the part before '@' must not start or end with '.' or contain '..'"
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy(isDomainLabel) else {
            return "the domain must be dot-separated labels of ASCII letters, digits and '-' (write internationalised domains in their xn-- form)"
        }
        return nil
    }

    private static func isLocalPartScalar(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        let character = Character(scalar)
        return character.isLetter || character.isNumber || "!#$%&'*+-/=?^_`{|}~.".contains(character)
    }

    private static func isDomainLabel(_ label: Substring) -> Bool {
        !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
            && label.unicodeScalars.allSatisfy { $0.isASCII && (Character($0).isLetter || Character($0).isNumber || $0 == "-") }
    }
}
