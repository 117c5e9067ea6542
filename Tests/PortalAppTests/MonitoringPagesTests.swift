import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

/// The monitoring pages, forms, API and CSV against the real server, with a real local HTTP server being checked.
@Suite("Monitoring: pages, forms, API, CSV", .serialized)
struct MonitoringPagesTests {
    func api(_ app: TestApp, _ method: String, _ path: String, _ json: String? = nil) throws -> (Int, [String: Any]) {
        let response = try app.fetch(method, path, headers: json == nil ? [:] : ["Content-Type": "application/json"], body: Array((json ?? "").utf8))
        return (response.status, (response.json as? [String: Any]) ?? [:])
    }

    func csrf(_ app: TestApp, from path: String) throws -> (token: String, headers: [String: String]) {
        let token = try TestApp.csrfToken(try app.get(path))
        return (token, ["Cookie": "forewarn_csrf=\(token)"])
    }

    func checkCount(_ app: TestApp) throws -> Int { try app.app.context.store.read { try CheckStore.count($0) } }

    @Test func badInputGivesFieldMessagesAndWritesNothing() throws {
        let app = try MonitoringAlertTests.start()
        defer { app.stop() }
        let (token, headers) = try csrf(app, from: "/monitoring/checks/new")
        func submit(_ fields: [(String, String)]) throws -> RawResponse {
            try app.post("/monitoring/checks", form: [("_csrf", token), ("kind", "http"), ("target_kind", "service")] + fields, headers: headers)
        }
        let noURL = try submit([("name", "pg web"), ("target_name", "pg-3"), ("url", ""), ("interval_seconds", "30")])
        #expect(noURL.status == 422 && noURL.text.contains("URL is required for an HTTP check.") && noURL.text.contains("value=\"pg web\""))
        let badURL = try submit([("name", "pg web"), ("target_name", "pg-3"), ("url", "pg-3.example.com/health"), ("interval_seconds", "30")])
        #expect(badURL.status == 422 && badURL.text.contains("URL must be a full http:// or https:// address"))
        #expect(badURL.text.contains("value=\"pg-3.example.com/health\""), "input kept")
        let fast = try submit([("name", "pg web"), ("target_name", "pg-3"), ("url", "http://127.0.0.1/"), ("interval_seconds", "0.5")])
        #expect(fast.status == 422 && fast.text.contains("Interval must be at least 1 second."))
        let ghost = try submit([("name", "pg web"), ("target_name", "pg-9"), ("url", "http://127.0.0.1/"), ("interval_seconds", "30")])
        #expect(ghost.status == 422 && ghost.text.contains("There is no service named &#39;pg-9&#39;.") || ghost.text.contains("There is no service named 'pg-9'."))
        let (status, body) = try api(app, "POST", "/api/v1/checks", #"{"name":"x","kind":"http","target":{"kind":"service","name":"pg-9"},"interval_seconds":0.2}"#)
        let error = body["error"] as? [String: Any]
        #expect(status == 422 && (error?["fields"] as? [String: String])?["interval_seconds"] == "Interval must be at least 1 second.", "\(body)")
        #expect((error?["fields"] as? [String: String])?["url"] == "URL is required for an HTTP check.")
        #expect((error?["fields"] as? [String: String])?["target_name"] == "There is no service named 'pg-9'.")
        #expect(try checkCount(app) == 0, "nothing written")
        let noCSRF = try app.post("/monitoring/checks", form: [("name", "x")])
        #expect(noCSRF.status == 403)
    }

    @Test func createShowEditPauseDeleteThroughFormsAndTheAPI() throws {
        let peer = try MonitorPeer()
        defer { peer.stop() }
        let app = try MonitoringAlertTests.start()
        defer { app.stop() }
        let (token, headers) = try csrf(app, from: "/monitoring/checks/new")
        let created = try app.post("/monitoring/checks", form: [("_csrf", token), ("name", "portal home"), ("kind", "http"), ("target_kind", "service"),
                                                                ("target_name", "portal"), ("url", peer.url), ("interval_seconds", "1"),
                                                                ("timeout_ms", "1000"), ("expect_status", "200-299"), ("alert_window_seconds", "5")],
                                   headers: headers)
        #expect(created.status == 303, "\(created.text)")
        let location = try #require(created.header("Location"))
        let id = try #require(Int(location.split(separator: "/").last ?? ""))
        #expect(try MonitoringAlertTests.eventually(6) { try app.app.context.store.read { try SampleStore.latest($0, checkID: Int64(id)) } != nil })
        sleep(1)
        let list = try app.get("/monitoring")
        #expect(list.status == 200 && list.text.contains("portal home") && list.text.contains("check-up") && list.text.contains("<svg class=\"sparkline\""))
        #expect(try app.get("/monitoring?state=down").text.contains("No checks here."))
        #expect(try app.get("/monitoring?kind=http&target=portal").text.contains("portal home"))
        for range in ["1h", "24h", "7d", "90d"] {
            let page = try app.get("\(location)?range=\(range)")
            #expect(page.status == 200 && page.text.contains("<svg class=\"history-chart\"") && page.text.contains("Availability without declared downtime"))
        }
        let edit = try app.get(location + "/edit")
        #expect(edit.status == 200 && edit.text.contains("value=\"portal home\""))
        let saved = try app.post(location, form: [("_csrf", token), ("name", "portal home page"), ("kind", "http"), ("target_kind", "service"),
                                                  ("target_name", "portal"), ("url", peer.url), ("interval_seconds", "2")], headers: headers)
        #expect(saved.status == 303)
        #expect(try app.post(location + "/pause", form: [("_csrf", token)], headers: headers).status == 303)
        #expect(try app.get(location).text.contains("check-paused"))

        // The API: list, get, patch, samples, alerts, then delete.
        let (listed, items) = try api(app, "GET", "/api/v1/checks?kind=http")
        let first = (items["items"] as? [[String: Any]])?.first
        #expect(listed == 200 && first?["name"] as? String == "portal home page" && first?["state"] as? String == "paused")
        let (patched, patchedBody) = try api(app, "PATCH", "/api/v1/checks/\(id)", #"{"paused":false,"max_response_ms":500}"#)
        #expect(patched == 200 && patchedBody["paused"] as? Bool == false && patchedBody["max_response_ms"] as? Int == 500, "\(patchedBody)")
        let (_, samples) = try api(app, "GET", "/api/v1/checks/\(id)/samples?from=\(StoreTime.format(Date().addingTimeInterval(-600)))")
        let first2 = (samples["items"] as? [[String: Any]])?.first
        #expect(first2?["available"] as? Bool == true && first2?["http_status"] as? Int == 200, "\(samples)")
        #expect(try api(app, "GET", "/api/v1/checks/\(id)/samples?from=yesterday").0 == 400)
        let (_, detail) = try api(app, "GET", "/api/v1/checks/\(id)")
        #expect((detail["sla"] as? [String: Any])?["availability"] as? Double == 100, "\(detail)")
        #expect(try api(app, "GET", "/api/v1/alerts?state=open").0 == 200)
        let (putStatus, _) = try api(app, "PUT", "/api/v1/checks/\(id)", #"{"name":"portal tcp","kind":"tcp","target":{"kind":"server","name":"web-1"},"host":"127.0.0.1","port":\#(peer.port),"interval_seconds":5}"#)
        #expect(putStatus == 200)
        // Deleted while its probes run: later flushes drop its samples and keep everyone else's.
        let other = try MonitoringAlertTests.addCheck(app, name: "other", url: peer.url)
        #expect(try api(app, "DELETE", "/api/v1/checks/\(id)").0 == 204)
        let before = try app.app.context.store.read { try SampleStore.window($0, checkID: other, since: Date(timeIntervalSince1970: 0)) }.samples
        #expect(try MonitoringAlertTests.eventually(5) {
            try app.app.context.store.read { try SampleStore.window($0, checkID: other, since: Date(timeIntervalSince1970: 0)) }.samples >= before + 2
        })
        #expect(try api(app, "GET", "/api/v1/checks/\(id)").0 == 404)
        let audit = try app.app.context.store.read { try AuditLog.recent($0, objectKind: "check", objectID: Int64(id)) }.map(\.action)
        #expect(audit.sorted() == ["create", "delete", "pause", "update", "update", "update"].sorted(), "\(audit)")
    }

    @Test func csvExportImportsBackAndBadRowsAreReportedWithLineAndColumn() throws {
        let app = try MonitoringAlertTests.start()
        defer { app.stop() }
        let csv = "name,kind,target_kind,target_name,url,host,port,interval_seconds,timeout_ms,expect_status,expect_body,max_response_ms,alert_below_percent,alert_window_seconds\r\n"
            + "pg web,http,service,pg-3,http://127.0.0.1:9/,,,10,2000,200-299,ok,800,90,60\r\n"
            + "db port,tcp,server,db-12,,127.0.0.1,5432,5,,,,,,\r\n"
        let bad = try ImportUploads.dryRun(app, kind: "checks", csv: csv + "broken,http,service,nope,ftp://x,,,0.1,,,,,,\r\n")
        #expect(bad.status == 422 && bad.text.contains("Interval must be at least 1 second.") && bad.text.contains("There is no service named"))
        #expect(try checkCount(app) == 0)
        let preview = try ImportUploads.dryRun(app, kind: "checks", csv: csv)
        #expect(preview.status == 200 && preview.text.contains("2 to create, 0 to update, 0 unchanged"), "\(preview.text)")
        #expect(try checkCount(app) == 0)
        #expect(try ImportUploads.commit(app, stagedToken: try ImportUploads.stagedToken(preview)).status == 303)
        #expect(try checkCount(app) == 2)
        let exported = try app.get("/checks.csv")
        #expect(exported.status == 200)
        #expect(exported.text.hasPrefix("name,kind,target_kind,target_name,url,host,port,interval_seconds,timeout_ms,expect_status,expect_body,max_response_ms,alert_below_percent,alert_window_seconds"))
        #expect(exported.text.contains("db port,tcp,server,db-12,,127.0.0.1,5432,5,10000,200-399,,,80,120"), "\(exported.text)")
        #expect(exported.text.contains("pg web,http,service,pg-3,http://127.0.0.1:9/,,,10,2000,200-299,ok,800,90,60"))
    }

    @Test func aFailingCheckShowsOnTheStatusPageAndTheTimeline() throws {
        let app = try MonitoringAlertTests.start()
        defer { app.stop() }
        let closedPort = try MonitorPeer().port
        let id = try MonitoringAlertTests.addCheck(app, name: "portal port", kind: .tcp, host: "127.0.0.1", port: closedPort, target: ("service", "portal"), window: 3)
        #expect(try MonitoringAlertTests.eventually(8) { try MonitoringAlertTests.alerts(app, checkID: id).count == 1 })
        let (_, status) = try api(app, "GET", "/api/v1/status")
        let portal = (status["components"] as? [[String: Any]])?.first { $0["name"] as? String == "portal" }
        #expect(portal?["status"] as? String == "major_outage", "\(status)")
        let page = try app.get("/status")
        #expect(page.text.contains("Uptime over the last 90 days") && page.text.contains("<svg class=\"uptime-bar\""))
        let timeline = try app.get("/timeline")
        #expect(timeline.text.contains("ALERT-") && timeline.text.contains("portal port failing"))
        #expect(try app.get("/timeline?kind=alert").text.contains("portal port failing"))
        #expect(try app.get("/monitoring/alerts?state=open&target=portal").text.contains("portal port is down."))
        let (_, alerts) = try api(app, "GET", "/api/v1/alerts?check=\(id)")
        #expect((alerts["items"] as? [[String: Any]])?.first?["state"] as? String == "open")
        // The SLA report: the failing service breaches its target, in HTML and PDF; a bad target is a message.
        let today = String(StoreTime.format(Date()).prefix(10))
        let sla = try app.get("/reports/sla?from=\(today)&to=\(today)&target=99.5&targets=pg-3:90")
        #expect(sla.status == 200 && sla.text.contains("portal") && sla.text.contains("breached") && sla.text.contains("99.50 %"), "\(sla.text)")
        let pdf = try app.get("/reports/sla?from=\(today)&to=\(today)&format=pdf")
        #expect(pdf.status == 200 && pdf.header("Content-Type") == "application/pdf" && pdf.body.starts(with: Array("%PDF".utf8)))
        #expect(try app.get("/reports/sla?target=lots").status == 422)
        let (_, perService) = try api(app, "GET", "/api/v1/sla?service=portal")
        let portalSLA = (perService["items"] as? [[String: Any]])?.first
        #expect(portalSLA?["availability"] as? Double == 0 && portalSLA?["outages"] as? Int == 1 && portalSLA?["current_outage_seconds"] is Int, "\(perService)")
    }
}
