import Foundation
import PortalCore
import Testing

/// Heartbeats, log rules and incidents as level signals; roll-up pieces; retention cut-offs.
@Suite("Service level sources")
struct ServiceLevelSourcesTests {
    static let bad = MinuteObservation(.bad, cause: "check http failed")
    static let hbDown = MinuteObservation(.bad, cause: "heartbeat nightly down")
    static let good = MinuteObservation(.good)
    static let maintenance = MinuteObservation(.maintenance, cause: "check http in declared downtime")

    @Test(arguments: [
        ("nothing", [MinuteObservation](), false, MinuteObservation.none),
        ("a quiet rule alone makes the minute good", [], true, good),
        ("a quiet rule does not outweigh maintenance", [maintenance], true, maintenance),
        ("one bad source makes it bad, its cause kept", [good, bad], true, bad),
        ("two bad sources: both causes, once each", [bad, hbDown, bad], false, MinuteObservation(.bad, cause: "check http failed, heartbeat nightly down")),
        ("good outweighs maintenance and drops its cause", [maintenance, good], false, good),
    ])
    func merging(name: String, observations: [MinuteObservation], quiet: Bool, expected: MinuteObservation) {
        #expect(MinuteObservation.merge(observations, quiet: quiet) == expected, "\(name)")
    }

    @Test func causesAreCappedAndGoodMinutesHaveNone() {
        #expect(MinuteObservation(.bad, cause: String(repeating: "x", count: 500)).cause.count == 200)
        #expect(MinuteObservation(.good, cause: "ignored").cause == "")
    }

    /// Minute 1000 starts at 60,000 s.
    static func at(_ minute: Int, _ second: Int) -> Date { Date(timeIntervalSince1970: Double(minute * 60 + second)) }

    /// `g` good, `b` bad (down), `m` maintenance, `.` no signal, for minutes 1000...1004.
    static func pattern(_ minutes: [Int: MinuteObservation]) -> String {
        String((1000...1004).map { m -> Character in
            switch minutes[m]?.signal {
            case .good?: "g"
            case .bad?: "b"
            case .maintenance?: "m"
            default: "."
            }
        })
    }

