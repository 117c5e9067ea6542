import PortalHTTP

/// One-shot messages carried across a POST-redirect-GET in a short-lived cookie.
enum Flash {
    static let cookie = "forewarn_flash"

    /// A redirect that shows `message` on the next page.
    static func redirect(to location: String, kind: String = "success", message: String) -> Response {
        var response = Response.redirect(to: location)
        let value = URLEncoding.encode(kind + ":" + String(message.prefix(500)))
        response.headers.append(("Set-Cookie", Cookies.setCookie(name: cookie, value: value, maxAge: 60)))
        return response
    }

    static func read(_ request: Request) -> (kind: String, message: String)? {
        guard let raw = request.cookie(cookie), let text = try? URLEncoding.decode(Substring(raw), plusIsSpace: false),
              let colon = text.firstIndex(of: ":") else { return nil }
        let kind = String(text[..<colon])
        guard ["success", "error", "info"].contains(kind) else { return nil }
        return (kind, String(text[text.index(after: colon)...]))
    }

    /// Expires the flash cookie once its page has been shown.
    static func clear(_ response: Response, request: Request) -> Response {
        guard request.cookie(cookie) != nil else { return response }
        var cleared = response
        cleared.headers.append(("Set-Cookie", Cookies.setCookie(name: cookie, value: "", maxAge: 0)))
        return cleared
    }
}
