import ForewarnTestSupport
import Foundation
import Testing

/// The change-impact report of a fixed downtime on the fixture inventory, compared with a reviewed copy.
/// Record a new copy after an intended change with `FOREWARN_RECORD_GOLDEN=1 swift test --filter GoldenReport`.
@Suite("Golden change-impact report")
struct GoldenReportTests {
    static let goldenPath = repositoryRoot + "/Tests/PortalAppTests/Golden/report-DT-1.html"

    /// Instants (generation and snapshot times) are the only parts that change from run to run.
    static func normalize(_ html: String) -> String {
        html.replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/, with: "<TIMESTAMP>")
    }

    @Test func reportMatchesTheReviewedCopy() throws {
        let app = try TestApp.start { $0.clockInterval = 0 }
        defer { app.stop() }
        try app.importFixture()
        let body = """
            {"title":"Patch db-east","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"2027-01-12T22:00:00",
             "ends_at":"2027-01-13T02:00:00","time_zone":"Europe/Paris","change_ticket":"CHG0012345","change_url":"https://tickets.example.com/CHG0012345",
             "reason":"Kernel <patches> & reboots","coordinator":"ana@example.com","comms_manager":"taro@example.jp","note":"Call the DBA on-call before starting."}
            """
        #expect(try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8)).status == 201)
        #expect(try app.fetch("POST", "/api/v1/downtimes/1/announce").status == 200)
        let report = try app.get("/downtimes/1/report")
        #expect(report.status == 200)
        let actual = Self.normalize(report.text)
        let artifacts = repositoryRoot + "/test-artifacts"
        try? FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        try actual.write(toFile: artifacts + "/report-DT-1.html", atomically: true, encoding: .utf8)
        if ProcessInfo.processInfo.environment["FOREWARN_RECORD_GOLDEN"] == "1" {
            try actual.write(toFile: Self.goldenPath, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOfFile: Self.goldenPath, encoding: .utf8)
        #expect(actual == golden, "the report differs from Golden/report-DT-1.html; see test-artifacts/report-DT-1.html")
        #expect(actual.contains("Kernel &lt;patches&gt; &amp; reboots"))
    }
}
