import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalStore
import Testing

/// Issue #20: home is a dashboard of what people came for.
@Suite("Home dashboard", .serialized)
struct DashboardTests {
    let notices = NotificationTests()

    /// Work already under way can only be declared as a recorded outage (kind unplanned, issue #20).
    func declare(_ app: TestApp, _ title: String, startsIn hours: Double, lasting: Double = 2) throws -> Int {
        let kind = hours < 0 ? "unplanned" : "planned"
        let start = NotificationTests.local(Date().addingTimeInterval(hours * 3600), zone: "UTC")
        let end = NotificationTests.local(Date().addingTimeInterval((hours + lasting) * 3600), zone: "UTC")
        let (status, body) = try notices.api(app, "POST", "/api/v1/downtimes", """
            {"title":"\(title)","kind":"\(kind)","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\(start)","ends_at":"\(end)",
             "time_zone":"UTC","coordinator":"ana@example.com"}
            """)
        #expect(status == 201, "\(body)")
        let id = body["id"] as? Int ?? 0
        #expect(try notices.api(app, "POST", "/api/v1/downtimes/\(id)/announce", "{}").0 == 200)
        return id
    }

    /// The part of the page from a section's heading to the next section.
    static func section(_ page: String, _ heading: String) -> String {
        guard let start = page.range(of: ">\(heading)</h2>") else { return "" }
        let rest = page[start.upperBound...]
        return String(rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)])
    }

    /// One app for all three (every test app costs the process file descriptors).
    @Test func dashboardNavigationAndRoles() throws {
        let app = try notices.start(smtp: nil)
        defer { app.stop() }
        try viewersSeeNoDatabasePathOrSchemaVersionAndNoDeclareButton(app)
        try signedOutVisitorsSeeNoNavigationAndPhonesGetAMenu(app)
        try theDashboardShowsWhatIsGoingOnAndWhatIsMine(app)
    }

    func theDashboardShowsWhatIsGoingOnAndWhatIsMine(_ app: TestApp) throws {
        let now = try declare(app, "Running now", startsIn: -1)
        let soon = try declare(app, "Patch in three days", startsIn: 72)
        let later = try declare(app, "Patch in three weeks", startsIn: 500)
        _ = try app.app.tick(now: Date())
        let start = NotificationTests.local(Date().addingTimeInterval(-1800), zone: "UTC")
        let (opened, _) = try notices.api(app, "POST", "/api/v1/incidents", """
            {"title":"Payroll errors","severity":"critical","targets":[{"kind":"service","name":"pg-3"}],"started_at":"\(start)","time_zone":"UTC"}
            """)
        #expect(opened == 201)

        let page = try app.get("/").text
        #expect(page.contains("href=\"/downtimes/new\">Declare a downtime</a>"))
        let inProgress = Self.section(page, "In progress now")
        #expect(inProgress.contains("DT-\(now)<") && !inProgress.contains("DT-\(soon)<"))
        let next = Self.section(page, "The next 7 days")
        #expect(next.contains("DT-\(soon)<") && !next.contains("DT-\(later)<") && !next.contains("DT-\(now)<"))
        #expect(Self.section(page, "Open incidents").contains("Payroll errors"))
        let mine = Self.section(page, "Your downtimes")
        #expect(mine.contains("DT-\(now)<") && mine.contains("DT-\(later)<"), "declared by the tester")
        #expect(Self.section(page, "Notices to you").contains("not linked to a person"))
        #expect(page.contains("schema version"), "an admin still sees the database")

        // Linked to Ana (the coordinator): her notices show.
        try app.app.context.store.write { db in _ = try db.run("UPDATE users SET email = 'ana@example.com' WHERE login = 'tester'") }
        let linked = Self.section(try app.get("/").text, "Notices to you")
        #expect(linked.contains("DT-\(soon) · Patch in three days"), "\(linked)")
    }

    func viewersSeeNoDatabasePathOrSchemaVersionAndNoDeclareButton(_ app: TestApp) throws {
        let session = try AuthTests().session(app, role: .viewer)
        let page = try app.fetch("GET", "/", headers: ["Cookie": "forewarn_session=\(session)"], anonymous: true).text
        #expect(page.contains("In progress now"))
        #expect(!page.contains("schema version"))
        #expect(!page.contains(app.app.context.store.path))
        #expect(!page.contains("Declare a downtime"))
    }

    func signedOutVisitorsSeeNoNavigationAndPhonesGetAMenu(_ app: TestApp) throws {
        let login = try app.fetch("GET", "/login", anonymous: true)
        #expect(login.status == 200)
        #expect(!login.text.contains("id=\"main-nav\"") && !login.text.contains("href=\"/downtimes\""), "no navigation before signing in")
        #expect(login.text.contains("action=\"/login\""))
        #expect(try app.fetch("GET", "/downtimes", anonymous: true).status == 303, "everything else sends them to sign in")
        let home = try app.get("/").text
        #expect(home.contains("id=\"main-nav\"") && home.contains("class=\"nav-toggle-label\">Menu</label>"))
    }
}
