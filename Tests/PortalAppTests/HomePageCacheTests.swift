import ForewarnTestSupport
import Foundation
import PortalApp
import PortalStore
import Testing

/// The home page cache (#14): a kept page is served only while nothing was committed anywhere on the database and the
/// clock has not reached the next instant at which a list on it changes; it is byte for byte the fresh render, and
/// never another session's, user's or role's page.
@Suite("Home page cache")
struct HomePageCacheTests {
    static let csrf = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"

    /// An app that counts statements (a page served from the cache runs none) and has no clock worker (pages must
    /// change by the clock alone, not by the worker's writes).
    static func start(_ previous: TestApp? = nil) throws -> TestApp {
        let configure: (inout AppConfiguration) -> Void = { $0.reportsStatementCounts = true; $0.clockInterval = 0 }
        let app = try previous.map { try TestApp.restart($0, configure: configure) } ?? TestApp.start(configure: configure)
        let deadline = Date().addingTimeInterval(10)
        while app.app.context.store.changes?.current() == nil || !app.app.context.store.sessions.isTrusted, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        return app
    }

    func home(_ app: TestApp, session: String? = nil, csrf: String = csrf, flash: String? = nil) throws -> RawResponse {
        var cookie = "forewarn_csrf=\(csrf); forewarn_session=\(session ?? app.session)"
        if let flash { cookie += "; forewarn_flash=\(flash)" }
        let before = app.app.context.homePages.served
        let page = try app.fetch("GET", "/", headers: ["Cookie": cookie], anonymous: true)
        #expect(page.status == 200)
        // Whether the cache served it, by its own count: the statement count alone would also count the session's row
        // read again once the session cache's 5 s are up (a slow, loaded run).
        let kept = app.app.context.homePages.served > before
        return RawResponse(status: page.status, headers: page.headers + [("X-Test-Kept", kept ? "yes" : "no")], body: page.body)
    }

    /// "0" when the page was served from the cache, else the statements its render ran (a short message when an
    /// expectation fails).
    func statements(_ page: RawResponse) -> String {
        page.header("X-Test-Kept") == "yes" ? "0" : "rendered: \(page.header("X-Statement-Count") ?? "none") statements"
    }

