/// Strict percent-decoding: malformed escapes and invalid UTF-8 are errors, not guesses.
public enum URLEncoding {
    /// Decodes one component; `plusIsSpace` for `application/x-www-form-urlencoded`.
    public static func decode(_ text: Substring, plusIsSpace: Bool) throws -> String {
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let hi = iterator.next().flatMap(hexValue), let lo = iterator.next().flatMap(hexValue) else {
                    throw HTTPError.badRequest("Malformed percent-encoding in \"\(text.prefix(80))\".")
                }
                bytes.append(hi << 4 | lo)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw HTTPError.badRequest("Percent-encoded text is not valid UTF-8.")
        }
        return string
    }

    /// Parses `a=1&b=2` into ordered pairs.
    public static func parsePairs(_ text: Substring) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = part.firstIndex(of: "=") {
                pairs.append((try decode(part[..<eq], plusIsSpace: true), try decode(part[part.index(after: eq)...], plusIsSpace: true)))
            } else {
                pairs.append((try decode(part, plusIsSpace: true), ""))
            }
        }
        return pairs
    }

    /// Encodes a query component (RFC 3986 unreserved characters kept).
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF")
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
