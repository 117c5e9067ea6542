import ForewarnTestSupport
import Foundation
import PortalApp
import PortalHTTP
import Testing

/// Slow work runs on the server's work pool; a full pool answers 503 with Retry-After, never a stalled server.
@Suite("Work pool")
struct WorkPoolAppTests {
    /// Fills the one pool thread with a job that waits for `release`.
    func occupy(_ app: TestApp) -> DispatchSemaphore {
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        #expect(app.app.server.workPool.submit { started.signal(); release.wait() })
        started.wait()
        return release
    }

    @Test func aFullPoolAnswers503WithRetryAfterAndOtherPagesStillAnswer() throws {
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.server.workThreads = 1
            $0.server.workQueueLimit = 0
        }
        defer { app.stop() }
        let release = occupy(app)
        // Sign-in (argon2id) is slow work: refused at once with a page that says so.
        func signIn() throws -> RawResponse {
            let csrf = "speedtestcsrftoken0123456789"
            return try app.fetch("POST", "/login", headers: ["Cookie": "forewarn_csrf=\(csrf)", "Content-Type": "application/x-www-form-urlencoded"],
                                 body: Array("_csrf=\(csrf)&login=tester&password=a+long+enough+password".utf8), anonymous: true)
        }
        let refused = try signIn()
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "5")
        #expect(refused.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(refused.text.contains("busy with other long tasks"))
        // The API gets the same answer in JSON (every row of an impact is slow work).
        let impactBody = Array(#"{"targets":[],"starts_at":"2027-01-12T22:00:00","ends_at":"2027-01-13T02:00:00","time_zone":"UTC"}"#.utf8)
        let api = try app.fetch("POST", "/api/v1/impact?include=all", headers: ["Content-Type": "application/json"], body: impactBody)
        #expect(api.status == 503)
        #expect(api.header("Retry-After") == "5")
        let message = ((api.json as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
        #expect(message?.contains("busy") == true)
        // Pages that are not slow work are answered while the pool is full; so is the impact API's first page.
        let firstPage = try app.fetch("POST", "/api/v1/impact", headers: ["Content-Type": "application/json"], body: impactBody)
        #expect(firstPage.status != 503, "\(firstPage.status) \(firstPage.text)")
        #expect(firstPage.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(try app.fetch("GET", "/healthz").status == 200)
        #expect(try app.fetch("GET", "/").status == 200)
        release.signal()
        // Once the pool is free the same sign-in goes through (303 to the home page).
        var accepted = 0
        for _ in 0..<50 {
            accepted = try signIn().status
            if accepted != 503 { break }
            usleep(20_000)
        }
        #expect(accepted == 303)
    }

    @Test func everySlowRouteIsInTheRoutesTable() {
        let table = Set(Routes.build().table.map { $0.method + " " + $0.pattern })
        for route in SlowRoutesList.names { #expect(table.contains(route), "\(route) is not a route") }
        let offloaded = Routes.build().entries.filter { $0.handler.offloaded }.map { $0.method + " " + $0.pattern }
        #expect(Set(offloaded) == Set(SlowRoutesList.names))
    }
}

/// The routes the issue names as slow work, spelled out here so a renamed route fails the test above.
enum SlowRoutesList {
    static let names = [
        "POST /login", "POST /account/password", "POST /users", "POST /users/:id",
        "GET /downtimes/:id/report", "GET /downtimes/:id/report.pdf", "GET /api/v1/downtimes/:id/report.pdf",
        "GET /incidents/:id/postmortem.pdf", "GET /api/v1/incidents/:id/postmortem.pdf",
        "POST /import", "POST /api/v1/impact",
    ]
}

@Suite("Static assets")
struct StaticAssetTests {
    @Test func theLayoutLinksFingerprintedAssetsCachedForAYear() throws {
        let app = try TestApp.start { $0.clockInterval = 0 }
        defer { app.stop() }
        let page = try app.get("/")
        let css = try #require(page.text.firstMatch(of: /\/static\/css\/forewarn\.([0-9a-f]{12})\.css/))
        #expect(page.text.firstMatch(of: /\/static\/js\/table-cards\.[0-9a-f]{12}\.js/) != nil)
        #expect(!page.text.contains("\"/static/css/forewarn.css\""))
        let fingerprinted = try app.get(String(css.0))
        #expect(fingerprinted.status == 200)
        #expect(fingerprinted.header("Cache-Control") == "public, max-age=31536000, immutable")
        #expect(fingerprinted.header("X-Content-Type-Options") == "nosniff")
        let plain = try app.get("/static/css/forewarn.css")
        #expect(plain.body == fingerprinted.body)
        #expect(plain.header("Cache-Control") == "public, max-age=3600")
        // The fingerprint is the start of the content hash, which is the ETag.
        #expect(plain.header("ETag")?.hasPrefix("\"" + String(css.1)) == true)
        // A changed file gets another name: an unknown fingerprint is not served.
        #expect(try app.get("/static/css/forewarn.000000000000.css").status == 404)
    }
}

/// List pages run one query per list, not one per row: the statement count of a page does not grow with its rows.
@Suite("Statement counts")
struct StatementCountTests {
    func declare(_ app: TestApp, _ index: Int) throws {
        let targets = [#"[{"kind":"cluster","name":"db-east"}]"#, #"[{"kind":"server","name":"db-12"},{"kind":"server","name":"db-13"}]"#][index % 2]
        let day = 10 + index % 15
        let response = try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array("""
            {"title":"patch \(index)","kind":"planned","targets":\(targets),"starts_at":"2027-01-\(day)T22:00:00","ends_at":"2027-01-\(day)T23:00:00","time_zone":"UTC"}
            """.utf8))
        #expect(response.status == 201)
    }

    func statements(_ app: TestApp, _ target: String) throws -> Int {
        // Once before counting: the session is then in the cache (read at most every 5 s), so only the page's own count.
        _ = try app.get(target)
        let page = try app.get(target)
        #expect(page.status == 200)
        return Int(try #require(page.header("X-Statement-Count"))) ?? -1
    }

    @Test(arguments: ["/downtimes?view=all&from=2027-01-01&to=2027-02-01", "/timeline?from=2027-01-09&to=2027-01-26", "/api/v1/downtimes"])
    func aListPageRunsAsManyStatementsForTwentyRowsAsForTwo(target: String) throws {
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.reportsStatementCounts = true
        }
        defer { app.stop() }
        try app.importFixture()
        for index in 0..<2 { try declare(app, index) }
        let few = try statements(app, target)
        #expect(few > 0)
        for index in 2..<20 { try declare(app, index) }
        let many = try statements(app, target)
        #expect(many == few, "\(target): \(few) statements with 2 downtimes, \(many) with 20")
        // The page shows the new rows (the count is not the same because nothing was listed).
        #expect(try app.get(target).text.contains("patch 19"))
    }
}

/// `POST /api/v1/impact` answers the summary, counts and one page of rows; `include=all` gives every row.
@Suite("Impact API pages")
struct ImpactAPIPageTests {
    let body = Array(#"{"targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"2027-01-12T22:00:00","ends_at":"2027-01-13T02:00:00","time_zone":"UTC"}"#.utf8)

    func impact(_ app: TestApp, _ query: String = "") throws -> (Int, [String: Any]) {
        let response = try app.fetch("POST", "/api/v1/impact" + query, headers: ["Content-Type": "application/json"], body: body)
        return (response.status, (response.json as? [String: Any]) ?? [:])
    }

    @Test func pagesCountsAndEveryRow() throws {
        let app = try TestApp.start { $0.clockInterval = 0 }
        defer { app.stop() }
        try app.importFixture()
        let (status, all) = try impact(app, "?include=all")
        #expect(status == 200)
        let every = try #require(all["affected"] as? [[String: Any]])
        let total = try #require(all["total_affected"] as? Int)
        #expect(every.count == total && total > 3)
        #expect(every.allSatisfy { ($0["explanation"] as? String)?.isEmpty == false })
        let contacts = try #require(all["contacts"] as? [[String: Any]])
        #expect(contacts.count == all["total_contacts"] as? Int)
        // Counts per state add up to the rows.
        let counts = try #require(all["counts"] as? [String: Any])
        #expect(["down", "degraded", "at_risk"].map { counts[$0] as? Int ?? 0 }.reduce(0, +) == total)
        #expect(every.filter { $0["state"] as? String == "down" }.count == counts["down"] as? Int)
        // Pages of two walk the same rows in the same order.
        var walked: [String] = []
        for page in 1...((total + 1) / 2) {
            let (_, part) = try impact(app, "?per_page=2&page=\(page)")
            #expect(part["page"] as? Int == page && part["per_page"] as? Int == 2)
            walked += ((part["affected"] as? [[String: Any]]) ?? []).map { "\($0["kind"]!)/\($0["name"]!)" }
        }
        #expect(walked == every.map { "\($0["kind"]!)/\($0["name"]!)" })
        #expect((try impact(app)).1["summary"] as? String == all["summary"] as? String)
        // Bad paging is a JSON error naming the parameter.
        let (bad, error) = try impact(app, "?per_page=5000")
        #expect(bad == 422)
        #expect(((error["error"] as? [String: Any])?["fields"] as? [String: String])?["per_page"] != nil)
        #expect(try impact(app, "?include=some").0 == 422)
    }
}
