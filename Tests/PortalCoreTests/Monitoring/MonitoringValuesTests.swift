import Foundation
import PortalCore
import Testing

@Suite("Monitoring: statuses, check specs, classic config, percentiles")
struct MonitoringValuesTests {
    @Test(arguments: [("200-399", 200, true), ("200-399", 399, true), ("200-399", 500, false), ("200,301-302", 302, true), ("200,301-302", 303, false)])
    func statusRanges(text: String, status: Int, accepted: Bool) {
        #expect(StatusRange(text)?.contains(status) == accepted)
    }

    @Test(arguments: ["", "abc", "99", "200-", "400-300", "200,,300", "600"])
    func badStatusRanges(text: String) { #expect(StatusRange(text) == nil) }

    static func http(_ change: (inout CheckSpec) -> Void) -> [String] {
        var spec = CheckSpec(name: "portal", kind: .http, targetKind: "service", targetName: "portal", intervalSeconds: 30)
        spec.url = "https://portal.example.com/health"
        change(&spec)
        return spec.validate().map(\.field)
    }

    @Test func specValidation() {
        #expect(Self.http { _ in }.isEmpty)
        #expect(Self.http { $0.url = "" } == ["url"])
        #expect(Self.http { $0.url = "portal.example.com" } == ["url"])
        #expect(Self.http { $0.url = "ftp://x/" } == ["url"])
        #expect(Self.http { $0.intervalSeconds = 0.5 } == ["interval_seconds"])
        #expect(Self.http { $0.targetKind = "process" } == ["target_kind"])
        #expect(Self.http { $0.expectStatus = "ok" } == ["expect_status"])
        var tcp = CheckSpec(name: "pg", kind: .tcp, targetKind: "server", targetName: "db-12", intervalSeconds: 5)
        #expect(tcp.validate().map(\.field) == ["host", "port"])
        tcp.host = "127.0.0.1"
        tcp.port = 70000
        #expect(tcp.validate().map(\.field) == ["port"])
    }

    @Test func classicConfig() throws {
        let config = try ClassicMonitorConfig(json: """
            {"websites": [{"URL": "http://a.example/", "checkInterval": 3.5}, {"URL": "http://b.example/"}, {"checkInterval": 1}],
             "defaultCheckInterval": 3}
            """)
        #expect(config.sites == [.init(url: "http://a.example/", intervalSeconds: 3.5), .init(url: "http://b.example/", intervalSeconds: 3)])
        #expect(config.warnings == ["website 3 has no URL and is skipped"])
        #expect(try ClassicMonitorConfig(json: #"{"websites": [{"URL": "http://c/"}]}"#).sites.first?.intervalSeconds == 2)
        #expect(throws: FieldError.self) { try ClassicMonitorConfig(json: "[]") }
    }

    @Test func percentilesFromHistogramsStayWithinFivePercent() {
        // A skewed distribution like real response times: mostly fast, a long tail; split over 60 "minutes" and merged.
        var generator = SplitMix64(seed: 7)
        var values: [Int] = []
        var minutes: [SampleAggregate] = Array(repeating: SampleAggregate(), count: 60)
        for index in 0..<20_000 {
            let u = Double(generator.next() % 10_000) / 10_000
            let ms = Int(5 + 40 * u + (u > 0.95 ? 2_000 * (u - 0.95) * 20 : 0))
            values.append(ms)
            minutes[index % 60].add(SampleFacts(at: Date(), available: true, responseMS: ms, inMaintenance: false))
        }
        var total = SampleAggregate()
        for minute in minutes { total.merge(minute) }
        for p in [50.0, 95, 99] {
            let exact = Percentile.exact(values, p)!
            let estimate = total.histogram.percentile(p)!
            #expect(abs(estimate - exact) / exact <= 0.05, "p\(p): \(estimate) vs \(exact)")
        }
        #expect(total.samples == 20_000)
        #expect(LatencyHistogram(text: total.histogram.text) == total.histogram)
    }

    @Test func availabilityBothWays() {
        var aggregate = SampleAggregate()
        let now = Date()
        for _ in 0..<90 { aggregate.add(SampleFacts(at: now, available: true, responseMS: 10, inMaintenance: false)) }
        for _ in 0..<10 { aggregate.add(SampleFacts(at: now, available: false, responseMS: nil, inMaintenance: true)) }
        #expect(aggregate.availability == 90)
        #expect(aggregate.availabilityExcludingDowntime == 100)
    }

    @Test(arguments: [
        (false, false, false, true as Bool?, false, CheckHealth.up), (false, true, false, false, false, .down), (false, false, true, false, false, .maintenance),
        (true, true, false, false, false, .paused), (false, false, false, nil, false, .unknown), (false, false, false, true, true, .degraded),
    ])
    func health(paused: Bool, open: Bool, maintenance: Bool, latest: Bool?, degraded: Bool, expected: CheckHealth) {
        #expect(CheckHealth.of(paused: paused, alertOpen: open, inMaintenance: maintenance, latestAvailable: latest, latestDegraded: degraded) == expected)
    }
}
