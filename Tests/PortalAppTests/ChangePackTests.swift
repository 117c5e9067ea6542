import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

/// The change pack a change advisory board expects: risk and plans on the downtime (form and API), named approvers who
/// approve or reject in the portal (recorded in the audit), all printed in the report and the PDF.
@Suite("Change pack and approvals", .serialized)
struct ChangePackTests {
    static let declaration = """
        {"title":"Patch db-east","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"2027-01-12T22:00:00",
         "ends_at":"2027-01-13T02:00:00","time_zone":"Europe/Paris","risk":"high","implementation_plan":"1. Fail over to db-13.\\n2. Patch db-12.",
         "test_plan":"Run the payroll smoke test.","backout_plan":"Boot the previous kernel.","approvers":["ana@example.com"]}
        """

    func start() throws -> TestApp {
        let app = try TestApp.start { $0.clockInterval = 0 }
        try app.importFixture()
        return app
    }

    /// Keeps a page in test-artifacts/ for people to look at.
    static func keep(_ html: String, _ name: String) {
        let artifacts = repositoryRoot + "/test-artifacts"
        try? FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        try? html.write(toFile: artifacts + "/" + name, atomically: true, encoding: .utf8)
    }

    func json(_ response: RawResponse) -> [String: Any] { (response.json as? [String: Any]) ?? [:] }

    /// Makes the signed-in test user the person with `email`.
    func signInAs(_ app: TestApp, email: String) throws {
        try app.app.context.store.write { db in
            try db.run("UPDATE users SET person_id = (SELECT id FROM people WHERE email = ?) WHERE login = 'tester'", [email])
        }
    }

    func post(_ app: TestApp, _ path: String, _ fields: [(String, String)], csrfFrom page: String) throws -> RawResponse {
        let token = try TestApp.csrfToken(try app.get(page))
        return try app.post(path, form: [("_csrf", token)] + fields, headers: ["Cookie": "forewarn_csrf=\(token)"])
    }