    /// The home page until `done` holds (PostgreSQL hears of another instance's commit by a notification), at most 2 s.
    func home(_ app: TestApp, until done: (RawResponse) -> Bool) throws -> RawResponse {
        let deadline = Date().addingTimeInterval(testPostgresURL == nil ? 0 : 2)
        var page = try home(app)
        while !done(page) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            page = try home(app)
        }
        return page
    }

    /// A downtime in state `state` from `start` to `end`, written straight through `store`.
    @discardableResult
    func downtime(_ store: Store, _ title: String, _ start: Date, _ end: Date, state: String = "scheduled") throws -> Int64 {
        try store.write { db in
            try db.run("""
                INSERT INTO downtimes (title, kind, state, starts_at, ends_at, time_zone, created_at, updated_at)
                VALUES (?, 'planned', ?, ?, ?, 'UTC', ?, ?)
                """, [title, state, StoreTime.format(start), StoreTime.format(end), StoreTime.format(Date()), StoreTime.format(Date())])
            return db.lastInsertRowID
        }
    }

    @Test func aWriteThroughTheStoreAnotherInstanceOrTheCommandLineIsSeenAtOnce() throws {
        let first = try Self.start()
        defer { first.stop() }
        let second = try Self.start(first)
        defer { second.stop() }
        let fresh = try home(first)
        #expect(statements(fresh) != "0")
        let again = try home(first)
        #expect(statements(again) == "0", "the second request is served from the cache")
        #expect(again.body == fresh.body, "byte for byte the fresh page")
        #expect(try home(first).body == fresh.body)

        // A write through this instance's store.
        try downtime(first.app.context.store, "Written here", Date().addingTimeInterval(7200), Date().addingTimeInterval(9000))
        let afterOwn = try home(first)
        #expect(statements(afterOwn) != "0")
        #expect(afterOwn.text.contains("Written here"))
        // PostgreSQL: the instance hears its own NOTIFY a moment after its commit (the counter moves once more), so
        // the page is kept from the request after that.
        #expect(statements(try home(first) { statements($0) == "0" }) == "0")

        // A write through the other instance (SQLite: another Store on the file, as another process).
        try downtime(second.app.context.store, "Written there", Date().addingTimeInterval(7200), Date().addingTimeInterval(9000))
        let afterOther = try home(first) { $0.text.contains("Written there") }
        #expect(afterOther.text.contains("Written there") == true, "the other instance's write shows at once")
        #expect(statements(afterOther) != "0")
        // Both instances now render the same page: the kept one of the first is the second's fresh one.
        _ = try home(first)
        let kept = try home(first)
        #expect(statements(kept) == "0")
        #expect(kept.body == (try home(second)).body)

        // The command line, another process on the same file (SQLite only: the CLI takes a file path).
        guard testPostgresURL == nil else { return }
        let folder = temporaryDirectory()
        let (kind, csv) = InventoryFixture.files[0]
        try csv.write(toFile: folder + "/\(kind).csv", atomically: true, encoding: .utf8)
        #expect(try home(first).text.contains("<span class=\"stat-value\">0</span><span class=\"stat-label\">Regions</span>"))
        #expect(statements(try home(first)) == "0")
        let imported = try runForewarn(["import", "--db", first.app.context.configuration.databasePath, "--kind", kind, folder + "/\(kind).csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let afterCLI = try home(first)
        #expect(statements(afterCLI) != "0")
        #expect(afterCLI.text.contains("<span class=\"stat-value\">3</span><span class=\"stat-label\">Regions</span>"))
    }

    @Test func aWindowEndingStartingOrEnteringTheSevenDaysGivesTheFreshPage() throws {
        let app = try Self.start()
        defer { app.stop() }
        let store = app.app.context.store
        // Whole seconds, far enough ahead that the page is kept for a while before the first of them.
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let boundary = now.addingTimeInterval(4)
        try downtime(store, "Ending soon", now.addingTimeInterval(-3600), boundary)
        try downtime(store, "Starting soon", boundary, boundary.addingTimeInterval(3600))
        try downtime(store, "Entering the week", boundary.addingTimeInterval(7 * 86_400), boundary.addingTimeInterval(7 * 86_400 + 3600))
        let before = try home(app)
        #expect(try home(app).body == before.body)
        let kept = try home(app)
        #expect(statements(kept) == "0", "kept while no boundary is reached")
        let inProgress = DashboardTests.section(before.text, "In progress now"), next = DashboardTests.section(before.text, "The next 7 days")
        #expect(inProgress.contains("Ending soon") && !inProgress.contains("Starting soon"))
        #expect(next.contains("Starting soon") && !next.contains("Entering the week"))

        Thread.sleep(until: boundary.addingTimeInterval(1.1))
        let after = try home(app)
        #expect(statements(after) != "0", "the boundary has passed: rendered again")
        let nowSection = DashboardTests.section(after.text, "In progress now"), weekSection = DashboardTests.section(after.text, "The next 7 days")
        #expect(!nowSection.contains("Ending soon"), "a window that ended leaves the page with no write")
        #expect(nowSection.contains("Starting soon"), "a window that began is in progress with no write")
        #expect(weekSection.contains("Entering the week") && !weekSection.contains("Starting soon"), "a window entered the 7 days")
        #expect(try home(app).body == after.body)
    }

    /// A kept page is queued as one libmicrohttpd object per session. Two users on two keep-alive connections asking
    /// in turn get their own page, token and headers every time (byte for byte their fresh render, every security
    /// header, no cookie set), and a sign-out elsewhere takes effect on the next request of the open connection.
    @Test func keptAnswersOnInterleavedKeepAliveConnectionsAreEachSessionsOwn() throws {
        let app = try Self.start()
        defer { app.stop() }
        let viewer = try AuthTests().session(app, role: .viewer)
        let viewerToken = String(Self.csrf.reversed())
        let adminConnection = try RawHTTPClient(port: app.port), viewerConnection = try RawHTTPClient(port: app.port)
        let adminCookie = "forewarn_csrf=\(Self.csrf); forewarn_session=\(app.session)"
        let viewerCookie = "forewarn_csrf=\(viewerToken); forewarn_session=\(viewer)"
        var first: [String: RawResponse] = [:]
        for round in 0..<6 {
            for (name, connection, cookie) in [("admin", adminConnection, adminCookie), ("viewer", viewerConnection, viewerCookie)] {
                let page = try connection.request("GET", "/", headers: ["Cookie": cookie])
                #expect(page.status == 200, "\(name), round \(round)")
                #expect(page.header("Set-Cookie") == nil, "\(name), round \(round)")
                #expect(page.header("Cache-Control") == "no-store", "\(name), round \(round)")
                #expect(page.header("X-Content-Type-Options") == "nosniff" && page.header("X-Frame-Options") == "DENY"
                        && page.header("Referrer-Policy") == "same-origin"
                        && page.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true, "\(name), round \(round)")
                if let fresh = first[name] {
                    #expect(page.body == fresh.body, "\(name), round \(round): the fresh render's bytes")
                    #expect(page.header("X-Statement-Count") == "0", "\(name), round \(round): kept")
                } else {
                    first[name] = page
                }
            }
        }
        let admin = try #require(first["admin"]).text, viewerPage = try #require(first["viewer"]).text
        #expect(admin.contains("Test Admin") && admin.contains("value=\"\(Self.csrf)\"") && !admin.contains(viewerToken))
        #expect(viewerPage.contains(">user-viewer<") && viewerPage.contains("value=\"\(viewerToken)\"") && !viewerPage.contains(Self.csrf))
        // Rounds 3 to 6 of both (the kept page's answer object is built when its statement count header first reads 0).
        #expect(app.app.context.homePages.reusedAnswers >= 8)

        // The viewer signs out in another tab: the open connection's next request is no longer answered with the page.
        let out = try app.fetch("POST", "/logout", headers: ["Cookie": viewerCookie, "Content-Type": "application/x-www-form-urlencoded"],
                                body: Array("_csrf=\(viewerToken)".utf8), anonymous: true)
        #expect(out.status == 303)
        let signedOut = try viewerConnection.request("GET", "/", headers: ["Cookie": viewerCookie])
        #expect(signedOut.status == 303 && signedOut.header("Location")?.hasPrefix("/login") == true)
        // The admin's page is rendered afresh (the sign-out was a write: its audit entry is on the admin's page).
        let adminAfter = try adminConnection.request("GET", "/", headers: ["Cookie": adminCookie])
        #expect(adminAfter.status == 200 && adminAfter.text.contains("Test Admin") && adminAfter.text.contains("value=\"\(Self.csrf)\""))
        #expect(adminAfter.header("X-Statement-Count") != "0")
    }

    /// A kept page goes gzip-compressed to a client that accepts it (real curl): the same bytes once decoded,
    /// `Vary: Accept-Encoding` on both, the CSRF token left as plain bytes in the compressed stream (isolated, BREACH),
    /// and nothing compressed for a `q=0` refusal or for a page that sets a cookie (never kept).
    @Test func aKeptPageGoesGzippedToClientsThatAcceptItAndDecodesToTheSameBytes() throws {
        let app = try Self.start()
        defer { app.stop() }
        let folder = temporaryDirectory()
        let cookie = "forewarn_csrf=\(Self.csrf); forewarn_session=\(app.session)"
        func curl(_ arguments: [String]) throws -> (head: String, body: [UInt8]) {
            let run = try runClient("curl", ["-s", "-D", folder + "/head", "-o", folder + "/body", "-b", cookie] + arguments + ["http://127.0.0.1:\(app.port)/"])
            #expect(run.status == 0)
            let head = try String(contentsOfFile: folder + "/head", encoding: .utf8).lowercased()
            return (head, [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/body"))))
        }
        // The fresh render goes out as it is (compressed only once it is served again).
        let first = try curl(["-H", "Accept-Encoding: gzip"])
        #expect(!first.head.contains("content-encoding") && first.head.contains("vary: accept-encoding"))
        let plain = try home(app)
        #expect(statements(plain) == "0" && plain.body == first.body)
        #expect(plain.header("Vary") == "Accept-Encoding" && plain.header("Content-Encoding") == nil)
        for round in 0..<3 {
            let decoded = try curl(["--compressed"])
            #expect(decoded.head.contains("content-encoding: gzip") && decoded.head.contains("vary: accept-encoding"), "round \(round)")
            #expect(decoded.body == plain.body, "round \(round): decoded, the plain page's bytes")
            let raw = try curl(["-H", "Accept-Encoding: gzip"])
            #expect(raw.body.count < plain.body.count / 2, "round \(round)")
            let token = Array(Self.csrf.utf8)
            let inPage = plain.text.components(separatedBy: Self.csrf).count - 1
            #expect(inPage >= 1 && (0...(raw.body.count - token.count)).filter { raw.body[$0..<($0 + token.count)].elementsEqual(token) }.count == inPage,
                    "every copy of the token stored as it is (no match into or out of it)")
        }
        #expect(app.app.context.homePages.reusedAnswers >= 4, "the compressed page's answer object is reused too")
        let refused = try app.fetch("GET", "/", headers: ["Cookie": "forewarn_csrf=\(Self.csrf)", "Accept-Encoding": "gzip;q=0"])
        #expect(refused.header("Content-Encoding") == nil && refused.body == plain.body)
        let fresh = try app.fetch("GET", "/", headers: ["Accept-Encoding": "gzip"])
        #expect(fresh.status == 200 && fresh.header("Content-Encoding") == nil && fresh.header("Set-Cookie")?.hasPrefix("forewarn_csrf=") == true)
    }

    @Test func sessionsUsersAndRolesNeverSeeEachOthersPageAndFlashShowsOnce() throws {
        let app = try Self.start()
        defer { app.stop() }
        let viewer = try AuthTests().session(app, role: .viewer)
        let otherToken = String(Self.csrf.reversed())
        // Each page twice: the second from the cache, so every one below was kept.
        var pages: [String: RawResponse] = [:]
        for (name, session, token) in [("admin", app.session, Self.csrf), ("viewer", viewer, Self.csrf), ("admin, other token", app.session, otherToken)] {
            _ = try home(app, session: session, csrf: token)
            let page = try home(app, session: session, csrf: token)
            #expect(statements(page) == "0", "\(name)")
            pages[name] = page
        }
        let admin = try #require(pages["admin"]).text, viewerPage = try #require(pages["viewer"]).text
        let adminOther = try #require(pages["admin, other token"]).text
        #expect(admin.contains("Test Admin") && !admin.contains(">user-viewer<"))
        #expect(viewerPage.contains(">user-viewer<") && !viewerPage.contains("Test Admin"))
        #expect(admin.contains("Audit entries") && !viewerPage.contains("Audit entries"), "admin figures only for the admin")
        #expect(admin.contains("value=\"\(Self.csrf)\"") && !admin.contains(otherToken))
        #expect(adminOther.contains("value=\"\(otherToken)\"") && !adminOther.contains(Self.csrf), "each session's own CSRF token")

        // A flash message: shown on that request (never kept), gone on the next.
        let flash = "success%3ASaved%20it"
        let flashed = try home(app, flash: flash)
        #expect(flashed.text.contains("Saved it"))
        #expect(flashed.headers.contains { $0.name == "Set-Cookie" && $0.value.hasPrefix("forewarn_flash=") && $0.value.contains("Max-Age=0") })
        let next = try home(app)
        #expect(!next.text.contains("Saved it"))
        #expect(statements(next) == "0")
        #expect(next.body == pages["admin"]?.body)
        // No CSRF cookie yet: a fresh token and its cookie, never kept (each such request gets its own token).
        let servedBefore = app.app.context.homePages.served
        let anonymousToken = try app.fetch("GET", "/", headers: ["Cookie": "forewarn_session=\(app.session)"], anonymous: true)
        #expect(app.app.context.homePages.served == servedBefore, "not served from the cache")
        #expect(anonymousToken.headers.contains { $0.name == "Set-Cookie" && $0.value.hasPrefix("forewarn_csrf=") })
        #expect(app.app.context.homePages.usage.pages == 3)
    }
}
