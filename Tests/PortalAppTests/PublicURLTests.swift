import ForewarnTestSupport
import Foundation
import PortalApp
import PortalStore
import Testing

/// Links that are stored or sent never come from a request's Host header: a signed-in user (or a proxy passing Host
/// through) must not be able to point everyone's mail at another site.
@Suite("Public URL: links in notices, reports and the status page come from configuration, never from Host", .serialized)
struct PublicURLTests {
    static let evil = ["Host": "evil.example"]

    func start(_ configure: @escaping (inout AppConfiguration) -> Void = { _ in }) throws -> TestApp {
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.deliversMail = false
            configure(&$0)
        }
        try app.importFixture()
        return app
    }

    func api(_ app: TestApp, _ method: String, _ path: String, _ json: String) throws -> (Int, [String: Any]) {
        let response = try app.fetch(method, path, headers: Self.evil.merging(["Content-Type": "application/json"]) { a, _ in a }, body: Array(json.utf8))
        return (response.status, (response.json as? [String: Any]) ?? [:])
    }

    /// Declares and announces a downtime on db-east, every request sent with `Host: evil.example`.
    func announce(_ app: TestApp) throws -> Int {
        let start = NotificationTests.local(Date().addingTimeInterval(3 * 86_400), zone: "Europe/Paris")
        let end = NotificationTests.local(Date().addingTimeInterval(3 * 86_400 + 4 * 3600), zone: "Europe/Paris")
        let (status, body) = try api(app, "POST", "/api/v1/downtimes", """
            {"title":"Patching","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\(start)","ends_at":"\(end)",
             "time_zone":"Europe/Paris","coordinator":"ana@example.com"}
            """)
        #expect(status == 201, "\(body)")
        let id = try #require(body["id"] as? Int)
        let (announced, result) = try api(app, "POST", "/api/v1/downtimes/\(id)/announce", #"{"attach_pdf": true}"#)
        #expect(announced == 200, "\(result)")
        return id
    }

    func payloads(_ app: TestApp) throws -> [String] {
        try app.app.context.store.read { try NoticeStore.list($0, limit: 1000) }.map(\.payloadJSON)
    }

    @Test func noticesReportsAndStatusIgnoreAForgedHostAndUseTheListeningAddress() throws {
        let app = try start()
        defer { app.stop() }
        let base = "http://127.0.0.1:\(app.port)"
        let id = try announce(app)
        let (opened, incident) = try api(app, "POST", "/api/v1/incidents", """
            {"title":"Payroll errors","severity":"critical","targets":[{"kind":"service","name":"pg-3"}],"started_at":"2026-01-05T09:30:00",
             "time_zone":"Europe/Paris","engineer":"ana@example.com","notify":true}
            """)
        #expect(opened == 201, "\(incident)")
        let incidentID = try #require(incident["id"] as? Int)
        let (updated, update) = try api(app, "POST", "/api/v1/incidents/\(incidentID)/updates", #"{"status":"identified","message":"Disk full","notify":true}"#)
        #expect(updated == 200, "\(update)")

        let queued = try payloads(app)
        #expect(queued.contains { $0.contains("downtimes") } && queued.contains { $0.contains("incidents") }, "\(queued)")
        for payload in queued {
            #expect(!payload.contains("evil.example"), "\(payload)")
            #expect(payload.contains(base.replacingOccurrences(of: "/", with: "\\/")) || payload.contains(base), "\(payload)")
        }

        let pdf = try app.get("/downtimes/\(id)/report.pdf", headers: Self.evil)
        #expect(pdf.status == 200)
        let pdfBytes = String(decoding: pdf.body, as: UTF8.self)
        #expect(!pdfBytes.contains("evil.example"))
        #expect(!pdfBytes.contains("\(base)/downtimes/\(id)/report"), "without a configured public URL the PDF links nowhere into the portal")
        let html = try app.get("/downtimes/\(id)/report", headers: Self.evil)
        #expect(html.status == 200 && !html.text.contains("evil.example"))

        for path in ["/status", "/api/v1/status", "/feed.atom", "/calendar.ics"] {
            let page = try app.get(path, headers: Self.evil)
            #expect(page.status == 200, "\(path)")
            #expect(!page.text.contains("evil.example"), "\(path)")
        }
        #expect(try app.get("/api/v1/status", headers: Self.evil).text.contains(base + "/status"))

        // The clock has no request at all: a reminder uses the same configured base.
        let reminders = try app.app.tick(now: Date().addingTimeInterval(2.5 * 86_400))
        _ = reminders
        for payload in try payloads(app) { #expect(!payload.contains("evil.example")) }
    }

    @Test func withoutAPublicURLTheOutboxAndMailSettingsSaySoAndTheSettingsPageSetsOne() throws {
        let app = try start()
        defer { app.stop() }
        #expect(try app.get("/outbox").text.contains("No public URL is configured"))
        let settings = try app.get("/settings/mail")
        #expect(settings.text.contains("No public URL is configured"))

        let token = try TestApp.csrfToken(settings)
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        let bad = try app.post("/settings/public-url", form: [("_csrf", token), ("public_url", "javascript:alert(1)")], headers: headers)
        #expect(bad.status == 422)
        let saved = try app.post("/settings/public-url", form: [("_csrf", token), ("public_url", "https://forewarn.example.com/")], headers: headers)
        #expect(saved.status == 303, "\(saved.text)")
        #expect(!(try app.get("/outbox").text.contains("No public URL is configured")))

        let id = try announce(app)
        let queued = try payloads(app)
        #expect(!queued.isEmpty)
        for payload in queued {
            #expect(payload.contains("forewarn.example.com") && !payload.contains("evil.example"), "\(payload)")
        }
        let pdf = String(decoding: try app.get("/downtimes/\(id)/report.pdf", headers: Self.evil).body, as: UTF8.self)
        #expect(pdf.contains("https://forewarn.example.com/downtimes/\(id)/report"))
    }

    @Test func theCommandLinePublicURLWinsOverTheSettingsPage() throws {
        let app = try start { $0.publicURL = "https://ops.example.org" }
        defer { app.stop() }
        try app.app.context.store.write { try SettingsStore.set($0, "portal.public_url", "https://other.example.com") }
        #expect(!(try app.get("/outbox").text.contains("No public URL is configured")))
        _ = try announce(app)
        for payload in try payloads(app) {
            #expect(payload.contains("ops.example.org") && !payload.contains("other.example.com") && !payload.contains("evil.example"), "\(payload)")
        }
    }
}
