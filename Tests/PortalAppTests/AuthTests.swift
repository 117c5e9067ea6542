import ForewarnTestSupport
import Foundation
import PortalApp
import PortalStore
import Testing

@Suite("Accounts, roles and sessions")
struct AuthTests {
    /// A user with a role and a fresh session cookie value.
    func session(_ app: TestApp, role: UserRole) throws -> String {
        try app.app.context.store.write { db in
            let login = "user-\(role.rawValue)"
            var id = try AccountStore.findUser(db, login: login)?.id
            if id == nil {
                try db.run("INSERT INTO users (login, display_name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                           [login, login, role.rawValue, TestApp.passwordHash])
                id = db.lastInsertRowID
            }
            return try SessionStore.create(db, userID: id!)
        }
    }

    @Test func everyRouteEnforcesItsRoleForEveryRole() throws {
        let app = try TestApp.start { $0.clockInterval = 0 }
        defer { app.stop() }
        // Routes without a role are public; the status page and feeds are public only when an admin says so.
        try app.app.context.store.write { db in try db.run("INSERT INTO settings (key, value) VALUES ('status.public', '1')") }
        let csrf = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
        var checked = 0
        for entry in Routes.build().entries {
            let path = entry.pattern.replacingOccurrences(of: ":id", with: "1")
            for identity in [nil] + UserRole.allCases.map(Optional.some) {
                var headers: [String: String] = ["Cookie": "forewarn_csrf=\(csrf)"]
                if let identity { headers["Cookie"]! += "; forewarn_session=\(try session(app, role: identity))" }
                var body: [UInt8] = []
                if entry.method != "GET" {
                    if path.hasPrefix("/api/") { headers["Content-Type"] = "application/json"; body = Array("{}".utf8) }
                    else { headers["Content-Type"] = "application/x-www-form-urlencoded"; body = Array("_csrf=\(csrf)".utf8) }
                }
                let response = try app.fetch(entry.method, path, headers: headers, body: body, anonymous: true)
                // POST /status/settings may just have made the status page private again.
                try app.app.context.store.write { db in try db.run("INSERT OR REPLACE INTO settings (key, value) VALUES ('status.public', '1')") }
                #expect(response.header("X-Content-Type-Options") == "nosniff", "\(entry.method) \(entry.pattern)")
                #expect(response.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true, "\(entry.method) \(entry.pattern)")
                let toLogin = response.status == 303 && (response.header("Location") ?? "").hasPrefix("/login?next=")
                let blocked = response.status == 403 || toLogin || (response.status == 401 && path.hasPrefix("/api/"))
                let allowed = entry.handler.role.map { needed in identity.map { $0 >= needed } ?? false } ?? true
                #expect(blocked != allowed, "\(entry.method) \(entry.pattern) as \(identity?.rawValue ?? "anonymous"): \(response.status)")
                if !allowed && identity == nil { #expect(toLogin || response.status == 401, "\(entry.method) \(entry.pattern) anonymous: \(response.status)") }
                if !allowed && identity != nil { #expect(response.status == 403, "\(entry.method) \(entry.pattern) as \(identity!.rawValue): \(response.status)") }
                checked += 1
            }
        }
        #expect(checked > 500)
    }

    @Test func signingInStartsANewSessionAndReturnsToTheTarget() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let wall = try app.fetch("GET", "/servers?q=db", anonymous: true)
        #expect(wall.status == 303)
        #expect(wall.header("Location") == "/login?next=%2Fservers%3Fq%3Ddb")
        let form = try app.fetch("GET", "/login?next=%2Fservers%3Fq%3Ddb", anonymous: true)
        #expect(form.text.contains("value=\"/servers?q=db\""))
        let csrf = try TestApp.csrfToken(form)
        // A session id planted before sign-in (fixation) is never promoted.
        let planted = "planted-session-id-planted-session-id-12345"
        let login = try app.fetch("POST", "/login", headers: ["Cookie": "forewarn_csrf=\(csrf); forewarn_session=\(planted)", "Content-Type": "application/x-www-form-urlencoded"],
                                  body: Array("_csrf=\(csrf)&login=tester&password=a+long+enough+password&next=%2Fservers%3Fq%3Ddb".utf8), anonymous: true)
        #expect(login.status == 303)
        #expect(login.header("Location") == "/servers?q=db")
        let cookie = try #require(login.headers.first { $0.name == "Set-Cookie" && $0.value.hasPrefix("forewarn_session=") }?.value)
        #expect(cookie.contains("HttpOnly"))
        #expect(cookie.contains("SameSite=Lax"))
        #expect(cookie.contains("Path=/"))
        let session = String(cookie.split(separator: ";")[0].dropFirst("forewarn_session=".count))
        #expect(session != planted)
        #expect(try app.fetch("GET", "/servers", headers: ["Cookie": "forewarn_session=\(session)"], anonymous: true).status == 200)
        #expect(try app.fetch("GET", "/servers", headers: ["Cookie": "forewarn_session=\(planted)"], anonymous: true).status == 303)
        let page = try app.fetch("GET", "/", headers: ["Cookie": "forewarn_session=\(session)"], anonymous: true)
        #expect(page.header("Cache-Control") == "no-store")
        #expect(page.text.contains("Test Admin"))
        // An open redirect is not possible through next.
        let evil = try app.fetch("POST", "/login", headers: ["Cookie": "forewarn_csrf=\(csrf)", "Content-Type": "application/x-www-form-urlencoded"],
                                 body: Array("_csrf=\(csrf)&login=tester&password=a+long+enough+password&next=%2F%2Fevil.example".utf8), anonymous: true)
        #expect(evil.header("Location") == "/")
    }

    /// Each `next` as sent in the form body (already percent-encoded) and where sign-in must send the browser.
    @Test(arguments: [
        ("%2F%5Cevil.example", "/"),                 // /\evil.example: browsers read \ as / → //evil.example
        ("%2F%09%2Fevil.example", "/"),              // /<tab>/evil.example: browsers drop the tab
        ("%2F%250A%2Fevil.example", "/"),            // a newline that appears after one more decoding
        ("%2F%255Cevil.example", "/"),               // a backslash that appears after one more decoding
        ("%2F%252F%2Fevil.example", "/"),            // //evil after one more decoding
        ("%2F%0D%0ALocation%3A+http%3A%2F%2Fevil", "/"), // header splitting
        ("%2F%2Fevil.example", "/"),
        ("%5C%5Cevil.example", "/"),
        ("https%3A%2F%2Fevil.example%2F", "/"),
        ("javascript%3Aalert(1)", "/"),
        ("%2Flogin%3Fnext%3D%2F%2Fevil.example", "/"),
        ("%2Fservers%3Fq%3Ddb", "/servers?q=db"),
        ("%2Fservers%2F12%23contacts", "/servers/12#contacts"),
        ("%2Fservers%3Fq%3DZ%C3%BCrich", "/servers?q=Zürich"),
    ])
    func signInReturnsOnlyToThisPortal(next: String, expected: String) throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let csrf = try TestApp.csrfToken(try app.fetch("GET", "/login", anonymous: true))
        let response = try app.fetch("POST", "/login", headers: ["Cookie": "forewarn_csrf=\(csrf)", "Content-Type": "application/x-www-form-urlencoded"],
                                     body: Array("_csrf=\(csrf)&login=tester&password=a+long+enough+password&next=\(next)".utf8), anonymous: true)
        #expect(response.status == 303)
        #expect(response.header("Location") == expected, "next=\(next)")
    }

    @Test func expiredSessionsGoBackToSignInKeepingTheTarget() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let session = try self.session(app, role: .viewer)
        try app.app.context.store.write { db in try db.run("UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z'") }
        let response = try app.fetch("GET", "/downtimes?view=past", headers: ["Cookie": "forewarn_session=\(session)"], anonymous: true)
        #expect(response.status == 303)
        #expect(response.header("Location") == "/login?next=%2Fdowntimes%3Fview%3Dpast")
    }

