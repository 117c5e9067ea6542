import PortalCore
import Testing

@Suite("Service level")
struct ServiceLevelTests {
    /// Minutes ending at `now` = 100_000, newest last: g good, b bad, m maintenance, . no signal.
    static func signals(_ pattern: String, now: Int = 100_000) -> [Int: MinuteSignal] {
        var result: [Int: MinuteSignal] = [:]
        for (offset, character) in pattern.reversed().enumerated() {
            let signal: MinuteSignal = switch character {
            case "g": .good
            case "b": .bad
            case "m": .maintenance
            default: .noSignal
            }
            if signal != .noSignal { result[now - offset] = signal }
        }
        return result
    }

    @Test(arguments: [
        ("gggggggggg", 100.0, "Storage service level: 100% (no outage in the last 10 min)"),
        ("gggggbgggg", 90.0, "Storage service level: 90% (1 bad minute in the last 10 min)"),
        ("bbgggggggg", 80.0, "Storage service level: 80% (2 bad minutes in the last 10 min)"),
        ("mmmmmggggg", 100.0, "Storage service level: 100% (no outage outside declared downtime in the last 10 min)"),
        ("mmmbbggggg", 5.0 / 7.0 * 100, "Storage service level: 71.4% (2 bad minutes in the last 10 min)"),
        ("....gggggb", 5.0 / 6.0 * 100, "Storage service level: 83.3% (1 bad minute in the last 10 min)"),
        ("bgggggggggg", 100.0, "Storage service level: 100% (no outage in the last 10 min)"), // the 11th minute is outside
    ])
    func tenMinuteLevel(pattern: String, percent: Double, sentence: String) {
        let level = ServiceLevel(window: .tenMinutes, signals: Self.signals(pattern), now: 100_000)
        #expect(abs((level.percent ?? -1) - percent) < 1e-9, "\(pattern)")
        #expect(level.sentence(name: "Storage") == sentence)
    }

    @Test func noSignalIsUnknownNotPerfect() {
        let level = ServiceLevel(window: .hour, signals: [:], now: 100_000)
        #expect(level.percent == nil)
        #expect(level.sentence(name: "User") == "User service level: unknown (no signal in the last 1 h)")
    }

    @Test(arguments: [
        (100.0, "100%"), (99.9, "99.9%"), (99.99, "99.99%"), (99.9999, "99.999%"), (99.95, "99.95%"),
        (87.5, "87.5%"), (50, "50%"), (66.6666, "66.6%"), (0, "0%"), (99.0, "99%"), (98.99, "98.9%"),
    ])
    func percentagesAreTruncatedNeverRoundedUp(value: Double, text: String) {
        #expect(ServiceLevel.format(value) == text)
    }

    /// 30 days of good minutes, then the given last minutes; SLA 99.9 % over the rolling 30 days (43 bad minutes allowed).
    static func month(ending tail: String) -> [Int: MinuteSignal] {
        var result = signals(String(repeating: "g", count: 43_200 - tail.count) + tail)
        for (minute, signal) in signals(tail) { result[minute] = signal }
        return result
    }

    @Test(arguments: [
        ("gggggggggg", false, ServiceMood.ok),
        ("ggggggbggg", false, .degraded),           // 90 % over 10 min < 99.9 %, budget left, not failing now
        ("gggggggggb", false, .down),               // failing right now
        (String(repeating: "b", count: 44), false, .breaching), // 44 bad minutes > 43.2 allowed
        ("gggggggggb", true, .maintenance),         // a declared downtime in progress explains it
    ])
    func moodAgainstTheSLA(tail: String, maintenance: Bool, mood: ServiceMood) {
        let assessment = ServiceLevelAssessment(name: "Billing", signals: Self.month(ending: tail), now: 100_000, slaPercent: 99.9,
                                                inMaintenance: maintenance)
        #expect(assessment.mood == mood, "\(tail.prefix(12))")
        #expect(assessment.levels.map(\.window) == ServiceLevelWindow.allCases)
    }

    @Test func theErrorBudgetIsWhatThePeriodStillAllows() {
        let assessment = ServiceLevelAssessment(name: "Billing", signals: Self.month(ending: String(repeating: "b", count: 10)), now: 100_000,
                                                slaPercent: 99.9, inMaintenance: false)
        #expect(abs((assessment.budgetLeftMinutes ?? 0) - (43.2 - 10)) < 1e-9)
        #expect(assessment.reason == "Billing service level: 0% (10 bad minutes in the last 10 min)")
        let unknown = ServiceLevelAssessment(name: "Ghost", signals: [:], now: 100_000, slaPercent: 99.9, inMaintenance: false)
        #expect(unknown.mood == .unknown)
    }

    @Test func aggregatesFollowTheImpactModel() {
        #expect(ServiceLevelAggregation.worst([99.9, 100, nil, 98.5]) == 98.5)
        #expect(abs((ServiceLevelAggregation.mean([100, 99.98, nil]) ?? 0) - 99.99) < 1e-9)
        #expect(ServiceLevelAggregation.worst([nil, nil]) == nil)
        #expect(ServiceLevelAggregation.sentence(name: "Overall", percent: 99.99, slaPercent: 99.9)
                == "Overall service level: 99.99% (within advertised SLA range)")
        #expect(ServiceLevelAggregation.sentence(name: "Payroll", percent: 99.5, slaPercent: 99.9)
                == "Payroll service level: 99.5% (below the advertised 99.9%)")
    }

    @Test func aThresholdIsCrossedOnceEachWayWithHysteresis() {
        var watch = ThresholdWatch(threshold: 99.9, hysteresis: 0.05)
        let levels: [Double?] = [100, 99.95, 99.89, 99.85, 99.9, 99.92, 99.89, nil, 99.96, 99.97, 99.5]
        let crossings = levels.map { watch.observe($0) }
        #expect(crossings == [nil, nil, .fellBelow, nil, nil, nil, nil, nil, .backAbove, nil, .fellBelow])
    }
}
