import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

@Suite("Incidents: open, updates, resolve, reopen, postmortem, API")
struct IncidentTests {
    func start() throws -> TestApp {
        let app = try TestApp.start { $0.clockInterval = 0 }
        try app.importFixture()
        return app
    }

    func api(_ app: TestApp, _ method: String, _ path: String, _ json: String? = nil) throws -> (Int, [String: Any]) {
        let response = try app.fetch(method, path, headers: json == nil ? [:] : ["Content-Type": "application/json"], body: Array((json ?? "").utf8))
        return (response.status, (response.json as? [String: Any]) ?? [:])
    }

    func open(_ app: TestApp, title: String = "Payroll errors", targets: String = #"[{"kind":"service","name":"pg-3"}]"#,
              severity: String = "critical", start: String = "2026-01-05T09:30:00", zone: String = "Europe/Paris", extra: String = "") throws -> (Int, [String: Any]) {
        try api(app, "POST", "/api/v1/incidents", """
            {"title":"\(title)","severity":"\(severity)","targets":\(targets),"started_at":"\(start)","time_zone":"\(zone)",
             "ticket":"INC0042","ticket_url":"https://tickets.example.com/INC0042","engineer":"ana@example.com","description":"Payroll returns 500s"\(extra)}
            """)
    }

    /// The `{"error": {"message", "fields"}}` body of a refused API call.
    func message(_ body: [String: Any]) -> String { (body["error"] as? [String: Any])?["message"] as? String ?? "" }
    func fields(_ body: [String: Any]) -> [String: String] { (body["error"] as? [String: Any])?["fields"] as? [String: String] ?? [:] }

    func count(_ app: TestApp, _ table: String) throws -> Int64 {
        if case .integer(let n)? = try app.app.context.store.read({ try $0.scalar("SELECT count(*) FROM \(table)") }) { return n }
        return -1
    }

    /// Session cookie plus CSRF cookie, and the token to post, taken from a page.
    func csrf(_ app: TestApp, from path: String) throws -> (token: String, headers: [String: String]) {
        let token = try TestApp.csrfToken(try app.get(path))
        return (token, ["Cookie": "forewarn_csrf=\(token)"])
    }

    @Test func apiOpensAnIncidentWithItsImpactTimeZoneAndFirstUpdate() throws {
        let app = try start()
        defer { app.stop() }
        let (status, body) = try open(app)
        #expect(status == 201, "\(body)")
        #expect(body["status"] as? String == "investigating")
        #expect(body["severity"] as? String == "critical")
        #expect(body["started_at"] as? String == "2026-01-05T08:30:00Z", "09:30 in Paris is 08:30 UTC in winter")
        #expect(body["engineer"] as? String == "ana@example.com")
        #expect(body["ended_at"] is NSNull)
        let services = try #require(body["affected_services"] as? [[String: String]])
        // pg-3 is down, and payroll depends on it (hard): both are in incident_services.
        #expect(services.contains { $0["name"] == "pg-3" && $0["state"] == "down" })
        #expect(services.contains { $0["name"] == "payroll" && $0["state"] == "down" })
        let updates = try #require(body["updates"] as? [[String: Any]])
        #expect(updates.count == 1 && updates[0]["kind"] as? String == "open")
        #expect(try count(app, "incident_snapshots") == 1)
        #expect(try count(app, "audit_log WHERE object_kind = 'incident' AND action = 'open'") == 1)
    }