    @Test func theAPITakesAndShowsTheChangePack() throws {
        let app = try start()
        defer { app.stop() }
        let created = try app.postJSON("/api/v1/downtimes", Self.declaration)
        #expect(created.status == 201, "\(created.text)")
        let body = json(created)
        #expect(body["risk"] as? String == "high")
        #expect(body["backout_plan"] as? String == "Boot the previous kernel.")
        let shown = json(try app.get("/api/v1/downtimes/1"))
        #expect(shown["implementation_plan"] as? String == "1. Fail over to db-13.\n2. Patch db-12.")
        #expect(shown["test_plan"] as? String == "Run the payroll smoke test.")
        let approvers = try #require(shown["approvers"] as? [[String: Any]])
        #expect(approvers.count == 1 && approvers[0]["email"] as? String == "ana@example.com" && approvers[0]["decision"] as? String == "pending")

        // Wrong values: JSON errors naming the field, nothing saved.
        let bad = try app.postJSON("/api/v1/downtimes", Self.declaration.replacingOccurrences(of: "\"high\"", with: "\"extreme\""))
        #expect(bad.status == 422)
        #expect((json(bad)["error"] as? [String: Any]).flatMap { $0["fields"] as? [String: String] }?["risk"] != nil, "\(bad.text)")
        let long = String(repeating: "x", count: ChangePack.planLimit + 1)
        let tooLong = try app.postJSON("/api/v1/downtimes", Self.declaration.replacingOccurrences(of: "Boot the previous kernel.", with: long))
        #expect(tooLong.status == 422 && tooLong.text.contains("backout_plan"), "\(tooLong.text.prefix(300))")
        let unknown = try app.postJSON("/api/v1/downtimes", Self.declaration.replacingOccurrences(of: "[\"ana@example.com\"]", with: "[\"nobody@example.com\"]"))
        #expect(unknown.status == 422 && unknown.text.contains("nobody@example.com"))
        #expect(json(try app.get("/api/v1/downtimes"))["total"] as? Int == 1)

        // Approvers added later keep the decisions already given.
        let added = try app.postJSON("/api/v1/downtimes/1/approvers", #"{"approvers": ["taro@example.jp"]}"#)
        #expect(added.status == 200, "\(added.text)")
        let list = try #require(json(try app.get("/api/v1/downtimes/1/approvers"))["approvers"] as? [[String: Any]])
        #expect(Set(list.compactMap { $0["email"] as? String }) == ["ana@example.com", "taro@example.jp"])
        #expect(try app.postJSON("/api/v1/downtimes/1/approvers", #"{"approvers": []}"#).status == 422)
    }

    @Test func theFormHasAChangePackFieldsetThatKeepsInputAndNamesErrors() throws {
        let app = try start()
        defer { app.stop() }
        let form = try app.get("/downtimes/new").text
        #expect(form.contains("<legend>Change pack") && form.contains(#"name="implementation_plan""#) && form.contains(#"name="backout_plan""#))
        let fields: [(String, String)] = [
            ("title", "Patch db-east"), ("kind", "planned"), ("target_kind", "cluster"), ("target_name", "db-east"),
            ("starts_at", "2027-01-12T22:00"), ("ends_at", "2027-01-13T02:00"), ("time_zone", "Europe/Paris"),
            ("risk", "medium"), ("implementation_plan", "Fail over, then patch."), ("test_plan", "Smoke test."), ("backout_plan", "Old kernel."),
        ]
        let wrong = try post(app, "/downtimes", fields + [("approvers", "ana@example.com, ghost@example.com"), ("confirm", "yes")], csrfFrom: "/downtimes/new")
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("ghost@example.com") && wrong.text.contains("Approvers:"), "the message names the field")
        #expect(wrong.text.contains("Fail over, then patch.") && wrong.text.contains(#"<option value="medium" selected>"#), "input kept")
        Self.keep(wrong.text, "downtime-form-change-pack.html")
        let saved = try post(app, "/downtimes", fields + [("approvers", "ana@example.com"), ("confirm", "yes")], csrfFrom: "/downtimes/new")
        #expect(saved.status == 303, "\(saved.text.prefix(500))")
        let edit = try app.get("/downtimes/1/edit").text
        #expect(edit.contains("Fail over, then patch.") && edit.contains(#"value="ana@example.com""#) && edit.contains(#"<option value="medium" selected>"#))
        // Clearing the plans and the risk removes the change pack; the approvers stay.
        let cleared = try post(app, "/downtimes/1", fields.map { ["implementation_plan", "test_plan", "backout_plan", "risk"].contains($0.0) ? ($0.0, "") : $0 }
                               + [("approvers", "ana@example.com"), ("confirm", "yes")], csrfFrom: "/downtimes/1/edit")
        #expect(cleared.status == 303)
        let edit2 = try app.app.context.store.read { try AuditLog.recent($0, objectKind: "downtime", objectID: 1, limit: 10) }.filter { $0.action == "update" }
        #expect(edit2.count == 1, "one audit row for the save")
        #expect(edit2.first?.beforeJSON?.contains("Fail over, then patch.") == true && edit2.first?.afterJSON?.contains("\"risk\":\"\"") == true,
                "\(edit2.first?.beforeJSON ?? "")")
        let shown = json(try app.get("/api/v1/downtimes/1"))
        #expect(shown["risk"] is NSNull && shown["implementation_plan"] as? String == "")
        #expect((shown["approvers"] as? [[String: Any]])?.count == 1)
    }

    @Test func anApproverApprovesOrRejectsInThePortalAndItIsAudited() throws {
        let app = try start()
        defer { app.stop() }
        #expect(try app.postJSON("/api/v1/downtimes", Self.declaration).status == 201)
        // Not an approver: no form, and a post is refused.
        let stranger = try app.get("/downtimes/1").text
        #expect(stranger.contains("Change pack and approvals") && stranger.contains("Waiting") && !stranger.contains(#"value="approve""#))
        #expect(try post(app, "/downtimes/1/approval", [("decision", "approve")], csrfFrom: "/downtimes/1").status == 403)
        try signInAs(app, email: "ana@example.com")
        let page = try app.get("/downtimes/1").text
        #expect(page.contains(#"action="/downtimes/1/approval""#) && page.contains(#"value="approve""#) && page.contains(#"value="reject""#))
        // No CSRF token: refused, nothing recorded.
        let forged = try app.post("/downtimes/1/approval", form: [("decision", "approve")])
        #expect(forged.status == 403)
        #expect(json(try app.get("/api/v1/downtimes/1/approvers"))["approvers"].flatMap { ($0 as? [[String: Any]])?.first?["decision"] as? String } == "pending")
        // A comment longer than allowed re-renders with the message and the comment kept.
        let long = String(repeating: "y", count: 2001)
        let tooLong = try post(app, "/downtimes/1/approval", [("decision", "reject"), ("comment", long)], csrfFrom: "/downtimes/1")
        #expect(tooLong.status == 422 && tooLong.text.contains("too long") && tooLong.text.contains(long))
        let approved = try post(app, "/downtimes/1/approval", [("decision", "approve"), ("comment", "Back-out plan is sound.")], csrfFrom: "/downtimes/1")
        #expect(approved.status == 303)
        let after = try app.get("/downtimes/1").text
        #expect(after.contains("approval-approved") && after.contains("Back-out plan is sound."))
        Self.keep(after, "downtime-approvals.html")
        let audit = try app.app.context.store.read { try AuditLog.recent($0, objectKind: "downtime", objectID: 1, limit: 50) }
        let row = try #require(audit.first { $0.action == "approve" })
        #expect(row.actor == "tester" && row.afterJSON?.contains("Back-out plan is sound.") == true && row.afterJSON?.contains("ana@example.com") == true)
        #expect(StoreTime.parse(row.at) != nil, "recorded with its time")
        // The API reads the decision, and the approver may change their mind there too.
        let decided = try #require(json(try app.get("/api/v1/downtimes/1/approvers"))["approvers"] as? [[String: Any]])
        #expect(decided.first?["decision"] as? String == "approved" && decided.first?["decided_at"] is String)
        #expect(try app.postJSON("/api/v1/downtimes/1/approval", #"{"decision":"reject","comment":"Wait for the freeze to end."}"#).status == 200)
        #expect(try app.postJSON("/api/v1/downtimes/1/approval", #"{"decision":"maybe"}"#).status == 422)
    }

    @Test func theReportAndThePDFPrintTheChangePackAndTheApprovals() throws {
        let app = try start()
        defer { app.stop() }
        #expect(try app.postJSON("/api/v1/downtimes", Self.declaration).status == 201)
        try signInAs(app, email: "ana@example.com")
        #expect(try app.postJSON("/api/v1/downtimes/1/approval", #"{"decision":"approve","comment":"Looks safe."}"#).status == 200)
        let html = try app.get("/downtimes/1/report").text
        for text in ["<h2>Change pack</h2>", "<h2>Approvals</h2>", "Boot the previous kernel.", "Run the payroll smoke test.", "Looks safe.", "Approved"] {
            #expect(html.contains(text), "\(text) missing from the page")
        }
        let file = temporaryDirectory() + "/pack.pdf"
        try Data(try app.get("/downtimes/1/report.pdf").body).write(to: URL(fileURLWithPath: file))
        let pdf = try runTool("pdftotext", ["-layout", file, "-"])
        for text in ["Change pack", "Approvals", "Risk", "High", "Implementation plan", "Fail over to db-13.", "Test plan", "Back-out plan",
                     "Boot the previous kernel.", "Ana Lima", "Approved", "Looks safe.", "Ana Lima approved: Looks safe."] {
            #expect(pdf.contains(text), "\(text) missing from the PDF")
        }
        #expect(ReportParityTests.htmlHeadings(html) == (try ReportParityTests.outline(file)))
        // Without a change pack neither shows the sections.
        #expect(try app.postJSON("/api/v1/downtimes", #"{"title":"Plain","kind":"planned","targets":[{"kind":"server","name":"web-1"}],"starts_at":"2027-02-12T22:00:00","ends_at":"2027-02-13T02:00:00","time_zone":"UTC"}"#).status == 201)
        #expect(!(try app.get("/downtimes/2/report").text).contains("Change pack"))
    }
}
