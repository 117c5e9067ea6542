import Foundation
import PortalHTTP
import PortalStore

/// Who is asking: a signed-in user (session cookie) or an API token (Bearer, /api/v1 only). The responder stores it
/// in the request's opaque `principal` slot (PortalHTTP knows nothing of users or roles); handlers read it back typed
/// as `request.identity`.
struct Identity: Sendable {
    let user: UserRecord
    /// nil for a browser session; "read" or "write" for an API token.
    let tokenScope: String?

    var login: String { user.login }
    var role: UserRole { user.role }
}

extension Request {
    /// The signed-in user or token owner; nil for anonymous requests.
    var identity: Identity? { principal as? Identity }
}

/// Sessions, tokens and the role check every route goes through.
enum Authentication {
    /// The session cookie: `__Host-` prefixed and Secure when the portal is served over TLS.
    static func cookieName(_ context: AppContext) -> String {
        isSecure(context) ? "__Host-forewarn_session" : "forewarn_session"
    }

    static func isSecure(_ context: AppContext) -> Bool { context.configuration.publicURL?.lowercased().hasPrefix("https://") ?? false }

    static func sessionCookie(_ context: AppContext, value: String, maxAge: Int? = nil) -> String {
        Cookies.setCookie(name: cookieName(context), value: value, maxAge: maxAge, secure: isSecure(context))
    }

    static func identify(_ request: Request, context: AppContext) throws -> Identity? {
        if let header = request.header("authorization") {
            guard request.path.hasPrefix("/api/"), header.hasPrefix("Bearer ") else {
                throw HTTPError(401, "Send API tokens as Authorization: Bearer <token>, to /api/v1 only.")
            }
            let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
            let now = Date()
            guard let record = try context.store.tokens.find(token, now: now, load: {
                try context.store.read { try AccountStore.findToken($0, token: token) }
            }) else {
                throw HTTPError(401, "The API token is unknown or revoked.")
            }
            if record.lastUseIsStale(at: now) {
                try touch(context) { db in try AccountStore.touchToken(db, id: record.id, now: now) }
                context.store.tokens.touched(token, at: now)
            }
            return Identity(user: record.user, tokenScope: record.scope)
        }
        guard let session = request.cookie(cookieName(context)), !session.isEmpty, session.count < 100 else { return nil }
        let now = Date()
        guard let live = try context.store.sessions.find(session, now: now, load: {
            try context.store.read { try SessionStore.load($0, id: session, now: now) }
        }) else { return nil }
        if live.isStale(at: now) {
            try touch(context) { db in try SessionStore.touch(db, id: session, now: now) }
            context.store.sessions.touched(session, at: now)
        }
        return Identity(user: live.user, tokenScope: nil)
    }

    /// nil when allowed; a sign-in redirect for pages; throws 401 (API) or 403 (role or token scope).
    static func authorize(_ request: Request, identity: Identity?, needs role: UserRole) throws -> Response? {
        guard let identity else {
            if request.wantsJSON { throw HTTPError(401, "Sign in or send an API token (Authorization: Bearer <token>).") }
            let next = request.method == "GET" ? request.rawTarget : "/"
            return .redirect(to: "/login?next=" + URLEncoding.encode(next))
        }
        if identity.tokenScope == "ingest" && !(request.method == "POST" && request.path == "/api/v1/logs") {
            throw HTTPError(403, "This API token may only send log messages (POST /api/v1/logs); create a read or write token for anything else.")
        }
        if identity.tokenScope == "read" && CSRF.isStateChanging(request.method) {
            throw HTTPError(403, "This API token may only read; create a write token to change data.")
        }
        guard identity.user.role >= role else {
            throw HTTPError(403, "This needs the \(role.rawValue.replacingOccurrences(of: "_", with: " ")) role; you are signed in as \(identity.user.role.rawValue.replacingOccurrences(of: "_", with: " ")).")
        }
        return nil
    }
}

/// Too many failed sign-ins.
struct Throttled: Error {
    let seconds: Int
    var message: String { "Too many failed sign-ins. Try again in \(seconds) seconds." }
}

extension Authentication {
    /// Bookkeeping writes (when a session or token was last used) must not turn a read into an error while the
    /// storage is full: they are skipped, and the health check hears about it.
    static func touch(_ context: AppContext, _ body: (Database) throws -> Void) throws {
        do {
            try context.store.write(body)
        } catch let error as DatabaseError where error.isStorageFailure {
            context.storageHealth.recordFailure()
            context.logger.warning("storage full: last use of a session or token not recorded (\(error.message))")
        }
    }
}
