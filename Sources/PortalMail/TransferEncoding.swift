import Foundation

/// A MIME Content-Transfer-Encoding that turns any bytes into 7-bit lines of at most 76 characters.
enum TransferEncoding: String {
    case quotedPrintable = "quoted-printable"
    case base64 = "base64"

    /// Maximum encoded line length (RFC 2045), excluding CRLF.
    static let lineLimit = 76

    /// Quoted-printable while it stays readable; base64 once more than a third of the bytes would need escaping (CJK, Cyrillic, ...).
    static func preferred(forText bytes: [UInt8]) -> TransferEncoding {
        let escaped = bytes.lazy.filter { !isLiteral($0) && $0 != 0x0D && $0 != 0x0A }.count
        return escaped * 3 > bytes.count ? .base64 : .quotedPrintable
    }

    /// Encodes `bytes`; the result has CRLF between lines and no trailing line break.
    func encode(_ bytes: [UInt8]) -> String {
        switch self {
        case .base64: return Self.base64Lines(bytes)
        case .quotedPrintable: return Self.quotedPrintable(bytes)
        }
    }

    /// Converts lone LF and lone CR to CRLF, as RFC 5322 text must use.
    static func normalizingLineBreaks(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0A, previous != 0x0D { output.append(0x0D) }
            if previous == 0x0D, byte != 0x0A { output.append(0x0A) }
            output.append(byte)
            previous = byte
        }
        if previous == 0x0D { output.append(0x0A) }
        return output
    }

    private static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Array(Data(bytes).base64EncodedString().utf8)
        var lines: [String] = []
        var start = 0
        while start < encoded.count {
            let end = min(start + lineLimit, encoded.count)
            lines.append(String(decoding: encoded[start..<end], as: UTF8.self))
            start = end
        }
        return lines.joined(separator: "\r\n")
    }

    /// RFC 2045 §6.7 for text: CRLF pairs are hard line breaks, soft breaks (`=` CRLF) keep lines within 76 characters.
    private static func quotedPrintable(_ bytes: [UInt8]) -> String {
        var output = ""
        var lineStart = 0
        var index = 0
        var hardLines: [ArraySlice<UInt8>] = []
        while index < bytes.count {
            if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                hardLines.append(bytes[lineStart..<index])
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        hardLines.append(bytes[lineStart..<bytes.count])

        for (lineIndex, line) in hardLines.enumerated() {
            if lineIndex > 0 { output += "\r\n" }
            var length = 0
            for position in line.indices {
                let byte = line[position]
                let isLast = position == line.index(before: line.endIndex)
                let trailingSpace = isLast && (byte == 0x20 || byte == 0x09)
                var token = isLiteral(byte) && !trailingSpace ? String(UnicodeScalar(byte)) : escape(byte)
                // Keep room for the soft-break "=" unless this token ends the hard line.
                let room = isLast ? lineLimit : lineLimit - 1
                if length + token.utf8.count > room {
                    output += "=\r\n"
                    length = 0
                }
                // A line starting with "." is special in SMTP; escaping it keeps the body safe even through sloppy relays.
                if length == 0, byte == UInt8(ascii: ".") { token = escape(byte) }
                output += token
                length += token.utf8.count
            }
        }
        return output
    }

    /// Bytes that quoted-printable may carry as themselves.
    private static func isLiteral(_ byte: UInt8) -> Bool {
        (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || byte == 0x20 || byte == 0x09
    }

    private static func escape(_ byte: UInt8) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        return String(decoding: [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
    }
}
