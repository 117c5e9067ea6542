import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

@Suite("Downtimes: declaration, lifecycle, impact, report")
struct DowntimeTests {
    func start() throws -> TestApp {
        let app = try TestApp.start { $0.clockInterval = 0 }
        try app.importFixture()
        return app
    }

    func api(_ app: TestApp, _ method: String, _ path: String, _ json: String? = nil) throws -> (Int, [String: Any]) {
        let response = try app.fetch(method, path, headers: json == nil ? [:] : ["Content-Type": "application/json"], body: Array((json ?? "").utf8))
        return (response.status, (response.json as? [String: Any]) ?? [:])
    }

    func declare(_ app: TestApp, title: String = "Patch db-east", targets: String = #"[{"kind":"cluster","name":"db-east"}]"#,
                 start: String = "2027-01-12T22:00:00", end: String = "2027-01-13T02:00:00", zone: String = "Europe/Paris",
                 extra: String = "") throws -> (Int, [String: Any]) {
        try api(app, "POST", "/api/v1/downtimes", """
            {"title":"\(title)","kind":"planned","targets":\(targets),"starts_at":"\(start)","ends_at":"\(end)","time_zone":"\(zone)",
             "change_ticket":"CHG0012345","change_url":"https://tickets.example.com/CHG0012345","coordinator":"ana@example.com"\(extra)}
            """)
    }

    func count(_ app: TestApp, _ table: String) throws -> Int64 {
        if case .integer(let n)? = try app.app.context.store.read({ try $0.scalar("SELECT count(*) FROM \(table)") }) { return n }
        return -1
    }

    @Test func apiDeclaresADraftWithTheWindowInUTCAndTheZone() throws {
        let app = try start()
        defer { app.stop() }
        let (status, body) = try declare(app)
        #expect(status == 201)
        #expect(body["state"] as? String == "draft")
        #expect(body["starts_at_utc"] as? String == "2027-01-12T21:00:00Z")
        #expect(body["ends_at"] as? String == "2027-01-13T02:00:00")
        #expect(body["time_zone"] as? String == "Europe/Paris")
        #expect((body["targets"] as? [[String: String]])?.first?["name"] == "db-east")
        let id = try #require(body["id"] as? Int)
        let (_, fetched) = try api(app, "GET", "/api/v1/downtimes/\(id)")
        let impact = try #require(fetched["impact"] as? [String: Any])
        let affected = try #require(impact["affected"] as? [[String: String]])
        // pg-3 runs on the whole cluster: down, and payroll depends on it (hard).
        #expect(affected.contains { $0["name"] == "pg-3" && $0["state"] == "down" })
        let payroll = affected.first { $0["name"] == "payroll" }
        #expect(payroll?["state"] == "down")
        #expect(payroll?["explanation"]?.contains("depends (hard) on pg-3") == true)
        let contacts = try #require(impact["contacts"] as? [[String: Any]])
        #expect(contacts.contains { $0["email"] as? String == "dba@example.com" })
    }