    @Test func failedSignInsAreThrottled() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let csrf = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
        func attempt(_ password: String) throws -> RawResponse {
            try app.fetch("POST", "/login", headers: ["Cookie": "forewarn_csrf=\(csrf)", "Content-Type": "application/x-www-form-urlencoded"],
                          body: Array("_csrf=\(csrf)&login=tester&password=\(password)".utf8), anonymous: true)
        }
        for _ in 0..<5 { #expect(try attempt("wrong").status == 401) }
        let blocked = try attempt("a+long+enough+password")
        #expect(blocked.status == 429)
        #expect(blocked.text.contains("Try again in"))
        #expect(blocked.header("Retry-After") != nil)
    }

    @Test func tokenScopesAndRevocation() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let (read, write, writeID) = try app.app.context.store.write { db -> (String, String, Int64) in
            let user = try AccountStore.findUser(db, login: "tester")!
            let r = try AccountStore.createToken(db, userID: user.id, name: "r", scope: "read")
            let w = try AccountStore.createToken(db, userID: user.id, name: "w", scope: "write")
            return (r, w, db.lastInsertRowID)
        }
        let json = ["Content-Type": "application/json"]
        #expect(try app.fetch("GET", "/api/v1/regions", headers: ["Authorization": "Bearer \(read)"]).status == 200)
        let denied = try app.fetch("POST", "/api/v1/regions", headers: json.merging(["Authorization": "Bearer \(read)"]) { a, _ in a }, body: Array(#"{"name":"x"}"#.utf8))
        #expect(denied.status == 403)
        #expect(denied.text.contains("may only read"))
        #expect(try app.fetch("POST", "/api/v1/regions", headers: json.merging(["Authorization": "Bearer \(write)"]) { a, _ in a }, body: Array(#"{"name":"x"}"#.utf8)).status == 201)
        try app.app.context.store.write { db in try AccountStore.revokeToken(db, id: writeID) }
        #expect(try app.fetch("GET", "/api/v1/regions", headers: ["Authorization": "Bearer \(write)"]).status == 401)
        #expect(try app.fetch("GET", "/api/v1/regions", headers: ["Authorization": "Bearer nonsense"]).status == 401)
        #expect(try app.fetch("GET", "/api/v1/regions", anonymous: true).status == 401)
    }

    @Test func theSessionCookieIsHostPrefixedAndSecureBehindTLS() throws {
        let app = try TestApp.start { $0.publicURL = "https://forewarn.example.com" }
        defer { app.stop() }
        let csrf = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
        let login = try app.fetch("POST", "/login", headers: ["Cookie": "forewarn_csrf=\(csrf)", "Content-Type": "application/x-www-form-urlencoded"],
                                  body: Array("_csrf=\(csrf)&login=tester&password=a+long+enough+password".utf8), anonymous: true)
        let cookie = try #require(login.headers.first { $0.name == "Set-Cookie" && $0.value.hasPrefix("__Host-forewarn_session=") }?.value)
        #expect(cookie.contains("Secure"))
        #expect(cookie.contains("HttpOnly"))
    }

    @Test func adminsManageUsersAndTheAuditNamesThem() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let page = try app.get("/users")
        let csrf = try TestApp.csrfToken(page)
        let headers = ["Cookie": "forewarn_csrf=\(csrf)"]
        let weak = try app.post("/users", form: [("_csrf", csrf), ("login", "bob"), ("role", "engineer"), ("password", "short")], headers: headers)
        #expect(weak.status == 422)
        #expect(weak.text.contains("at least 12 characters"))
        #expect(weak.text.contains("value=\"bob\""))
        #expect(try app.post("/users", form: [("_csrf", csrf), ("login", "bob"), ("role", "engineer"), ("password", "bobs long password")], headers: headers).status == 303)
        let bob = try app.app.context.store.read { try AccountStore.findUser($0, login: "bob") }
        #expect(bob?.role == .engineer)
        #expect(try app.post("/users/\(bob!.id)", form: [("_csrf", csrf), ("disabled", "1")], headers: headers).status == 303)
        #expect(try app.app.context.store.read { try AccountStore.authenticate($0, login: "bob", password: "bobs long password") } == nil)
        let audit = try app.app.context.store.read { try AuditLog.recent($0, objectKind: "user") }
        #expect(audit.contains { $0.actor == "tester" && $0.objectName == "bob" })
    }

