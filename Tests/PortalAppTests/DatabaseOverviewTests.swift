import ForewarnTestSupport
import Foundation
import Logging
import PortalApp
import PortalStore
import Testing

/// The admin home page's row counts: right on both engines, and on PostgreSQL (kept per instance until a counted
/// table changes) right again as soon as another instance inserted or deleted rows.
@Suite("Database overview on the home page", .serialized)
struct DatabaseOverviewTests {
    /// The count shown next to `label`, or nil.
    static func shownCount(_ app: TestApp, port: UInt16? = nil, _ label: String) throws -> Int? {
        let page = try fetch(port: port ?? app.port, "GET", "/", headers: ["Cookie": "forewarn_session=\(app.session)"])
        guard let range = page.text.range(of: #"<span class="stat-value">([0-9,]+)</span><span class="stat-label">\#(label)</span>"#, options: .regularExpression) else { return nil }
        let digits = page.text[range].split(separator: ">")[1].prefix { $0 != "<" }.filter(\.isNumber)
        return Int(String(digits))
    }

    static func rows(_ app: TestApp, _ table: String) throws -> Int {
        guard case .integer(let n)? = try app.app.context.store.read({ try $0.scalar("SELECT count(*) FROM \(table)") }) else { return -1 }
        return Int(n)
    }

    @Test func theCountsAreThoseOfTheTables() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        try app.importFixture()
        for (table, label) in [("servers", "Servers"), ("services", "Services"), ("audit_log", "Audit entries")] {
            #expect(try Self.shownCount(app, label) == (try Self.rows(app, table)), "\(label)")
        }
        #expect(try Self.rows(app, "servers") > 0)
    }

    @Test(.enabled(if: testPostgresURL != nil)) func aChangeThroughAnotherInstanceShowsAtOnce() throws {
        let first = try TestApp.start()
        defer { first.stop() }
        try first.importFixture()
        var configuration = first.app.context.configuration
        configuration.server.port = 0
        let second = try Application(configuration: configuration, logger: Logger(label: "second"))
        try second.start()
        defer { second.shutdown() }
        let regions = try Self.rows(first, "regions")
        // Read (and kept) on the first instance.
        #expect(try Self.shownCount(first, "Regions") == regions)
        #expect(try Self.shownCount(first, "Regions") == regions)
        for round in 1...3 {
            let api = ["Authorization": "Bearer \(first.token)", "Content-Type": "application/json"]
            let created = try fetch(port: second.port, "POST", "/api/v1/regions", headers: api, body: Array(#"{"name":"overview-\#(round)"}"#.utf8))
            #expect(created.status == 201, "\(created.text)")
            let changed = Date()
            var shown: Int?
            while Date().timeIntervalSince(changed) < 3 {
                shown = try Self.shownCount(first, "Regions")
                if shown == regions + round { break }
                usleep(10_000)
            }
            let took = Date().timeIntervalSince(changed)
            #expect(shown == regions + round, "round \(round): the first instance shows \(shown ?? -1), the table holds \(regions + round)")
            #expect(took < 1.5, "round \(round): shown after \(took) s")
            let page = try fetch(port: first.port, "GET", "/", headers: ["Cookie": "forewarn_session=\(first.session)"])
            #expect(page.text.contains("region overview-\(round)"), "round \(round): the recent changes list has the other instance's entry")
            print("home page counts across instances, round \(round): \(Int(took * 1000)) ms")
        }
    }
}
