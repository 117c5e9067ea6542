import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

@Suite("Reports and change freezes")
struct ReportsTests {
    func start() throws -> TestApp {
        let app = try TestApp.start { $0.clockInterval = 0 }
        try app.importFixture()
        return app
    }

    func declare(_ app: TestApp, _ title: String, target: String, start: String, end: String) throws {
        let body = """
            {"title":"\(title)","kind":"planned","targets":[{"kind":"server","name":"\(target)"}],"starts_at":"\(start)","ends_at":"\(end)",
             "time_zone":"UTC","change_ticket":"CHG-\(title.count)","coordinator":"taro@example.jp"}
            """
        let response = try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8))
        #expect(response.status == 201, "\(response.text)")
    }

    @Test func forwardScheduleDigestAndCoordinatorSchedule() throws {
        let app = try start()
        defer { app.stop() }
        try declare(app, "db-12 firmware", target: "db-12", start: "2027-01-12T22:00:00", end: "2027-01-13T02:00:00")
        try declare(app, "web-1 reboot", target: "web-1", start: "2027-01-13T01:00:00", end: "2027-01-13T03:00:00")
        try declare(app, "lone-1 move", target: "lone-1", start: "2027-03-01T10:00:00", end: "2027-03-01T11:00:00")
        let schedule = try app.get("/reports/forward-schedule?from=2027-01-01&to=2027-01-31")
        #expect(schedule.status == 200)
        #expect(schedule.text.contains("db-12 firmware"))
        #expect(schedule.text.contains("web-1 reboot"))
        #expect(!schedule.text.contains("lone-1 move"))
        #expect(schedule.text.contains("services ("))
        // web-1 hosts only portal; db-12 takes a host from pg-3 (and so, through dependencies, payroll and portal).
        let narrowed = try app.get("/reports/forward-schedule?from=2027-01-01&to=2027-01-31&service=pg-3")
        #expect(narrowed.text.contains("db-12 firmware"))
        #expect(!narrowed.text.contains("web-1 reboot"))
        // Ana owns the salaries data set on pg-3, which loses a host when db-12 goes.
        let digest = try app.get("/reports/owner-digest?from=2027-01-01&to=2027-01-31&contact=ana@example.com")
        #expect(digest.status == 200)
        #expect(digest.text.contains("db-12 firmware"))
        #expect(digest.text.contains("salaries"))
        #expect(!digest.text.contains("web-1 reboot"))
        let unknown = try app.get("/reports/owner-digest?from=2027-01-01&to=2027-01-31&contact=nobody@example.com")
        #expect(unknown.status == 422)
        let coordinators = try app.get("/reports/coordinator-schedule?from=2027-01-01&to=2027-03-31")
        #expect(coordinators.text.contains("山田太郎"))
        #expect(coordinators.text.contains("double-booked with DT-2"))
        #expect(coordinators.text.contains("double-booked with DT-1"))
        let backwards = try app.get("/reports/forward-schedule?from=2027-02-01&to=2027-01-01")
        #expect(backwards.status == 422)
        #expect(backwards.text.contains("must end after it starts"))
    }

    @Test func changeFreezesAreManagedOnTheirPage() throws {
        let app = try start()
        defer { app.stop() }
        let page = try app.get("/blackouts")
        let token = try TestApp.csrfToken(page)
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        let bad = try app.post("/blackouts", form: [("_csrf", token), ("name", "Freeze"), ("region", "atlantis"), ("starts_at", "2027-01-01T00:00"), ("ends_at", "2027-01-31T00:00"), ("time_zone", "UTC")], headers: headers)
        #expect(bad.status == 422)
        #expect(bad.text.contains("There is no region named &#39;atlantis&#39;"))
        let created = try app.post("/blackouts", form: [("_csrf", token), ("name", "Year-end freeze"), ("region", "europe"), ("starts_at", "2027-01-01T00:00"), ("ends_at", "2027-01-31T00:00"), ("time_zone", "Europe/Paris"), ("reason", "closing")], headers: headers)
        #expect(created.status == 303)
        #expect(try app.get("/blackouts").text.contains("Region europe and below"))
        let body = #"{"title":"t","kind":"planned","targets":[{"kind":"server","name":"db-12"}],"starts_at":"2027-01-12T22:00:00","ends_at":"2027-01-13T02:00:00","time_zone":"UTC"}"#
        let refused = try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8))
        #expect(refused.status == 409)
        // Outside its region the freeze does not apply.
        let elsewhere = #"{"title":"t","kind":"planned","targets":[{"kind":"server","name":"lone-1"}],"starts_at":"2027-01-12T22:00:00","ends_at":"2027-01-13T02:00:00","time_zone":"UTC"}"#
        #expect(try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(elsewhere.utf8)).status == 201)
    }
}
