import ForewarnTestSupport
import Foundation
import PortalApp
import Testing

/// Issue #20: conflicts and change freezes first, as links (`DT-1`); the list flags rows with conflicts; plurals.
/// Runs inside ObjectActivityTests' app (every test app costs the process file descriptors).
struct ConflictLinksTests {
    let notices = NotificationTests()

    func conflictsComeFirstAsLinksAndTheListFlagsThem(_ app: TestApp) throws {
        let first = try notices.announce(app, title: "First patch")
        let second = try notices.announce(app, title: "Second patch")   // same cluster, same window
        let link = "<a class=\"dt-id\" href=\"/downtimes/\(first)\">DT-\(first)</a>"

        let detail = try app.get("/downtimes/\(second)").text
        #expect(detail.contains(link), "the other downtime is a link")
        let conflicts = try #require(detail.range(of: "Conflicts and change freezes"))
        let summary = try #require(detail.range(of: "<h2>Summary</h2>"))
        #expect(conflicts.lowerBound < summary.lowerBound, "conflicts come first")
        #expect(!detail.contains("downtime #"))

        let report = try app.get("/downtimes/\(second)/report").text
        #expect(report.contains(link))
        #expect(report.range(of: "Conflicts and overrides")!.lowerBound < report.range(of: "Affected services by severity")!.lowerBound)

        let list = try app.get("/downtimes").text
        #expect(list.components(separatedBy: "class=\"has-conflicts\"").count - 1 >= 2, "both rows are flagged")
        #expect(list.contains("<a class=\"dt-id\" href=\"/downtimes/\(first)\">DT-\(first)</a>"))

        // Counted nouns agree with their numbers.
        let preview = try app.get("/downtimes/\(first)").text
        #expect(preview.contains("1 business process,") && preview.contains("1 data set;"), "plurals")
    }
}
