import Foundation
import PortalHTTP
import PortalStore

/// Signing in and out. Failed attempts are throttled per account and per address.
enum SessionController {
    struct Page {
        let site: SiteChrome
        let title = "Sign in"
        let login: String
        let next: String
        let error: String
    }

    static let window: TimeInterval = 15 * 60
    static let maxPerLogin = 5
    static let maxPerAddress = 20

    /// Only a path on this portal may be returned to after signing in (no open redirect): exactly one `/` followed by
    /// something other than `/` or `\\`, no control characters or backslashes (browsers drop tabs and newlines and read
    /// `\\` as `/`, so `/\\evil` and `/<tab>/evil` mean `//evil`), checked again after one more percent-decoding, and a
    /// path that resolves to this origin. Anything else goes to `/`.
    static func safeNext(_ value: String?) -> String {
        guard let value, !value.isEmpty, value.utf8.count <= 2000 else { return "/" }
        for candidate in [value, value.removingPercentEncoding ?? value] {
            guard candidate.hasPrefix("/") else { return "/" }
            if candidate.unicodeScalars.contains(where: { $0 == "\\" || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
                return "/"
            }
            if let second = candidate.unicodeScalars.dropFirst().first, second == "/" || second == "\\" { return "/" }
        }
        let origin = "portal.invalid"
        guard let ascii = value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed),
              let resolved = URL(string: ascii, relativeTo: URL(string: "http://\(origin)/")), resolved.host == origin,
              resolved.scheme == "http", resolved.user == nil else { return "/" }
        if value == "/login" || value.hasPrefix("/login?") || value.hasPrefix("/login/") { return "/" }
        return value
    }

    @Sendable static func form(_ request: Request, _ context: AppContext) throws -> Response {
        try context.views.page("login", Page(site: SiteChrome(request), login: "", next: safeNext(request.queryValue("next")), error: ""))
    }

    @Sendable static func login(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        let login = String((form["login"] ?? "").trimmingCharacters(in: .whitespaces).prefix(64))
        let password = String((form["password"] ?? "").prefix(1000))
        let next = safeNext(form["next"])
        let now = Date()
        let failures = try context.store.read { try AccountStore.recentFailures($0, login: login, address: request.clientAddress, since: now.addingTimeInterval(-window)) }
        if failures.login >= maxPerLogin || failures.address >= maxPerAddress {
            throw Throttled(seconds: Int(window))
        }
        guard let user = try context.store.read({ try AccountStore.authenticate($0, login: login, password: password) }) else {
            try context.store.write { db in try AccountStore.recordFailure(db, login: login, address: request.clientAddress, now: now) }
            context.logger.notice("failed sign-in for \(login) from \(request.clientAddress)")
            return try context.views.page("login", Page(site: SiteChrome(request), login: login, next: next, error: "The login name or password is wrong."), status: 401)
        }
        // A new session id on every sign-in: an id planted before sign-in is never promoted.
        let session = try context.store.write { db -> String in
            if let old = request.cookie(Authentication.cookieName(context)) { try SessionStore.delete(db, id: old) }
            let id = try SessionStore.create(db, userID: user.id, now: now)
            try AuditLog.record(db, actor: user.login, action: "sign in", objectKind: "user", objectID: user.id, objectName: user.login, requestID: request.requestID)
            return id
        }
        var response = Response.redirect(to: next)
        response.headers.append(("Set-Cookie", Authentication.sessionCookie(context, value: session)))
        // A fresh CSRF token for the new session.
        response.headers.append(("Set-Cookie", Cookies.setCookie(name: CSRF.cookie, value: CSRF.token(for: try Request(method: "GET", rawTarget: "/", headers: [])).token)))
        return response
    }

    @Sendable static func logout(_ request: Request, _ context: AppContext) throws -> Response {
        if let session = request.cookie(Authentication.cookieName(context)) {
            try context.store.write { db in
                try SessionStore.delete(db, id: session)
                try AuditLog.record(db, actor: request.identity?.login ?? "?", action: "sign out", objectKind: "user", objectID: nil,
                                    objectName: request.identity?.login ?? "", requestID: request.requestID)
            }
        }
        var response = Response.redirect(to: "/login")
        response.headers.append(("Set-Cookie", Authentication.sessionCookie(context, value: "", maxAge: 0)))
        return response
    }
}
