import Foundation
import PortalCore
import Testing

/// The alert state machine as a table: one alert per outage, silence in maintenance, "still down" after it.
@Suite("Monitoring: alert rules")
struct AlertRulesTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let phase: MonitorPhase
        let open: Bool
        let availability: Double
        let samples: Int
        let latestFailed: Bool
        let covering: Int64?
        let secondsLater: Double
        let action: AlertAction
        let next: MonitorPhase
        var testDescription: String { name }
    }

    static let ended = t0
    static let cases: [Case] = [
        Case(name: "healthy stays quiet", phase: .normal, open: false, availability: 100, samples: 10, latestFailed: false, covering: nil,
             secondsLater: 0, action: .none, next: .normal),
        Case(name: "no samples: no judgement", phase: .normal, open: false, availability: 0, samples: 0, latestFailed: false, covering: nil,
             secondsLater: 0, action: .none, next: .normal),
        Case(name: "falls below the threshold: alert", phase: .normal, open: false, availability: 60, samples: 10, latestFailed: true, covering: nil,
             secondsLater: 0, action: .alert, next: .normal),
        Case(name: "at the threshold is not below", phase: .normal, open: false, availability: 80, samples: 10, latestFailed: true, covering: nil,
             secondsLater: 0, action: .none, next: .normal),
        Case(name: "still below with an open alert: no second alert", phase: .normal, open: true, availability: 10, samples: 10, latestFailed: true,
             covering: nil, secondsLater: 0, action: .none, next: .normal),
        Case(name: "back at the threshold: recover", phase: .normal, open: true, availability: 80, samples: 10, latestFailed: false, covering: nil,
             secondsLater: 0, action: .recover, next: .normal),
        Case(name: "failing during a downtime: silent, in maintenance", phase: .normal, open: false, availability: 0, samples: 10, latestFailed: true,
             covering: 12, secondsLater: 0, action: .none, next: .maintenance(downtimeID: 12)),
        Case(name: "open alert recovers during a downtime", phase: .normal, open: true, availability: 100, samples: 10, latestFailed: false,
             covering: 12, secondsLater: 0, action: .recover, next: .maintenance(downtimeID: 12)),
        Case(name: "downtime just ended, still failing: wait for the grace period", phase: .maintenance(downtimeID: 12), open: false, availability: 0,
             samples: 10, latestFailed: true, covering: nil, secondsLater: 0, action: .none, next: .afterMaintenance(downtimeID: 12, endedAt: t0)),
        Case(name: "downtime ended and target fine: back to normal", phase: .maintenance(downtimeID: 12), open: false, availability: 100,
             samples: 10, latestFailed: false, covering: nil, secondsLater: 0, action: .none, next: .normal),
        Case(name: "inside the grace period: nothing yet", phase: .afterMaintenance(downtimeID: 12, endedAt: ended), open: false, availability: 0,
             samples: 10, latestFailed: true, covering: nil, secondsLater: 299, action: .none, next: .afterMaintenance(downtimeID: 12, endedAt: ended)),
        Case(name: "still failing after the grace period: still-down alert naming the downtime", phase: .afterMaintenance(downtimeID: 12, endedAt: ended),
             open: false, availability: 0, samples: 10, latestFailed: true, covering: nil, secondsLater: 300,
             action: .stillDown(downtimeID: 12, endedAt: ended), next: .normal),
        Case(name: "recovered by the end of the grace period: no alert", phase: .afterMaintenance(downtimeID: 12, endedAt: ended), open: false,
             availability: 50, samples: 10, latestFailed: false, covering: nil, secondsLater: 300, action: .none, next: .normal),
        Case(name: "a new downtime starts while waiting: maintenance again", phase: .afterMaintenance(downtimeID: 12, endedAt: ended), open: false,
             availability: 0, samples: 10, latestFailed: true, covering: 13, secondsLater: 100, action: .none, next: .maintenance(downtimeID: 13)),
    ]

    @Test(arguments: cases)
    func decide(_ c: Case) {
        let input = AlertInput(phase: c.phase, alertOpen: c.open, availability: c.availability, samples: c.samples, latestFailed: c.latestFailed,
                               coveringDowntime: c.covering, thresholdPercent: 80, graceSeconds: 300, now: Self.t0.addingTimeInterval(c.secondsLater))
        let decision = AlertRules.decide(input)
        #expect(decision.action == c.action, "\(c.name)")
        #expect(decision.phase == c.next, "\(c.name)")
    }

    @Test func anOutageRaisesExactlyOneAlertAndOneRecovery() {
        // 200 ×10, 500 ×10, 200 ×20, at one sample a second with a 10-second window.
        let outcomes = Array(repeating: true, count: 10) + Array(repeating: false, count: 10) + Array(repeating: true, count: 20)
        var open = false
        var phase = MonitorPhase.normal
        var actions: [AlertAction] = []
        for index in outcomes.indices {
            let window = outcomes[max(0, index - 9)...index]
            let availability = 100 * Double(window.filter { $0 }.count) / Double(window.count)
            let decision = AlertRules.decide(AlertInput(phase: phase, alertOpen: open, availability: availability, samples: window.count,
                                                        latestFailed: !outcomes[index], coveringDowntime: nil, thresholdPercent: 80,
                                                        now: Self.t0.addingTimeInterval(Double(index))))
            phase = decision.phase
            if decision.action == .alert { open = true }
            if decision.action == .recover { open = false }
            if decision.action != .none { actions.append(decision.action) }
        }
        #expect(actions == [.alert, .recover])
    }

    @Test func messagesReadLikeTheClassicMonitors() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(AlertText.down(kind: .http, url: "http://127.0.0.1:8000/", name: "x", availability: 40, at: at)
                == "Website http://127.0.0.1:8000/ is down. availability=40.00%, time=2027-01-15T08:00:00Z")
        #expect(AlertText.down(kind: .tcp, url: "", name: "pg-3 port", availability: 0, at: at).hasPrefix("pg-3 port is down."))
        #expect(AlertText.recovered(kind: .http, url: "http://a/", name: "a", availability: 90, at: at.addingTimeInterval(190), since: at)
                .hasSuffix("after an outage of 3 minutes"))
        #expect(AlertText.stillDown(downtimeID: 12, endedAt: Date(timeIntervalSince1970: 1_800_000_000 - 6 * 3600), target: "db-east", checkName: "db", at: at)
                == "DT-12 ended at 02:00 but db-east is still down. check=\"db\", time=2027-01-15T08:00:00Z")
    }

    @Test(arguments: [
        (false, 3.5, CertificateAction.warn(daysLeft: 3)), (true, 3.5, .none), (true, 30.0, .renewed), (false, 30.0, .none),
    ])
    func certificateWarnings(open: Bool, daysLeft: Double, expected: CertificateAction) {
        let now = Self.t0
        #expect(AlertRules.certificate(warningOpen: open, expiry: now.addingTimeInterval(daysLeft * 86_400), minimumDays: 14, now: now) == expected)
        #expect(AlertRules.certificate(warningOpen: open, expiry: nil, minimumDays: 14, now: now) == .none, "no expiry read: the outage rules decide")
    }
}
