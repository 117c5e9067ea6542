import Foundation
import PortalCore
import Testing

/// The alert rules' transition table (drawn at /help/lifecycle) agrees with `AlertRules.decide`.
@Suite("Alert lifecycle table")
struct AlertLifecycleTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func input(_ phase: MonitorPhase, open: Bool, failing: Bool, covering: Int64? = nil) -> AlertInput {
        AlertInput(phase: phase, alertOpen: open, availability: failing ? 0 : 100, samples: 1, latestFailed: failing, coveringDowntime: covering,
                   thresholdPercent: 50, graceSeconds: 300, now: now)
    }

    /// One input that makes each transition of the table happen, by its event.
    static let witnesses: [String: AlertInput] = [
        "fails (alert)": input(.normal, open: false, failing: true),
        "healthy (recovery)": input(.normal, open: true, failing: false),
        "downtime covers it": input(.normal, open: false, failing: true, covering: 7),
        "downtime ends, healthy": input(.maintenance(downtimeID: 7), open: false, failing: false),
        "downtime ends, failing": input(.maintenance(downtimeID: 7), open: false, failing: true),
        "healthy": input(.afterMaintenance(downtimeID: 7, endedAt: now.addingTimeInterval(-60)), open: false, failing: false),
        "still down after grace (alert)": input(.afterMaintenance(downtimeID: 7, endedAt: now.addingTimeInterval(-301)), open: false, failing: true),
    ]

    @Test func everyTransitionOfTheTableIsWhatTheRulesDo() throws {
        #expect(Set(Self.witnesses.keys) == Set(AlertRules.transitions.map(\.event)), "one witness per transition")
        for transition in AlertRules.transitions {
            let input = try #require(Self.witnesses[transition.event])
            #expect(AlertLifecycleState.of(phase: input.phase, alertOpen: input.alertOpen) == transition.from, "\(transition.event): from")
            let decision = AlertRules.decide(input)
            let openAfter = switch decision.action {
            case .alert, .stillDown: true
            case .recover: false
            case .none: input.alertOpen
            }
            #expect(AlertLifecycleState.of(phase: decision.phase, alertOpen: openAfter) == transition.to, "\(transition.event): to")
        }
    }
}
