import ForewarnTestSupport
import Foundation
import PortalApp
import PortalStore
import Testing

/// Two application instances on one database: sessions each instance keeps in memory follow sign-outs and user
/// changes made through the other at once; a second request does not read the session again; CSRF is unchanged.
@Suite("Session cache across instances")
struct SessionCacheAppTests {
    let csrf = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"

    func get(_ app: TestApp, _ target: String, session: String) throws -> RawResponse {
        try app.fetch("GET", target, headers: ["Cookie": "forewarn_session=\(session)"], anonymous: true)
    }

    func post(_ app: TestApp, _ target: String, session: String, form: String, token: String? = nil) throws -> RawResponse {
        try app.fetch("POST", target, headers: ["Cookie": "forewarn_csrf=\(csrf); forewarn_session=\(session)",
                                                "Content-Type": "application/x-www-form-urlencoded"],
                      body: Array("_csrf=\(token ?? csrf)&\(form)".utf8), anonymous: true)
    }

    /// Repeats a request on an instance until `done` (PostgreSQL delivers the change by a notification), at most 2 s.
    func eventually(_ request: () throws -> RawResponse, _ done: (RawResponse) -> Bool) throws -> RawResponse {
        let deadline = Date().addingTimeInterval(2)
        var response = try request()
        while testPostgresURL != nil && !done(response) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            response = try request()
        }
        return response
    }

    /// Two applications on one database (the second opened while the first runs), both caching.
    func withTwoInstances(_ body: (TestApp, TestApp) throws -> Void) throws {
        let first = try TestApp.start()
        defer { first.stop() }
        let second = try TestApp.restart(first)
        defer { second.stop() }
        waitUntilTrusted(first, second)
        try body(first, second)
    }

    func waitUntilTrusted(_ apps: TestApp...) {
        let deadline = Date().addingTimeInterval(10)
        // Both listeners on PostgreSQL: sessions, and the change signal the home page's cache follows.
        let ready = { (app: TestApp) in app.app.context.store.sessions.isTrusted && app.app.context.store.changes?.current() != nil }
        while !apps.allSatisfy(ready) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    }

    @Test func signingOutOnOneInstanceIsSeenAtOnceByTheOther() throws {
        try withTwoInstances { first, second in
            let session = try AuthTests().session(first, role: .engineer)
            for app in [first, second] {
                #expect(try get(app, "/downtimes", session: session).status == 200)
                #expect(try get(app, "/downtimes", session: session).status == 200, "served from the cache")
            }
            #expect(second.app.context.store.sessions.count >= 1)
            #expect(try post(first, "/logout", session: session, form: "").status == 303)
            for app in [second, first] {
                let after = try eventually({ try get(app, "/downtimes", session: session) }) { $0.status == 303 }
                #expect(after.status == 303)
                #expect(after.header("Location") == "/login?next=%2Fdowntimes")
            }
        }
    }

    @Test func aRoleChangeOrDisablingOnOneInstanceIsSeenAtOnceByTheOther() throws {
        try withTwoInstances { first, second in
            let session = try AuthTests().session(first, role: .admin)
            let id = try #require(try first.app.context.store.read { try AccountStore.findUser($0, login: "user-admin") }?.id)
            #expect(try get(second, "/users", session: session).status == 200)
            // The tester (an admin) makes user-admin an engineer through the users page of the first instance.
            let changed = try first.post("/users/\(id)", form: [("_csrf", csrf), ("role", "engineer")], headers: ["Cookie": "forewarn_csrf=\(csrf)"])
            #expect(changed.status == 303)
            let refused = try eventually({ try get(second, "/users", session: session) }) { $0.status == 403 }
            #expect(refused.status == 403, "admin-only page after the role change")
            #expect(try get(second, "/downtimes", session: session).status == 200)
            #expect(try first.post("/users/\(id)", form: [("_csrf", csrf), ("disabled", "1")], headers: ["Cookie": "forewarn_csrf=\(csrf)"]).status == 303)
            let out = try eventually({ try get(second, "/downtimes", session: session) }) { $0.status == 303 }
            #expect(out.status == 303, "a disabled user's session ends everywhere")
        }
    }

    @Test func aTokenRevokedOnOneInstanceIsRefusedAtOnceByTheOther() throws {
        try withTwoInstances { first, second in
            let bearer = ["Authorization": "Bearer \(first.token)"]
            for _ in 0..<2 { #expect(try second.fetch("GET", "/api/v1/downtimes", headers: bearer).status == 200) }
            #expect(second.app.context.store.tokens.count >= 1)
            let id = try #require(try first.app.context.store.read { try AccountStore.findToken($0, token: first.token) }?.id)
            let revoked = try first.post("/account/tokens/\(id)/revoke", form: [("_csrf", csrf)], headers: ["Cookie": "forewarn_csrf=\(csrf)"])
            #expect(revoked.status == 303)
            let refused = try eventually({ try second.fetch("GET", "/api/v1/downtimes", headers: bearer) }) { $0.status == 401 }
            #expect(refused.status == 401)
            #expect(refused.text.contains("unknown or revoked"))
        }
    }

    @Test func aCachedSessionIsNotReadAgainAndTheHomePageCountsInOneStatement() throws {
        let app = try TestApp.start { $0.reportsStatementCounts = true }
        defer { app.stop() }
        waitUntilTrusted(app)
        let counts = try (0..<3).map { _ in
            let page = try app.get("/")
            #expect(page.status == 200)
            return Int(try #require(page.header("X-Statement-Count"))) ?? -1
        }
        let (before, after) = (counts[0], counts[1])
        // The first request read the session and the table names (and, on a slow run more than a minute after the
        // session was made, wrote its last-seen time); the next ones read neither and run the same statements.
        #expect(after <= before - 2, "\(before) statements, then \(after)")
        #expect(counts[2] == after, "\(counts)")
        // The admin's table of row counts is one statement whatever the number of tables (was one per table).
        #expect(after <= 14, "\(after) statements for the admin's home page")
        #expect(try app.get("/").text.contains("Audit entries"), "the counts are on the page")
    }

    @Test func csrfTokensAreStillFreshAndAWrongOneIsStillRefused() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let one = try TestApp.csrfToken(try app.fetch("GET", "/login", anonymous: true))
        let two = try TestApp.csrfToken(try app.fetch("GET", "/login", anonymous: true))
        #expect(one != two)
        for token in [one, two] {
            #expect(token.utf8.count == 43)
            #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        }
        // A kept cookie is reused, a malformed one replaced.
        let kept = try app.fetch("GET", "/login", headers: ["Cookie": "forewarn_csrf=\(one)"], anonymous: true)
        #expect(kept.headers.first { $0.name == "Set-Cookie" && $0.value.hasPrefix("forewarn_csrf=") } == nil)
        let replaced = try app.fetch("GET", "/login", headers: ["Cookie": "forewarn_csrf=\(one.dropLast())é"], anonymous: true)
        #expect(try TestApp.csrfToken(replaced) != one)
        let session = try AuthTests().session(app, role: .engineer)
        let forged = try post(app, "/logout", session: session, form: "", token: String(csrf.reversed()))
        #expect(forged.status == 403)
        #expect(try get(app, "/downtimes", session: session).status == 200, "the forged sign-out changed nothing")
        #expect(try post(app, "/logout", session: session, form: "").status == 303)
    }
}
