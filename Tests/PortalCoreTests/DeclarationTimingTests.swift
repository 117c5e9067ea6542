import Foundation
import PortalCore
import Testing

/// Planned and emergency work lies ahead; only an unplanned downtime records the past (#20).
@Suite("Declaration timing")
struct DeclarationTimingTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [
        ("planned, tomorrow", DowntimeKind.planned, 86_400.0, 90_000.0, nil as String?),
        ("planned, started two minutes ago (typed as now)", .planned, -120, 3_600, nil),
        ("planned, started an hour ago", .planned, -3_600, 3_600, "starts_at"),
        ("planned, over an hour ago", .planned, -7_200, -3_600, "ends_at"),
        ("planned, ends exactly now", .planned, -3_600, 0, "ends_at"),
        ("emergency, now", .emergency, 0, 3_600, nil),
        ("emergency, started ten minutes ago", .emergency, -600, 3_600, "starts_at"),
        ("emergency, over", .emergency, -7_200, -60, "ends_at"),
        ("unplanned, over: recording a past outage", .unplanned, -7_200, -3_600, nil),
        ("unplanned, under way", .unplanned, -3_600, 3_600, nil),
    ])
    func refusal(name: String, kind: DowntimeKind, start: Double, end: Double, field: String?) {
        let problem = DeclarationTiming.problem(kind: kind, start: Self.now.addingTimeInterval(start), end: Self.now.addingTimeInterval(end), now: Self.now)
        #expect(problem?.field == field, "\(name)")
        if let problem { #expect(problem.message.contains("Unplanned (record a past outage)"), "\(name)") }
    }
}
