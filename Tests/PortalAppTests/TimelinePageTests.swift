import ForewarnTestSupport
import Foundation
import Testing

@Suite("Timeline page")
struct TimelinePageTests {
    @Test func showsDowntimesInTheRangeAsSVGAndAsAList() throws {
        let app = try TestApp.start { $0.clockInterval = 0 }
        defer { app.stop() }
        try app.importFixture()
        for (title, start, end) in [("Crossing the start", "2027-01-11T20:00:00", "2027-01-12T03:00:00"),
                                    ("Inside <b>", "2027-01-12T22:00:00", "2027-01-13T02:00:00"),
                                    ("Next month", "2027-02-12T22:00:00", "2027-02-13T02:00:00")] {
            let body = """
                {"title":"\(title)","kind":"planned","targets":[{"kind":"server","name":"db-12"}],"starts_at":"\(start)","ends_at":"\(end)","time_zone":"UTC","change_ticket":"CHG-1"}
                """
            #expect(try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8)).status == 201)
        }
        let page = try app.get("/timeline?from=2027-01-12&to=2027-01-13")
        #expect(page.status == 200)
        #expect(page.text.contains("<svg"))
        #expect(page.text.contains("Crossing the start"))
        #expect(page.text.contains("Inside &lt;b&gt;"))
        #expect(!page.text.contains("<b>"))
        #expect(!page.text.contains("Next month"))
        #expect(page.text.contains("href=\"/timeline?from=2027-01-10"))
        let bad = try app.get("/timeline?from=2027-13-40&to=2027-01-13")
        #expect(bad.status == 422)
        let defaultRange = try app.get("/timeline")
        #expect(defaultRange.status == 200)
        #expect(defaultRange.text.contains("<svg"))
    }

    /// At 390 px the page shows a chart drawn 340 px wide (fewer ticks, text at its real size), not the 1140 px one shrunk.
    @Test func phonesGetAChartDrawnForTheirWidth() throws {
        let app = try TestApp.start { $0.clockInterval = 0 }
        defer { app.stop() }
        try app.importFixture()
        let body = """
            {"title":"Patch night","kind":"planned","targets":[{"kind":"server","name":"db-12"}],"starts_at":"2027-01-12T22:00:00","ends_at":"2027-01-13T02:00:00","time_zone":"UTC"}
            """
        #expect(try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8)).status == 201)
        let page = try app.get("/timeline?from=2027-01-12&to=2027-01-13").text
        let charts = page.components(separatedBy: "<svg ").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }
        #expect(charts.count == 2)
        guard charts.count == 2 else { return }
        #expect(charts[0].hasPrefix("xmlns=\"http://www.w3.org/2000/svg\" width=\"1140\"") && charts[1].hasPrefix("xmlns=\"http://www.w3.org/2000/svg\" width=\"340\""))
        func hourLabels(_ svg: String) -> Int { svg.components(separatedBy: ":00</text>").count - 1 }
        #expect(hourLabels(charts[1]) >= 2 && hourLabels(charts[1]) * 2 < hourLabels(charts[0]), "\(hourLabels(charts[1])) vs \(hourLabels(charts[0]))")
        #expect(charts[1].contains("Patch night"), "the phone chart labels its bars")
        #expect(page.contains("class=\"card timeline-chart timeline-wide\"") && page.contains("class=\"card timeline-chart timeline-narrow\""))
        let css = try String(contentsOfFile: repositoryRoot + "/Resources/Public/css/forewarn.css", encoding: .utf8)
        #expect(css.contains(".timeline-narrow { display: none; }") && css.contains(".timeline-wide { display: none; }"))
    }
}
