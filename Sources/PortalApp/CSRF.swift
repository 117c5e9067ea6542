import Foundation
import PortalHTTP
import PortalStore

/// Cross-site request forgery defence: a random token in a cookie that every form must echo (double submit),
/// plus an Origin/Referer check on every state-changing request.
enum CSRF {
    static let cookie = "forewarn_csrf"
    static let field = "_csrf"

    /// The request's token, or a fresh one (set as a cookie by `Responder`).
    static func token(for request: Request) -> (token: String, isNew: Bool) {
        if var existing = request.cookie(cookie), existing.utf8.count == 43, existing.withUTF8({ $0.allSatisfy(isTokenByte) }) {
            return (existing, false)
        }
        return (Secrets.randomToken(), true)  // 32 random bytes, URL-safe base64: 43 characters
    }

    /// The URL-safe base64 alphabet (ASCII letters, digits, `-`, `_`).
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    static func isStateChanging(_ method: String) -> Bool { !["GET", "HEAD", "OPTIONS"].contains(method) }

    /// Refuses a state-changing request from another site, or a form without the right token.
    static func verify(_ request: Request) throws {
        guard isStateChanging(request.method) else { return }
        // Unsubscribe links are authorised by their signed token and must accept a mail client's one-click POST (RFC 8058).
        if request.path.hasPrefix("/unsubscribe/") { return }
        // Heartbeat pings are authorised by the heartbeat's unguessable UUID and come from cron jobs, not browsers.
        if request.path.hasPrefix("/ping/") { return }
        let host = request.header("host") ?? ""
        if let origin = request.header("origin") ?? request.header("referer"), origin != "null" {
            guard let url = URL(string: origin), let originHost = url.host else { throw forbidden }
            let originHostPort = url.port.map { "\(originHost):\($0)" } ?? originHost
            guard originHostPort == host else { throw forbidden }
        }
        // JSON cannot be sent cross-site without a CORS preflight, which Forewarn never grants; forms can, so they carry the token.
        // The same goes for PUT/PATCH/DELETE, which a cross-site form cannot send at all.
        // An empty body with no type (`POST /api/v1/downtimes/1/announce`) is fine: browsers send an Origin with any
        // cross-site POST, and that was checked above.
        let forgeableTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]
        if request.wantsJSON && (request.method != "POST" || !forgeableTypes.contains(request.contentType)) { return }
        guard let expected = request.cookie(cookie), !expected.isEmpty,
              let form = try? request.form(), let sent = form[field], constantTimeEquals(sent, expected) else { throw forbidden }
    }

    static let forbidden = HTTPError(403, "This form has expired or did not come from Forewarn. Reload the page and try again; nothing was changed.")

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