    @Test(arguments: [
        (#""title":"","#, "title", "Title is required."),
        (#""severity":"apocalyptic","#, "severity", "Severity must be one of minor, major, critical."),
        (#""targets":[{"kind":"service","name":"atlantis"}],"#, "targets", "There is no service named 'atlantis'."),
        (#""targets":[{"kind":"planet","name":"earth"}],"#, "targets", "A target's kind must be"),
        (#""started_at":"2026-13-40T10:00","#, "started_at", "is not a valid date and time"),
        (#""started_at":"2099-01-01T10:00","#, "started_at", "starts now or in the past"),
        (#""time_zone":"Mars/Olympus","#, "time_zone", "Mars/Olympus"),
        (#""ticket_url":"javascript:alert(1)","#, "ticket_url", "full http:// or https:// address"),
        (#""engineer":"nobody@example.com","#, "engineer", "No person has the e-mail"),
        (#""downtime_id":999,"#, "downtime_id", "There is no downtime DT-999."),
    ])
    func apiRefusesBadInputWithFieldMessagesAndSavesNothing(fragment: String, field: String, message: String) throws {
        let app = try start()
        defer { app.stop() }
        let json = "{" + fragment + #""title":"Payroll errors","severity":"major","targets":[{"kind":"service","name":"payroll"}],"started_at":"2026-01-05T09:30","time_zone":"UTC","engineer":"ana@example.com"}"#
        // The bad value replaces the good one of the same key.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let bad = try #require(try JSONSerialization.jsonObject(with: Data(("{" + fragment.dropLast() + "}").utf8)) as? [String: Any])
        object.merge(bad) { _, new in new }
        let body = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let (status, response) = try api(app, "POST", "/api/v1/incidents", body)
        #expect(status == 422, "\(response)")
        #expect(fields(response)[field]?.contains(message) == true, "\(response)")
        #expect(!self.message(response).isEmpty, "\(response)")
        #expect(try count(app, "incidents") == 0)
        #expect(try count(app, "incident_updates") == 0)
    }

    @Test func apiUpdatesResolvesAndReopensFollowingTheStateMachine() throws {
        let app = try start()
        defer { app.stop() }
        let id = try #require(try open(app).1["id"] as? Int)
        let (s1, b1) = try api(app, "POST", "/api/v1/incidents/\(id)/updates", #"{"status":"identified","message":"Disk full on db-12","notify":true}"#)
        #expect(s1 == 200 && b1["status"] as? String == "identified", "\(b1)")
        let (bad, badBody) = try api(app, "POST", "/api/v1/incidents/\(id)/updates", #"{"status":"resolved","message":"done"}"#)
        #expect(bad == 422 && fields(badBody)["status"] != nil, "resolving goes through /resolve")
        let (early, earlyBody) = try api(app, "POST", "/api/v1/incidents/\(id)/reopen", #"{"reason":"again"}"#)
        #expect(early == 409)
        #expect(message(earlyBody).contains("Allowed: update (investigating)"), "\(earlyBody)")
        let (noText, _) = try api(app, "POST", "/api/v1/incidents/\(id)/resolve", #"{"resolution":"  "}"#)
        #expect(noText == 422)
        let (before, beforeBody) = try api(app, "POST", "/api/v1/incidents/\(id)/resolve", #"{"resolution":"x","ended_at":"2026-01-05T07:00","time_zone":"UTC"}"#)
        #expect(before == 422 && fields(beforeBody)["ended_at"]?.contains("before the start") == true, "\(beforeBody)")
        let (s2, b2) = try api(app, "POST", "/api/v1/incidents/\(id)/resolve", #"{"resolution":"Cleaned the disk","ended_at":"2026-01-05T11:45","time_zone":"Europe/Paris"}"#)
        #expect(s2 == 200 && b2["status"] as? String == "resolved", "\(b2)")
        #expect(b2["ended_at"] as? String == "2026-01-05T10:45:00Z")
        #expect(b2["duration_minutes"] as? Int == 135)
        let (again, againBody) = try api(app, "POST", "/api/v1/incidents/\(id)/updates", #"{"status":"monitoring","message":"late"}"#)
        #expect(again == 409 && message(againBody).contains("Reopen it first"), "\(againBody)")
        let (s3, b3) = try api(app, "POST", "/api/v1/incidents/\(id)/reopen", #"{"reason":"Errors are back"}"#)
        #expect(s3 == 200 && b3["status"] as? String == "investigating" && b3["ended_at"] is NSNull, "\(b3)")
        let updates = try #require(b3["updates"] as? [[String: Any]])
        #expect(updates.map { $0["kind"] as? String ?? "" } == ["open", "update", "resolve", "reopen"], "the full timeline is kept")
        #expect(updates[1]["notify"] as? Bool == true && updates[2]["notify"] as? Bool == false)
        let (listed, list) = try api(app, "GET", "/api/v1/incidents?state=open&severity=critical&target=payroll")
        #expect(listed == 200 && list["total"] as? Int == 1, "payroll is found through the affected services")
        #expect(try api(app, "GET", "/api/v1/incidents?state=resolved").1["total"] as? Int == 0)
        #expect(try api(app, "GET", "/api/v1/incidents?severity=huge").0 == 422)
        #expect(try api(app, "GET", "/api/v1/incidents/9999").0 == 404)
    }

    @Test func aFailedWriteLeavesTheDatabaseUnchanged() throws {
        let app = try start()
        defer { app.stop() }
        let id = Int64(try #require(try open(app).1["id"] as? Int))
        let snapshot = { () throws -> [String] in
            try app.app.context.store.read { db in
                var rows: [String] = []
                try db.forEach("SELECT status, COALESCE(ended_at, ''), updated_at FROM incidents") { rows.append("\($0.string(at: 0)!) \($0.string(at: 1)!) \($0.string(at: 2)!)") }
                try db.forEach("SELECT count(*) FROM incident_updates") { rows.append("updates \($0.int64(at: 0))") }
                return rows
            }
        }
        let before = try snapshot()
        // The status change succeeds, then the timeline line breaks a CHECK (message too long): the whole action is undone.
        #expect(throws: DatabaseError.self) {
            try app.app.context.store.write { db in
                try IncidentStore.setStatus(db, id: id, status: .resolved, endedAt: Date(), resolution: "done")
                try IncidentStore.addUpdate(db, incidentID: id, kind: "resolve", status: .resolved, message: String(repeating: "x", count: 5000),
                                            notify: false, actor: "test")
            }
        }
        #expect(try snapshot() == before)
        // Over HTTP the same text is refused before any write, with the message next to the field and the text kept.
        let (token, headers) = try csrf(app, from: "/incidents/\(id)")
        let page = try app.post("/incidents/\(id)/resolve", form: [("_csrf", token), ("resolution", String(repeating: "y", count: 4100))], headers: headers)
        #expect(page.status == 422)
        #expect(page.text.contains("Resolution is too long"))
        #expect(try snapshot() == before)
    }

    @Test func pagesOpenUpdateResolveAndReopenWithFieldMessagesAndInputKept() throws {
        let app = try start()
        defer { app.stop() }
        let form = try app.get("/incidents/new")
        #expect(form.status == 200)
        #expect(form.text.contains("name=\"_csrf\""))
        let token = try TestApp.csrfToken(form)
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        var fields: [(String, String)] = [("_csrf", token), ("title", "Portal <slow>"), ("severity", "major"), ("target_kind", "service"),
                                          ("target_name", "atlantis"), ("started_at", "2026-01-05T09:30"), ("time_zone", "UTC"),
                                          ("engineer", "ana@example.com"), ("description", "Kept text"), ("downtime_id", "auto")]
        let refused = try app.post("/incidents", form: fields, headers: headers)
        #expect(refused.status == 422)
        #expect(refused.text.contains("There is no service named &#39;atlantis&#39;") || refused.text.contains("There is no service named &#x27;atlantis&#x27;") || refused.text.contains("atlantis"))
        #expect(refused.text.contains("value=\"Portal &lt;slow&gt;\""), "input kept, escaped")
        #expect(refused.text.contains(">Kept text</textarea>"))
        #expect(try count(app, "incidents") == 0)
        fields[4] = ("target_name", "portal")
        let created = try app.post("/incidents", form: fields, headers: headers)
        #expect(created.status == 303)
        let location = try #require(created.header("Location"))
        #expect(location.hasPrefix("/incidents/"))
        let page = try app.get(location)
        #expect(page.status == 200)
        #expect(page.text.contains("Portal &lt;slow&gt;"))
        #expect(page.text.contains("Investigating"))
        let empty = try app.post(location + "/updates", form: [("_csrf", token), ("status", "identified"), ("message", ""), ("notify", "1")], headers: headers)
        #expect(empty.status == 422)
        #expect(empty.text.contains("Message is required."))
        #expect(empty.text.contains("<option value=\"identified\" selected>"), "the chosen status is kept")
        #expect(try app.post(location + "/updates", form: [("_csrf", token), ("status", "monitoring"), ("message", "Fix deployed")], headers: headers).status == 303)
        #expect(try app.post(location + "/resolve", form: [("_csrf", token), ("resolution", "Cache flushed")], headers: headers).status == 303)
        let resolved = try app.get(location)
        #expect(resolved.text.contains("Resolved") && resolved.text.contains("Fix deployed") && resolved.text.contains("Cache flushed"))
        #expect(resolved.text.contains("action=\"\(location)/reopen\""))
        let noReason = try app.post(location + "/reopen", form: [("_csrf", token), ("reason", "")], headers: headers)
        #expect(noReason.status == 422 && noReason.text.contains("Reason is required."))
        let illegal = try app.post(location + "/updates", form: [("_csrf", token), ("status", "monitoring"), ("message", "late")], headers: headers)
        #expect(illegal.status == 422 && illegal.text.contains("Reopen it first"))
        #expect(try app.post(location + "/reopen", form: [("_csrf", token), ("reason", "Back again")], headers: headers).status == 303)
        #expect(try app.get(location).text.contains("Back again"))
        let list = try app.get("/incidents?state=open&target=portal")
        #expect(list.status == 200 && list.text.contains("Portal &lt;slow&gt;"))
        #expect(!(try app.get("/incidents?state=resolved").text.contains("Portal &lt;slow&gt;")))
    }

    @Test func theOpenFormLinksAnUnplannedOutageInProgressOnTheSameObjects() throws {
        let app = try start()
        defer { app.stop() }
        func local(_ date: Date) -> String { String(StoreTime.format(date).dropLast()) }
        let now = Date()
        let (_, downtime) = try api(app, "POST", "/api/v1/downtimes", """
            {"title":"pg-3 fell over","kind":"unplanned","targets":[{"kind":"service","name":"pg-3"}],"starts_at":"\(local(now.addingTimeInterval(-1800)))","ends_at":"\(local(now.addingTimeInterval(3600)))","time_zone":"UTC"}
            """)
        let downtimeID = try #require(downtime["id"] as? Int)
        #expect(try api(app, "POST", "/api/v1/downtimes/\(downtimeID)/announce").0 == 200)
        _ = try app.app.tick(now: now)
        let form = try app.get("/incidents/new")
        #expect(form.text.contains("DT-\(downtimeID) · pg-3 fell over"), "the form offers it")
        let (_, linked) = try open(app, start: local(now.addingTimeInterval(-600)), zone: "UTC")
        #expect(linked["downtime_id"] as? Int == downtimeID)
        let (_, unlinked) = try open(app, start: local(now.addingTimeInterval(-600)), zone: "UTC", extra: #","downtime_id":null"#)
        #expect(unlinked["downtime_id"] is NSNull)
        let incidentID = try #require(linked["id"] as? Int)
        #expect(try app.get("/incidents/\(incidentID)").text.contains("href=\"/downtimes/\(downtimeID)\""))
        #expect(try app.get("/downtimes/\(downtimeID)").text.contains("href=\"/incidents/\(incidentID)\""))
    }

    @Test func thePostmortemShowsDurationImpactTimelineRootCauseAndFollowups() throws {
        let app = try start()
        defer { app.stop() }
        let id = try #require(try open(app, start: "2026-01-05T09:30:00", zone: "UTC").1["id"] as? Int)
        _ = try api(app, "POST", "/api/v1/incidents/\(id)/updates", #"{"status":"identified","message":"Disk full"}"#)
        let path = "/incidents/\(id)/postmortem"
        let open = try app.get(path)
        #expect(open.text.contains("still open"))
        _ = try api(app, "POST", "/api/v1/incidents/\(id)/resolve", #"{"resolution":"Disk cleaned","ended_at":"2026-01-05T12:00","time_zone":"UTC"}"#)
        let (token, headers) = try csrf(app, from: path)
        let missing = try app.post(path, form: [("_csrf", token), ("root_cause", " ")], headers: headers)
        #expect(missing.status == 422 && missing.text.contains("Root cause is required."))
        #expect(try app.post(path, form: [("_csrf", token), ("root_cause", "Log rotation was <off>")], headers: headers).status == 303)
        let noOwner = try app.post("/incidents/\(id)/followups", form: [("_csrf", token), ("action", "Alert on disk"), ("owner", "ghost@example.com"), ("due_on", "2026-02-01")], headers: headers)
        #expect(noOwner.status == 422 && noOwner.text.contains("No person has the e-mail") && noOwner.text.contains("value=\"Alert on disk\""))
        let badDay = try app.post("/incidents/\(id)/followups", form: [("_csrf", token), ("action", "Alert on disk"), ("owner", "ana@example.com"), ("due_on", "soon")], headers: headers)
        #expect(badDay.status == 422 && badDay.text.contains("2027-01-31"))
        #expect(try app.post("/incidents/\(id)/followups", form: [("_csrf", token), ("action", "Alert on disk usage"), ("owner", "ana@example.com"), ("due_on", "2026-02-01")], headers: headers).status == 303)
        let page = try app.get(path)
        #expect(page.status == 200)
        #expect(page.text.contains("2 hours 30 minutes"), "09:30 to 12:00")
        #expect(page.text.contains("Log rotation was &lt;off&gt;"))
        #expect(page.text.contains("Alert on disk usage") && page.text.contains("Ana Lima"))
        #expect(page.text.contains("Disk full") && page.text.contains("Disk cleaned"), "the timeline of updates")
        #expect(page.text.contains("payroll"), "what was affected, from the snapshot")
        let css = try app.get("/static/css/forewarn.css")
        #expect(css.text.contains("@media print"))
        let pdf = try app.get(path + ".pdf")
        #expect(pdf.status == 200 && pdf.header("Content-Type") == "application/pdf")
        let file = temporaryDirectory() + "/postmortem.pdf"
        try Data(pdf.body).write(to: URL(fileURLWithPath: file))
        let text = try runTool("pdftotext", ["-layout", file, "-"])
        #expect(text.contains("Postmortem INC-\(id)"), "\(text.prefix(300))")
        #expect(text.contains("Log rotation was <off>") && text.contains("Alert on disk usage") && text.contains("2 hours 30 minutes"))

        // A follow-up is marked done (and can be opened again); another incident's follow-up id is not found.
        let followup = try #require(try app.app.context.store.read { try IncidentStore.followups($0, incidentID: Int64(id)) }.first)
        #expect(page.text.contains("/incidents/\(id)/followups/\(followup.id)") && page.text.contains("Mark done"))
        #expect(try app.post("/incidents/\(id)/followups/\(followup.id)", form: [("_csrf", token), ("done", "1")], headers: headers).status == 303)
        #expect(try app.app.context.store.read { try IncidentStore.followups($0, incidentID: Int64(id)) }.first?.doneAt != nil)
        let done = try app.get(path)
        #expect(done.text.contains("<s>Alert on disk usage</s>") && done.text.contains("Reopen"))
        #expect(try app.post("/incidents/\(id + 1000)/followups/\(followup.id)", form: [("_csrf", token), ("done", "1")], headers: headers).status == 404)
        #expect(try app.post("/incidents/\(id)/followups/\(followup.id)", form: [("_csrf", token), ("done", "0")], headers: headers).status == 303)
        #expect(try app.app.context.store.read { try IncidentStore.followups($0, incidentID: Int64(id)) }.first?.doneAt == nil)
    }

    @Test func theListShowsDurationsAndOutageMinutesPerServicePerMonth() throws {
        let app = try start()
        defer { app.stop() }
        let id = try #require(try open(app, targets: #"[{"kind":"service","name":"portal"}]"#, start: "2026-01-31T23:00:00", zone: "UTC").1["id"] as? Int)
        _ = try api(app, "POST", "/api/v1/incidents/\(id)/resolve", #"{"resolution":"ok","ended_at":"2026-02-01T01:30","time_zone":"UTC"}"#)
        let page = try app.get("/incidents?from=2026-01-01&to=2026-02-28")
        #expect(page.status == 200)
        #expect(page.text.contains("2 hours 30 minutes"))
        #expect(page.text.contains("<td>2026-01</td><td>portal</td><td class=\"num\">60</td>"), "\(page.text.count)")
        #expect(page.text.contains("<td>2026-02</td><td>portal</td><td class=\"num\">90</td>"))
        let outside = try app.get("/incidents?from=2026-03-01&to=2026-03-31")
        #expect(!outside.text.contains("Payroll errors"))
    }
}
