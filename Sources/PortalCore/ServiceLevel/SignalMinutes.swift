import Foundation

/// Turns heartbeats and log rules into minutes of their service (pure: the store supplies the history).
public enum SignalMinutes {
    /// A heartbeat's minutes in `fromMinute...toMinute`: bad when it was down at any moment of the minute, good when it
    /// was up or late the whole minute, no signal while it was new. Down minutes count as maintenance when a declared
    /// downtime explains the heartbeat (`inMaintenance`, its phase now).
    /// - Parameters:
    ///   - stateAtStart: the state at the start of `fromMinute` (`new` when it had no transition before).
    ///   - transitions: moves within the range, oldest first (`at`, the state moved to).
    public static func heartbeat(name: String, stateAtStart: HeartbeatState, transitions: [(at: Date, to: HeartbeatState)],
                                 fromMinute: Int, toMinute: Int, inMaintenance: Bool = false) -> [Int: MinuteObservation] {
        guard fromMinute <= toMinute else { return [:] }
        var result: [Int: MinuteObservation] = [:]
        var state = stateAtStart
        var index = 0
        let sorted = transitions.sorted { $0.at < $1.at }
        for minute in fromMinute...toMinute {
            let start = Date(timeIntervalSince1970: Double(minute) * 60), end = start.addingTimeInterval(60)
            while index < sorted.count && sorted[index].at <= start {
                state = sorted[index].to
                index += 1
            }
            var seen: Set<HeartbeatState> = [state]
            while index < sorted.count && sorted[index].at < end {
                state = sorted[index].to
                seen.insert(state)
                index += 1
            }
            if seen.contains(.down) {
                result[minute] = inMaintenance ? MinuteObservation(.maintenance, cause: "heartbeat \(name) down in declared downtime")
                    : MinuteObservation(.bad, cause: "heartbeat \(name) down")
            } else if seen.contains(.up) || seen.contains(.late) {
                result[minute] = MinuteObservation(.good)
            }
        }
        return result
    }

    /// A log rule's broken minutes in `fromMinute...toMinute`: from the minute it fired to the minute its window ends
    /// (its error rate is over the line until then); maintenance when a declared downtime silenced it.
    public static func ruleFired(name: String, firedAt: Date, windowEnd: Date, silenced: Bool, fromMinute: Int, toMinute: Int) -> [Int: MinuteObservation] {
        let first = max(fromMinute, Int((firedAt.timeIntervalSince1970 / 60).rounded(.down)))
        let last = min(toMinute, Int((max(windowEnd, firedAt).timeIntervalSince1970 / 60).rounded(.down)))
        guard first <= last else { return [:] }
        let observation = silenced ? MinuteObservation(.maintenance, cause: "rule \(name) fired in declared downtime")
            : MinuteObservation(.bad, cause: "rule \(name) fired")
        return Dictionary(uniqueKeysWithValues: (first...last).map { ($0, observation) })
    }
}
