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
