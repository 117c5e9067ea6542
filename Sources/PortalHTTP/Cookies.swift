/// Cookie header parsing and Set-Cookie building.
public enum Cookies {
    public static func parse(_ header: String) -> [String: String] {
        var cookies: [String: String] = [:]
        for part in header.split(separator: ";") {
            let trimmed = part.trimmingSpaces()
            guard let eq = trimmed.firstIndex(of: "=") else { continue }
            let name = String(trimmed[..<eq])
            var value = trimmed[trimmed.index(after: eq)...]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            if cookies[name] == nil { cookies[name] = String(value) }
        }
        return cookies
    }

    /// The value of the first cookie called `name` in a Cookie header (quotes removed), without building the whole
    /// dictionary: every signed-in request looks up two or three cookies.
    public static func value(named name: String, in header: String) -> String? {
        let bytes = header.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: ";")) ?? bytes.endIndex
            var from = start, to = end
            while from < to, isSpace(bytes[from]) { from = bytes.index(after: from) }
            while to > from, isSpace(bytes[bytes.index(before: to)]) { to = bytes.index(before: to) }
            if let eq = bytes[from..<to].firstIndex(of: UInt8(ascii: "=")), bytes[from..<eq].elementsEqual(name.utf8) {
                var first = bytes.index(after: eq), last = to
                if bytes.distance(from: first, to: last) >= 2, bytes[first] == UInt8(ascii: "\""), bytes[bytes.index(before: last)] == UInt8(ascii: "\"") {
                    first = bytes.index(after: first)
                    last = bytes.index(before: last)
                }
                return String(header[first..<last])
            }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// A Set-Cookie value; HttpOnly and SameSite=Lax unless told otherwise.
    public static func setCookie(name: String, value: String, path: String = "/", maxAge: Int? = nil,
                                 httpOnly: Bool = true, secure: Bool = false, sameSite: String = "Lax") -> String {
        var parts = ["\(name)=\(value)", "Path=\(path)"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if httpOnly { parts.append("HttpOnly") }
        if secure { parts.append("Secure") }
        parts.append("SameSite=\(sameSite)")
        return parts.joined(separator: "; ")
    }
}
