import Foundation
import PortalCore
import Testing

@Suite("Heartbeat state machine")
struct HeartbeatRulesTests {
    @Test(arguments: [
        (HeartbeatState.new, HeartbeatSignal.ping, HeartbeatState.up),
        (.new, .start, .new),
        (.new, .periodPassed, .new),
        (.new, .gracePassed, .new),
        (.new, .fail, .down),
        (.up, .ping, .up),
        (.up, .start, .up),
        (.up, .periodPassed, .late),
        (.up, .gracePassed, .down),
        (.up, .fail, .down),
        (.late, .ping, .up),
        (.late, .periodPassed, .late),
        (.late, .gracePassed, .down),
        (.late, .fail, .down),
        (.down, .ping, .up),
        (.down, .start, .down),
        (.down, .gracePassed, .down),
        (.down, .fail, .down),
    ])
    func transition(from: HeartbeatState, signal: HeartbeatSignal, expected: HeartbeatState) {
        #expect(HeartbeatRules.next(from, signal) == expected)
    }

    static let pinged = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [
        ("never pinged: the clock waits for the first ping", nil as Double?, nil as HeartbeatSignal?),
        ("within the period", 59, nil),
        ("the period just passed", 60, .periodPassed),
        ("within the grace", 89.9, .periodPassed),
        ("period and grace passed", 90, .gracePassed),
        ("long gone", 86_400, .gracePassed),
    ])
    func clock(name: String, secondsSincePing: Double?, expected: HeartbeatSignal?) {
        let now = Self.pinged.addingTimeInterval(secondsSincePing ?? 1000)
        #expect(HeartbeatRules.clockSignal(lastPing: secondsSincePing == nil ? nil : Self.pinged, period: 60, grace: 30, now: now) == expected, "\(name)")
    }

    @Test(arguments: [
        (HeartbeatState.new, nil as Double?),
        (.up, 60),
        (.late, 90),
        (.down, nil),
    ])
    func deadline(state: HeartbeatState, expected: Double?) {
        #expect(HeartbeatRules.nextDeadline(state: state, lastPing: Self.pinged, period: 60, grace: 30) == expected.map { Self.pinged.addingTimeInterval($0) })
    }

    @Test func everyStateIsReachableAndDownRecoversOnlyByAPing() {
        let reachable = Set(HeartbeatRules.transitions.map(\.to))
        #expect(reachable == [.up, .late, .down])
        #expect(HeartbeatRules.transitions.filter { $0.from == .down && $0.to != .down }.map(\.signal) == [.ping])
    }

    /// Heartbeats use the monitoring alert rules: one alert when down, silence in a downtime, "still down" after it.
    @Test(arguments: [
        ("down, no downtime: alert", HeartbeatState.down, MonitorPhase.normal, false, nil as Int64?, 0.0, AlertDecision(.alert, .normal)),
        ("down with an alert open: nothing more", .down, .normal, true, nil, 0, AlertDecision(.none, .normal)),
        ("up again: recover", .up, .normal, true, nil, 0, AlertDecision(.recover, .normal)),
        ("late is no alert", .late, .normal, false, nil, 0, AlertDecision(.none, .normal)),
        ("new is no alert", .new, .normal, false, nil, 0, AlertDecision(.none, .normal)),
        ("down in a downtime: silent", .down, .normal, false, 7, 0, AlertDecision(.none, .maintenance(downtimeID: 7))),
        ("downtime ended, within its grace: wait", .down, .maintenance(downtimeID: 7), false, nil, 0,
         AlertDecision(.none, .afterMaintenance(downtimeID: 7, endedAt: pinged))),
        ("downtime ended, grace over, still down", .down, .afterMaintenance(downtimeID: 7, endedAt: pinged.addingTimeInterval(-301)), false, nil, 0,
         AlertDecision(.stillDown(downtimeID: 7, endedAt: pinged.addingTimeInterval(-301)), .normal)),
        ("downtime ended, grace over, up: nothing", .up, .afterMaintenance(downtimeID: 7, endedAt: pinged.addingTimeInterval(-301)), false, nil, 0,
         AlertDecision(.none, .normal)),
    ])
    func alerts(name: String, state: HeartbeatState, phase: MonitorPhase, open: Bool, covering: Int64?, _ unused: Double, expected: AlertDecision) {
        let input = HeartbeatRules.alertInput(state: state, phase: phase, alertOpen: open, coveringDowntime: covering, graceSeconds: 300, now: Self.pinged)
        #expect(AlertRules.decide(input) == expected, "\(name)")
    }
}