    @Test func onlyAnAdminMayOverrideAChangeFreeze() throws {
        let app = try TestApp.start { $0.clockInterval = 0 }
        defer { app.stop() }
        try app.importFixture()
        try app.app.context.store.write { db in
            try db.run("INSERT INTO blackouts (name, starts_at, ends_at) VALUES ('Global freeze', '2027-01-01T00:00:00Z', '2027-01-31T00:00:00Z')")
        }
        let engineer = try session(app, role: .engineer)
        let token = try app.app.context.store.write { db -> String in
            let id = try AccountStore.findUser(db, login: "user-engineer")!.id
            return try AccountStore.createToken(db, userID: id, name: "eng", scope: "write")
        }
        _ = engineer
        let body = #"{"title":"t","kind":"planned","targets":[{"kind":"server","name":"db-12"}],"starts_at":"2027-01-12T22:00:00","ends_at":"2027-01-13T02:00:00","time_zone":"UTC","override_reason":"urgent"}"#
        let refused = try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)"], body: Array(body.utf8))
        #expect(refused.status == 403)
        #expect(refused.text.contains("Only an admin can override a change freeze"))
        #expect(try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8)).status == 201)
    }

    @Test func changingThePasswordEndsSessionsAndNeedsTheCurrentOne() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let page = try app.get("/account")
        let csrf = try TestApp.csrfToken(page)
        let headers = ["Cookie": "forewarn_csrf=\(csrf)"]
        let wrong = try app.post("/account/password", form: [("_csrf", csrf), ("current", "not my password"), ("new", "a brand new password"), ("repeat", "a brand new password")], headers: headers)
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("current password is wrong"))
        let changed = try app.post("/account/password", form: [("_csrf", csrf), ("current", TestApp.password), ("new", "a brand new password"), ("repeat", "a brand new password")], headers: headers)
        #expect(changed.status == 303)
        #expect(try app.get("/").status == 303)
        #expect(try app.app.context.store.read { try AccountStore.authenticate($0, login: "tester", password: "a brand new password") } != nil)
    }
}
