import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

@Suite("Status page, status JSON and Atom feed")
struct StatusTests {
    func start() throws -> TestApp {
        let app = try TestApp.start { $0.clockInterval = 0 }
        try app.importFixture()
        return app
    }

    /// A downtime in progress now on cluster db-east, and one planned next week.
    func declareAround(_ app: TestApp, now: Date) throws {
        func local(_ date: Date) -> String { String(StoreTime.format(date).dropLast()) }
        for (title, start, end) in [("Now on db-east", now.addingTimeInterval(-60), now.addingTimeInterval(3600)),
                                    ("Next week", now.addingTimeInterval(7 * 86_400), now.addingTimeInterval(7 * 86_400 + 3600))] {
            let body = """
                {"title":"\(title)","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\(local(start))","ends_at":"\(local(end))","time_zone":"UTC"}
                """
            let created = try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8))
            let id = (created.json as? [String: Any])?["id"] as? Int ?? 0
            #expect(try app.fetch("POST", "/api/v1/downtimes/\(id)/announce").status == 200)
        }
        _ = try app.app.tick(now: now)
    }

    @Test func summaryJSONHasTheStatusPageShapeAndDerivesServiceStates() throws {
        let app = try start()
        defer { app.stop() }
        try declareAround(app, now: Date())
        let response = try app.get("/api/v1/status")
        #expect(response.status == 200)
        let json = try #require(response.json as? [String: Any])
        #expect(Set(json.keys) == ["page", "components", "incidents", "recent_incidents", "scheduled_maintenances", "status"])
        let components = try #require(json["components"] as? [[String: Any]])
        let pg3 = components.first { $0["name"] as? String == "pg-3" }
        #expect(pg3?["status"] as? String == "under_maintenance")
        #expect(components.first { $0["name"] as? String == "portal" }?["status"] as? String != nil)
        let maintenances = try #require(json["scheduled_maintenances"] as? [[String: Any]])
        #expect(maintenances.contains { $0["name"] as? String == "Next week" && $0["status"] as? String == "scheduled" })
        #expect(maintenances.contains { $0["name"] as? String == "Now on db-east" && $0["status"] as? String == "in_progress" })
        let page = try app.get("/status")
        #expect(page.status == 200)
        #expect(page.text.contains("pg-3"))
        #expect(page.text.contains("Next week"))

        // The headline and the grid agree with each other and with the components: same count, same worst state.
        let statuses = components.compactMap { $0["status"] as? String }
        let affected = statuses.filter { $0 != "operational" }
        #expect(!affected.isEmpty && Set(affected) == ["under_maintenance"], "\(statuses)")
        #expect(page.text.contains("id=\"status-headline\">Maintenance in progress on \(affected.count) service\(affected.count == 1 ? "" : "s") · \(affected.count) of \(statuses.count) services affected<"))
        #expect(page.text.contains("class=\"card status-banner status-under_maintenance\""))
        #expect(page.text.components(separatedBy: "class=\"status-tile tile-under_maintenance\"").count - 1 == affected.count)
        #expect(page.text.components(separatedBy: "class=\"status-tile tile-operational\"").count - 1 == statuses.count - affected.count)
        let firstTile = try #require(page.text.range(of: "class=\"status-tile"))
        #expect(page.text[firstTile.upperBound...].hasPrefix(" tile-under_maintenance"), "affected first")
        #expect(page.text.contains("<li>DT-"), "the reason: the downtime in progress")
        // Times: UTC text without JavaScript, the machine value for the script.
        #expect(page.text.range(of: #"<time class="local-time" datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" title="[^"]+ UTC">\d{4}-\d\d-\d\d \d\d:\d\d UTC</time>"#, options: .regularExpression) != nil)
        // The script by its fingerprinted name (cached for a year), which the server answers.
        let script = try #require(page.text.firstMatch(of: /src="(\/static\/js\/local-time\.[0-9a-f]{12}\.js)"/)).1
        #expect(try app.get(String(script)).status == 200)
    }

    @Test func privateByDefaultAndPublicWhenAnAdminSaysSo() throws {
        let app = try start()
        defer { app.stop() }
        #expect(try app.fetch("GET", "/status", anonymous: true).status == 303)
        #expect(try app.fetch("GET", "/api/v1/status", anonymous: true).status == 401)
        #expect(try app.fetch("GET", "/feed.atom", anonymous: true).status == 303)
        let page = try app.get("/status")
        let csrf = try TestApp.csrfToken(page)
        #expect(try app.post("/status/settings", form: [("_csrf", csrf), ("public", "1")], headers: ["Cookie": "forewarn_csrf=\(csrf)"]).status == 303)
        #expect(try app.fetch("GET", "/status", anonymous: true).status == 200)
        #expect(try app.fetch("GET", "/api/v1/status", anonymous: true).status == 200)
    }

    @Test func theAtomFeedIsValidForFeedparser() throws {
        let app = try start()
        defer { app.stop() }
        try declareAround(app, now: Date())
        let feed = try app.get("/feed.atom")
        #expect(feed.header("Content-Type") == "application/atom+xml; charset=utf-8")
        let path = temporaryDirectory() + "/feed.xml"
        try Data(feed.body).write(to: URL(fileURLWithPath: path))
        let result = try runTool("python3", ["-c", "import feedparser,sys\nd=feedparser.parse(sys.argv[1])\nprint(int(d.bozo), len(d.entries), '|'.join(e.title for e in d.entries))", path])
        #expect(result.hasPrefix("0 2 "), "\(result)")
        #expect(result.contains("Now on db-east"))
        let filtered = try app.get("/feed.atom?target=web-eu")
        #expect(!filtered.text.contains("Now on db-east"))
    }
}
