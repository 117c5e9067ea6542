import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// The signed-in user's own account: password and API tokens.
enum AccountController {
    struct Page {
        struct TokenRow {
            let id: Int64
            let name: String
            let scope: String
            let created: String
            let lastUsed: String
            let revoked: Bool
        }

        let site: SiteChrome
        let title = "Your account"
        let login: String
        let displayName: String
        let role: String
        let tokens: [TokenRow]
        let hasTokens: Bool
        let newToken: String
        let passwordError: String
        let tokenError: String
        /// The zone saved on the account ('' follows the person's), the zone in effect, common zones for the list.
        let timeZone: String
        let effectiveZone: String
        let zones: [String]
        let zoneError: String
    }

    static func page(_ request: Request, _ context: AppContext, newToken: String = "", passwordError: String = "", tokenError: String = "",
                     zoneError: String = "", typedZone: String? = nil, status: Int = 200) throws -> Response {
        let login = request.identity?.login ?? ""
        let savedZone = try context.store.read { try AccountStore.savedTimeZone($0, login: login) }
        let rows = try context.store.read { try AccountStore.tokens($0, login: login) }
        let tokens = rows.map { Page.TokenRow(id: $0.id, name: $0.name, scope: $0.scope, created: $0.createdAt, lastUsed: $0.lastUsedAt ?? "never",
                                               revoked: $0.revokedAt != nil) }
        let model = Page(site: SiteChrome(request), login: login, displayName: request.identity?.user.displayName ?? login,
                         role: request.identity?.role.rawValue ?? "", tokens: tokens, hasTokens: !tokens.isEmpty, newToken: newToken,
                         passwordError: passwordError, tokenError: tokenError, timeZone: typedZone ?? savedZone,
                         effectiveZone: try DowntimeController.userTimeZone(request, context), zones: DowntimeController.commonZones, zoneError: zoneError)
        var response = try context.views.page("account", model, status: status)
        response.setHeader("Cache-Control", "no-store")
        return response
    }

    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response {
        Flash.clear(try page(request, context), request: request)
    }

    /// `POST /account/time-zone`: the zone forms and pages default to for this account ('' follows the person's).
    @Sendable static func setTimeZone(_ request: Request, _ context: AppContext) throws -> Response {
        let zone = (try request.form()["time_zone"] ?? "").trimmingCharacters(in: .whitespaces)
        let login = request.identity?.login ?? ""
        if !zone.isEmpty, let problem = FieldRules.timeZone(String(zone.prefix(100))) {
            return try page(request, context, zoneError: problem, typedZone: String(zone.prefix(100)), status: 422)
        }
        try context.store.write { db in
            guard let user = try AccountStore.findUser(db, login: login) else { return }
            try AccountStore.setTimeZone(db, login: login, zone: zone)
            try AuditLog.record(db, actor: login, action: "update", objectKind: "user", objectID: user.id, objectName: login,
                                after: DowntimeService.auditJSON(["time_zone": zone]), requestID: request.requestID)
        }
        return Flash.redirect(to: "/account", message: zone.isEmpty ? "Your time zone now follows your person record." : "Your time zone is now \(zone).")
    }

    @Sendable static func changePassword(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        let login = request.identity?.login ?? ""
        guard try context.store.read({ try AccountStore.authenticate($0, login: login, password: form["current"] ?? "") }) != nil else {
            return try page(request, context, passwordError: "The current password is wrong; nothing was changed.", status: 422)
        }
        let new = form["new"] ?? ""
        if let problem = AccountStore.passwordProblem(new) { return try page(request, context, passwordError: problem, status: 422) }
        guard new == form["repeat"] else { return try page(request, context, passwordError: "The two new passwords differ.", status: 422) }
        let hash = try Secrets.hashPassword(new)
        try context.store.write { db in
            guard let user = try AccountStore.findUser(db, login: login) else { return }
            try UserStore.setPassword(db, id: user.id, hash: hash)
            try SessionStore.deleteAll(db, userID: user.id)
            try AuditLog.record(db, actor: login, action: "change password", objectKind: "user", objectID: user.id, objectName: login, requestID: request.requestID)
        }
        var response = Flash.redirect(to: "/login", message: "Your password was changed. Sign in again with the new one.")
        response.headers.append(("Set-Cookie", Authentication.sessionCookie(context, value: "", maxAge: 0)))
        return response
    }

    @Sendable static func createToken(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        let login = request.identity?.login ?? ""
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { return try page(request, context, tokenError: "Give the token a name of 1 to 100 characters.", status: 422) }
        let scope = ["write", "ingest"].contains(form["scope"] ?? "") ? form["scope"]! : "read"
        let token = try context.store.write { db -> String in
            guard let user = try AccountStore.findUser(db, login: login) else { throw HTTPError(403, "Your account no longer exists.") }
            let token = try AccountStore.createToken(db, userID: user.id, name: name, scope: scope)
            try AuditLog.record(db, actor: login, action: "create", objectKind: "api token", objectID: nil, objectName: "\(name) (\(scope))", requestID: request.requestID)
            return token
        }
        // Shown once, right here; only its hash is stored.
        return try page(request, context, newToken: token)
    }

    @Sendable static func revokeToken(_ request: Request, _ context: AppContext) throws -> Response {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        let login = request.identity?.login ?? ""
        let done = try context.store.write { db -> Bool in
            guard let ownerLogin = try AccountStore.tokenOwner(db, id: id), ownerLogin.lowercased() == login.lowercased() || request.identity?.role == .admin else { return false }
            try AccountStore.revokeToken(db, id: id)
            try AuditLog.record(db, actor: login, action: "revoke", objectKind: "api token", objectID: id, objectName: "token \(id)", requestID: request.requestID)
            return true
        }
        guard done else { throw HTTPError.notFound("There is no such token of yours.") }
        return Flash.redirect(to: "/account", message: "The token was revoked.")
    }
}
