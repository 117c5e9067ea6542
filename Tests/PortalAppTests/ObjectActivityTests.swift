import ForewarnTestSupport
import Foundation
import PortalApp
import PortalStore
import Testing

/// Issue #20: every inventory object's page shows the downtimes and open incidents that reach it and offers
/// "Declare a downtime here".
@Suite("Object pages: downtimes and incidents affecting it", .serialized)
struct ObjectActivityTests {
    let notices = NotificationTests()

    func id(_ app: TestApp, _ table: String, _ name: String) throws -> Int64 {
        guard case .integer(let id)? = try app.app.context.store.read({ try $0.scalar("SELECT id FROM \(table) WHERE name = ?", [name]) }) else {
            throw ClientError("no \(table) \(name)")
        }
        return id
    }

    func activity(_ page: String) -> String {
        guard let start = page.range(of: "id=\"activity-h\""), let end = page.range(of: "<div class=\"detail-grid\">") else { return "" }
        return String(page[start.upperBound..<end.lowerBound])
    }

    @Test func pagesShowWhatReachesThemDirectlyOrThroughTheImpactEngine() throws {
        let app = try notices.start(smtp: nil)
        defer { app.stop() }
        let dt = try notices.announce(app)   // cluster db-east, three days ahead
        let start = NotificationTests.local(Date().addingTimeInterval(-1800), zone: "UTC")
        let (opened, incident) = try notices.api(app, "POST", "/api/v1/incidents", """
            {"title":"Payroll errors","severity":"critical","targets":[{"kind":"service","name":"pg-3"}],"started_at":"\(start)","time_zone":"UTC"}
            """)
        #expect(opened == 201)
        let inc = incident["id"] as? Int ?? 0

        let cluster = try app.get("/clusters/\(try id(app, "clusters", "db-east"))").text
        #expect(cluster.contains("href=\"/downtimes/new?target_kind=cluster&amp;target_name=db-east\">Declare a downtime here</a>"))
        let direct = activity(cluster)
        #expect(direct.contains("DT-\(dt)<") && direct.contains("directly"), "\(direct)")

        // pg-3 runs on db-east: the downtime reaches it through the impact engine, the incident directly.
        let service = activity(try app.get("/services/\(try id(app, "services", "pg-3"))").text)
        #expect(service.contains("DT-\(dt)<"))
        #expect(service.contains("INC-\(inc)<"))

        // The process and the data set: reached through what they use; "declare here" fills in their services or server.
        let processPage = try app.get("/processes/\(try id(app, "processes", "Month-end payroll"))").text
        #expect(activity(processPage).contains("DT-\(dt)<"))
        #expect(processPage.contains("/downtimes/new?target_kind=service&amp;target_name=pg-3&amp;target_kind=service&amp;target_name=payroll"))
        let dataset = try app.get("/datasets/\(try id(app, "datasets", "salaries"))").text
        #expect(activity(dataset).contains("DT-\(dt)<") && activity(dataset).contains("INC-\(inc)<"))

        // Something untouched says so.
        let web = activity(try app.get("/servers/\(try id(app, "servers", "web-1"))").text)
        #expect(!web.contains("DT-\(dt)<") && web.contains("Nothing in the next 90 days."))

        // The prefilled form.
        let form = try app.get("/downtimes/new?target_kind=service&target_name=payroll&target_kind=service&target_name=pg-3").text
        #expect(form.contains("value=\"payroll\"") && form.contains("value=\"pg-3\""))

        try ConflictLinksTests().conflictsComeFirstAsLinksAndTheListFlagsThem(app)
    }
}