    @Test(arguments: [
        (#""title":"","#, "title", "Title is required."),
        (#""targets":[{"kind":"cluster","name":"atlantis"}],"#, "targets", "There is no cluster named 'atlantis'."),
        (#""targets":[],"#, "targets", "Choose at least one"),
        (#""starts_at":"2027-03-28T02:30:00","ends_at":"2027-03-28T05:00:00","#, "starts_at", "does not exist in Europe/Paris"),
        (#""starts_at":"2026-10-25T02:30:00","ends_at":"2026-10-25T05:00:00","#, "starts_at", "Europe/Paris"),
        (#""ends_at":"2027-01-12T21:00:00","#, "ends_at", "after"),
        (#""time_zone":"Mars/Olympus","#, "time_zone", "not a known time zone"),
        (#""coordinator":"nobody@example.com","#, "coordinator", "No person has the e-mail"),
        (#""change_url":"javascript:alert(1)","#, "change_url", "http://"),
    ])
    func badDeclarationsNameTheFieldAndWriteNothing(override: String, field: String, message: String) throws {
        let app = try start()
        defer { app.stop() }
        var object: [String: Any] = ["title": "T", "kind": "planned", "targets": [["kind": "cluster", "name": "db-east"]],
                                     "starts_at": "2027-01-12T22:00:00", "ends_at": "2027-01-13T02:00:00", "time_zone": "Europe/Paris"]
        let patch = try JSONSerialization.jsonObject(with: Data(("{" + override.dropLast() + "}").utf8)) as! [String: Any]
        for (key, value) in patch { object[key] = value }
        let body = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let (status, response) = try api(app, "POST", "/api/v1/downtimes", body)
        #expect(status == 422)
        let fields = ((response["error"] as? [String: Any])?["fields"] as? [String: String]) ?? [:]
        #expect(fields[field]?.contains(message) == true, "\(fields)")
        #expect(try count(app, "downtimes") == 0)
    }

    @Test func lifecycleFreezesTheImpactAndRefusesIllegalMoves() throws {
        let app = try start()
        defer { app.stop() }
        let id = try #require(try declare(app).1["id"] as? Int)
        let (completeStatus, completeBody) = try api(app, "POST", "/api/v1/downtimes/\(id)/complete")
        #expect(completeStatus == 409)
        #expect(((completeBody["error"] as? [String: Any])?["message"] as? String)?.contains("A draft downtime cannot be completed") == true)
        #expect(try api(app, "POST", "/api/v1/downtimes/\(id)/announce").0 == 200)
        let (_, announced) = try api(app, "GET", "/api/v1/downtimes/\(id)")
        #expect(announced["state"] as? String == "scheduled")
        let snapshotID = (announced["impact"] as? [String: Any])?["snapshot_id"] as? Int
        #expect(snapshotID != nil)
        let (extendStatus, extended) = try api(app, "POST", "/api/v1/downtimes/\(id)/extend", #"{"ends_at":"2027-01-13T04:00:00"}"#)
        #expect(extendStatus == 200)
        #expect(extended["ends_at"] as? String == "2027-01-13T04:00:00")
        #expect(try api(app, "POST", "/api/v1/downtimes/\(id)/extend", #"{"ends_at":"2027-01-13T03:00:00"}"#).0 == 409)
        // The inventory changes after announcement: the snapshot stays, the page shows the difference.
        _ = try api(app, "POST", "/api/v1/services", #"{"name":"reporting","environment":"PROD","tier":3}"#)
        _ = try api(app, "POST", "/api/v1/dependencies", #"{"service":"reporting","depends_on":"payroll","kind":"hard"}"#)
        let (_, after) = try api(app, "GET", "/api/v1/downtimes/\(id)")
        let frozen = ((after["impact"] as? [String: Any])?["affected"] as? [[String: String]]) ?? []
        #expect(!frozen.contains { $0["name"] == "reporting" })
        let page = try app.get("/downtimes/\(id)")
        #expect(page.text.contains("Since announcement"))
        #expect(page.text.contains("+1 service") || page.text.contains("+1 services") || page.text.contains("reporting"))
        #expect(try api(app, "POST", "/api/v1/downtimes/\(id)/cancel").0 == 200)
        #expect(try api(app, "POST", "/api/v1/downtimes/\(id)/start").0 == 409)
        let history = try app.app.context.store.read { try DowntimeStore.events($0, downtimeID: Int64(id)) }.map(\.event)
        #expect(history == ["create", "announce", "extend", "cancel"])
        let audit = try app.app.context.store.read { try AuditLog.recent($0, objectKind: "downtime", objectID: Int64(id)) }.map(\.action)
        #expect(audit.contains("announce") && audit.contains("cancel") && audit.contains("extend"))
    }

    @Test func theClockStartsAndCompletesDueDowntimes() throws {
        let app = try start()
        defer { app.stop() }
        let id = try #require(try declare(app, start: "2027-01-12T22:00:00", end: "2027-01-13T02:00:00").1["id"] as? Int)
        _ = try api(app, "POST", "/api/v1/downtimes/\(id)/announce")
        let before = Date(timeIntervalSince1970: 1_799_000_000) // 2027-01-03, before the window
        #expect(try app.app.tick(now: before) == 0)
        let during = StoreTime.parse("2027-01-12T23:00:00Z")!
        #expect(try app.app.tick(now: during) == 1)
        #expect(try api(app, "GET", "/api/v1/downtimes/\(id)").1["state"] as? String == "in_progress")
        let after = StoreTime.parse("2027-01-13T02:00:00Z")!
        #expect(try app.app.tick(now: after) == 1)
        #expect(try api(app, "GET", "/api/v1/downtimes/\(id)").1["state"] as? String == "completed")
        let actors = try app.app.context.store.read { try DowntimeStore.events($0, downtimeID: Int64(id)) }.suffix(2).map(\.actor)
        #expect(actors == ["clock", "clock"])
        // A draft never moves by the clock.
        let draft = try #require(try declare(app, title: "draft only").1["id"] as? Int)
        _ = try app.app.tick(now: after)
        #expect(try api(app, "GET", "/api/v1/downtimes/\(draft)").1["state"] as? String == "draft")
    }

    @Test func overlappingDowntimesCombine() throws {
        let app = try start()
        defer { app.stop() }
        // pg-3 runs on db-east (db-12, db-13) and needs one healthy host.
        let first = try #require(try declare(app, title: "db-12 firmware", targets: #"[{"kind":"server","name":"db-12"}]"#).1["id"] as? Int)
        _ = try api(app, "POST", "/api/v1/downtimes/\(first)/announce")
        let firstImpact = ((try api(app, "GET", "/api/v1/downtimes/\(first)").1["impact"] as? [String: Any])?["affected"] as? [[String: String]]) ?? []
        #expect(firstImpact.first { $0["name"] == "pg-3" }?["state"] == "at_risk")
        let (_, preview) = try api(app, "POST", "/api/v1/impact", """
            {"targets":[{"kind":"server","name":"db-13"}],"starts_at":"2027-01-12T23:00:00","ends_at":"2027-01-13T01:00:00","time_zone":"Europe/Paris","coordinator":"ana@example.com"}
            """)
        let affected = (preview["affected"] as? [[String: String]]) ?? []
        #expect(affected.first { $0["name"] == "pg-3" }?["state"] == "down")
        let conflicts = (preview["conflicts"] as? [[String: String]]) ?? []
        #expect(conflicts.contains { $0["kind"] == "coordinator_booked" })
        // Outside the first window, db-13 alone leaves pg-3 only at risk.
        let (_, later) = try api(app, "POST", "/api/v1/impact", """
            {"targets":[{"kind":"server","name":"db-13"}],"starts_at":"2027-02-12T23:00:00","ends_at":"2027-02-13T01:00:00","time_zone":"Europe/Paris"}
            """)
        #expect(((later["affected"] as? [[String: String]]) ?? []).first { $0["name"] == "pg-3" }?["state"] == "at_risk")
    }

    @Test func aBlackoutBlocksDeclarationUnlessOverridden() throws {
        let app = try start()
        defer { app.stop() }
        try app.app.context.store.write { db in
            try db.run("INSERT INTO blackouts (name, region_id, starts_at, ends_at, reason) VALUES ('Year-end freeze', (SELECT id FROM regions WHERE name = 'europe'), '2027-01-01T00:00:00Z', '2027-01-31T00:00:00Z', 'closing')")
        }
        let (status, body) = try declare(app)
        #expect(status == 409)
        #expect(((body["error"] as? [String: Any])?["message"] as? String)?.contains("Year-end freeze") == true)
        #expect(try count(app, "downtimes") == 0)
        let (overridden, saved) = try declare(app, extra: #","override_reason":"security patch, approved by CAB""#)
        #expect(overridden == 201)
        #expect(((saved["conflicts"] as? [[String: String]]) ?? []).contains { $0["kind"] == "blackout" })
    }

    @Test func theFormPreviewsThenSavesAndTheReportHasEverySection() throws {
        let app = try start()
        defer { app.stop() }
        let page = try app.get("/downtimes/new?target_kind=cluster&target_name=db-east")
        #expect(page.text.contains("value=\"db-east\""))
        let token = try TestApp.csrfToken(page)
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        var fields: [(String, String)] = [("_csrf", token), ("title", "Patch db-east"), ("kind", "planned"),
                                          ("target_kind", "cluster"), ("target_name", "db-east"), ("target_kind", "server"), ("target_name", ""),
                                          ("starts_at", "2027-01-12T22:00"), ("ends_at", "2027-01-13T02:00"), ("time_zone", "Europe/Paris"),
                                          ("change_ticket", "CHG0012345"), ("change_url", "https://tickets.example.com/CHG0012345"),
                                          ("coordinator", "ana@example.com"), ("comms_manager", ""), ("reason", "Kernel patches"), ("note", "")]
        // A mistake first: the form comes back with the message and what was typed, nothing written.
        var wrong = fields
        wrong[7] = ("starts_at", "2027-03-28T02:30")
        wrong[8] = ("ends_at", "2027-03-28T05:00")
        let refused = try app.post("/downtimes", form: wrong + [("confirm", "no")], headers: headers)
        #expect(refused.status == 422)
        #expect(refused.text.contains("does not exist in Europe/Paris"))
        #expect(refused.text.contains("value=\"Patch db-east\""))
        let preview = try app.post("/downtimes", form: fields + [("confirm", "no")], headers: headers)
        #expect(preview.status == 200)
        #expect(preview.text.contains("Impact preview"))
        #expect(preview.text.contains("pg-3"))
        #expect(try count(app, "downtimes") == 0)
        fields.append(("confirm", "yes"))
        let saved = try app.post("/downtimes", form: fields, headers: headers)
        #expect(saved.status == 303)
        let location = try #require(saved.header("Location"))
        let id = location.split(separator: "/").last.map(String.init) ?? ""
        _ = try api(app, "POST", "/api/v1/downtimes/\(id)/announce")
        let report = try app.get("/downtimes/\(id)/report")
        #expect(report.status == 200)
        var cursor = report.text.startIndex
        for section in ["Summary", "Conflicts and overrides", "Affected services by severity", "Business processes", "Data sets", "Notification list", "Audit trail"] {
            guard let range = report.text.range(of: section, range: cursor..<report.text.endIndex) else {
                Issue.record("section \(section) missing or out of order")
                continue
            }
            cursor = range.upperBound
        }
        // The window once, in its zone with the UTC times beside it.
        #expect(report.text.contains("Tue 12 Jan 2027 22:00 – Wed 13 Jan 02:00 CET (21:00–01:00 UTC)"))
        #expect(report.text.contains("Month-end payroll"))
        #expect(report.text.contains("Snapshot 1"))
        let csv = try app.get("/downtimes/\(id)/notifications.csv")
        #expect(csv.header("Content-Disposition")?.contains("forewarn-DT-\(id)-notifications.csv") == true)
        #expect(csv.text.hasPrefix("contact,kind,email,phone,priority,roles,reasons\r\n"))
        #expect(csv.text.contains("dba@example.com"))
    }

    @Test func theFormAsksWhichOccurrenceOfAnAmbiguousTimeIsMeant() throws {
        let app = try start()
        defer { app.stop() }
        let page = try app.get("/downtimes/new")
        let token = try TestApp.csrfToken(page)
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        let fields: [(String, String)] = [("_csrf", token), ("title", "Autumn patch"), ("kind", "planned"), ("target_kind", "server"), ("target_name", "db-12"),
                                          ("starts_at", "2027-10-31T02:30"), ("ends_at", "2027-10-31T05:00"), ("time_zone", "Europe/Paris")]
        let asked = try app.post("/downtimes", form: fields, headers: headers)
        #expect(asked.status == 422)
        #expect(asked.text.contains("happens twice in Europe/Paris"))
        #expect(asked.text.contains("name=\"start_ambiguity\" value=\"later\""))
        let answered = try app.post("/downtimes", form: fields + [("start_ambiguity", "later")], headers: headers)
        #expect(answered.status == 200)
        // The second 02:30 is CET (UTC+1): 01:30 UTC.
        #expect(answered.text.contains("01:30"))
        #expect(answered.text.contains("Impact preview"))
    }

    @Test func theFormDefaultsToTheUsersOwnTimeZone() throws {
        let app = try start()
        defer { app.stop() }
        #expect(try app.get("/downtimes/new").text.contains("name=\"time_zone\" value=\"UTC\""))
        // The tester's e-mail matches Ana's person record, whose zone is Europe/Lisbon.
        try app.app.context.store.write { db in try db.run("UPDATE users SET email = 'ana@example.com' WHERE login = 'tester'") }
        #expect(try app.get("/downtimes/new").text.contains("name=\"time_zone\" value=\"Europe/Lisbon\""))
    }

    @Test func listAndLifecycleHelpPages() throws {
        let app = try start()
        defer { app.stop() }
        _ = try declare(app)
        let list = try app.get("/downtimes?view=all")
        #expect(list.status == 200)
        #expect(list.text.contains("Patch db-east"))
        let filtered = try app.get("/downtimes?view=all&target=web-eu")
        #expect(!filtered.text.contains("Patch db-east"))
        let help = try app.get("/help/lifecycle")
        #expect(help.text.contains("<svg"))
        #expect(help.text.contains("announce"))
    }
}
