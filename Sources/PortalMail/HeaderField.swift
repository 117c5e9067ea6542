import Foundation

/// Formats RFC 5322 header fields: cleans values, encodes non-ASCII text as RFC 2047 encoded-words and folds long lines.
enum HeaderField {
    /// Folding target; RFC 2047 asks that lines holding encoded-words stay within 76 characters.
    static let lineLimit = 76
    /// Raw UTF-8 bytes per encoded-word: 39 bytes → 52 base64 characters → 64 with `=?UTF-8?B?` and `?=`.
    static let bytesPerEncodedWord = 39

    /// Replaces every run of control, line-separator and paragraph-separator characters (CR, LF, TAB, NEL, U+2028, ...)
    /// with one space and trims the ends, so a value can never start a new header line.
    static func sanitize(_ value: String) -> String {
        var cleaned = String.UnicodeScalarView()
        var replacing = false
        for scalar in value.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                if !replacing { cleaned.append(" ") }
                replacing = true
            default:
                cleaned.append(scalar)
                replacing = false
            }
        }
        return String(cleaned).trimmingCharacters(in: .whitespaces)
    }

    /// A free-text field such as Subject: cleaned, encoded when it is not plain ASCII, folded.
    static func unstructured(_ name: String, _ value: String) -> String {
        let text = sanitize(value)
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let plain = isPlainASCII(text) && words.allSatisfy { $0.utf8.count <= lineLimit - name.utf8.count - 2 }
        return fold(name, plain ? words : encodedWords(text))
    }

    /// An address-list field such as To or From, with display names encoded as needed, folded between addresses.
    static func addressList(_ name: String, _ addresses: [MailAddress]) -> String {
        var tokens: [String] = []
        for (index, mailbox) in addresses.enumerated() {
            let separator = index < addresses.count - 1 ? "," : ""
            if let displayName = mailbox.name {
                tokens += phrase(displayName)
                tokens.append("<\(mailbox.address)>" + separator)
            } else {
                tokens.append(mailbox.address + separator)
            }
        }
        return fold(name, tokens)
    }

    /// A structured field whose value the builder composed itself from safe ASCII tokens; folded between tokens.
    static func structured(_ name: String, _ tokens: [String]) -> String {
        fold(name, tokens)
    }

    /// An RFC 5322 date in UTC, e.g. `Tue, 03 Mar 2026 22:00:00 +0000`.
    static func date(_ date: Date) -> String {
        let parts = UTCDateParts(date)
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[parts.weekday]), \(twoDigits(parts.day)) \(months[parts.month - 1]) \(parts.year) "
            + "\(twoDigits(parts.hour)):\(twoDigits(parts.minute)):\(twoDigits(parts.second)) +0000"
    }

    /// RFC 2047 `B` encoded-words for `text`, split between characters so no word cuts a UTF-8 sequence.
    static func encodedWords(_ text: String) -> [String] {
        var chunks: [[UInt8]] = []
        var current: [UInt8] = []
        func append(_ bytes: some Collection<UInt8>) {
            if current.count + bytes.count > bytesPerEncodedWord, !current.isEmpty {
                chunks.append(current)
                current = []
            }
            current += bytes
        }
        for character in text {
            let bytes = Array(character.utf8)
            if bytes.count <= bytesPerEncodedWord {
                append(bytes)
            } else {
                // A very long grapheme cluster (emoji ZWJ sequence): split between its scalars instead.
                for scalar in character.unicodeScalars { append(Array(String(scalar).utf8)) }
            }
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks.map { "=?UTF-8?B?" + Data($0).base64EncodedString() + "?=" }
    }

    /// A display name as a phrase: atoms as they are, other ASCII as a quoted-string, anything else as encoded-words.
    static func phrase(_ text: String) -> [String] {
        guard isPlainASCII(text), text.utf8.count <= 60 else { return encodedWords(text) }
        let atext = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ")
        if text.unicodeScalars.allSatisfy(atext.contains) {
            return text.split(separator: " ").map(String.init)
        }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return ["\"\(escaped)\""]
    }

    /// Joins `tokens` with spaces after `name:`, starting a continuation line (CRLF + space) before a token that would pass `lineLimit`.
    static func fold(_ name: String, _ tokens: [String]) -> String {
        var output = name + ":"
        var lineLength = output.utf8.count
        for (index, token) in tokens.enumerated() {
            let length = token.utf8.count
            if index > 0, length > 0, lineLength + 1 + length > lineLimit {
                output += "\r\n"
                lineLength = 0
            }
            output += " " + token
            lineLength += 1 + length
        }
        if tokens.isEmpty { output += " " }
        return output + "\r\n"
    }

    /// Printable ASCII that a decoder could not mistake for an encoded-word.
    private static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !text.contains("=?")
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