    @Test(arguments: [
        ("new the whole time: no signal", HeartbeatState.new, [(Int, Int, HeartbeatState)](), false, "....."),
        ("up the whole time", .up, [], false, "ggggg"),
        ("late is not down", .late, [], false, "ggggg"),
        ("down for a few seconds makes the whole minute bad", .up, [(1001, 50, .down), (1002, 5, .up)], false, "gbbgg"),
        ("first ping after new", .new, [(1002, 30, .up)], false, "..ggg"),
        ("down since before the range", .down, [(1003, 0, .up)], false, "bbbgg"),
        ("down in a declared downtime is maintenance", .up, [(1002, 0, .down)], true, "ggmmm"),
    ])
    func heartbeatMinutes(name: String, start: HeartbeatState, moves: [(Int, Int, HeartbeatState)], maintenance: Bool, expected: String) {
        let minutes = SignalMinutes.heartbeat(name: "nightly", stateAtStart: start, transitions: moves.map { (Self.at($0.0, $0.1), $0.2) },
                                              fromMinute: 1000, toMinute: 1004, inMaintenance: maintenance)
        #expect(Self.pattern(minutes) == expected, "\(name)")
        if expected.contains("b") { #expect(minutes.values.contains { $0.cause == "heartbeat nightly down" }) }
    }

    @Test(arguments: [
        ("fired mid-minute, window to the next minute", (1001, 30), (1002, 10), false, ".bb.."),
        ("window ends after the range", (1003, 0), (1010, 0), false, "...bb"),
        ("fired before the range, window still open", (990, 0), (1000, 30), false, "b...."),
        ("window ended before the range", (990, 0), (995, 0), false, "....."),
        ("silenced by a declared downtime", (1001, 0), (1001, 59), true, ".m..."),
    ])
    func ruleMinutes(name: String, fired: (Int, Int), end: (Int, Int), silenced: Bool, expected: String) {
        let minutes = SignalMinutes.ruleFired(name: "api-errors", firedAt: Self.at(fired.0, fired.1), windowEnd: Self.at(end.0, end.1),
                                              silenced: silenced, fromMinute: 1000, toMinute: 1004)
        #expect(Self.pattern(minutes) == expected, "\(name)")
        if expected.contains("b") { #expect(minutes.values.allSatisfy { $0.cause == "rule api-errors fired" }) }
    }

    @Test(arguments: [
        ("an ok service with an open incident is degraded", "gggggggggg", ["INC-3"], false, ServiceMood.degraded,
         "Billing service level: 100% (no outage in the last 10 min); incident INC-3 open"),
        ("no signal but an open incident: degraded, level unknown", "..........", ["INC-3", "INC-5"], false, .degraded,
         "Billing service level: unknown (no signal in the last 10 min); incidents INC-3, INC-5 open"),
        ("down stays down and names the cause and the incident", "gggggggggb", ["INC-4"], false, .down,
         "Billing service level: 90% (1 bad minute in the last 10 min: heartbeat nightly down); incident INC-4 open"),
        ("maintenance explains it", "gggggggggm", ["INC-4"], true, .maintenance, "Billing: in declared maintenance; incident INC-4 open"),
        ("no incident: unchanged", "gggggggggg", [], false, .ok, "Billing service level: 100% (no outage in the last 10 min)"),
    ])
    func incidentsAndCauses(name: String, pattern: String, incidents: [String], maintenance: Bool, mood: ServiceMood, reason: String) {
        let assessment = ServiceLevelAssessment(name: "Billing", signals: ServiceLevelTests.signals(pattern), now: 100_000, slaPercent: nil,
                                                inMaintenance: maintenance, lastBadCause: "heartbeat nightly down", openIncidents: incidents)
        #expect(assessment.mood == mood, "\(name)")
        #expect(assessment.reason == reason, "\(name)")
    }

    @Test(arguments: [
        ("inside one hour", 125, 130, RollupPieces(minutes: [125...130])),
        ("one whole hour", 120, 179, RollupPieces(hours: [2...2])),
        ("24 h not aligned", 1441 - 1440 + 60 * 24 * 3, 1441 + 60 * 24 * 3 - 1,
         RollupPieces(minutes: [4321...4379, 5760...5760], hours: [73...95])),
        ("30 days from mid-hour", 100_000 - 43_199, 100_000,
         RollupPieces(minutes: [56801...56819, 99960...100000], hours: [947...959, 1656...1665], days: 40...68)),
        ("empty", 10, 9, RollupPieces()),
    ])
    func pieces(name: String, first: Int, last: Int, expected: RollupPieces) {
        #expect(RollupPieces(first: first, last: last) == expected, "\(name)")
    }

    @Test func piecesCoverEveryMinuteOnce() {
        // Ends at every offset within an hour and across day boundaries; lengths around each unit and the windows.
        for last in stride(from: 50_000, to: 53_000, by: 37) {
            for length in [1, 2, 59, 60, 61, 1439, 1440, 1441, 3000, 43_200] {
                let first = last - length + 1
                let pieces = RollupPieces(first: first, last: last)
                var covered: [Int] = pieces.minutes.flatMap { Array($0) }
                covered += pieces.hours.flatMap { $0.flatMap { h in (h * 60)..<(h * 60 + 60) } }
                covered += pieces.days.map { $0.flatMap { d in (d * 1440)..<(d * 1440 + 1440) } } ?? []
                #expect(covered.sorted() == Array(first...last), "\(first)...\(last)")
                #expect(pieces.minutes.count <= 2 && pieces.hours.count <= 2)
            }
        }
    }

    @Test func retentionKeepsMoreThanTheLongestWindow() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let cutoffs = ServiceLevelRetention.cutoffs(now: now)
        let nowMinute = 30_000_000
        #expect(cutoffs.minute == nowMinute - 35 * 1440)
        #expect(nowMinute - cutoffs.minute > 31 * 1440, "minutes must cover a calendar month's SLA period")
        #expect(cutoffs.hour == (nowMinute - 90 * 1440) / 60)
        #expect(cutoffs.day == (nowMinute - 3 * 365 * 1440) / 1440)
        #expect(cutoffs.event == now.addingTimeInterval(-35 * 86_400))
    }
}
