import Foundation
import PortalCore
import PortalStore

/// Writes each service's minutes from its signals: checks' minute rollups, heartbeats (down minutes bad, up or late
/// good), log rules (bad from the minute a rule fired to the end of its window; a rule watching quietly makes a minute
/// good when nothing else spoke). Recent minutes are recomputed on every pass (the current minute's rollup grows); the
/// first pass after a start fills the last day without undoing what was stored (log rule windows are not kept).
struct ServiceLevelMinutes {
    /// One stored minute whose signal a pass changed (`noSignal`: no row).
    struct Change: Equatable {
        let serviceID: Int64
        let minute: Int
        let from: MinuteSignal
        let to: MinuteSignal
    }

    /// Minutes read again on each pass: the current minute's rollup grows until it ends.
    static let overlapMinutes = 2
    /// Minutes turned into levels on the first pass after a start.
    static let backfillMinutes = 1440

    private var lastMinute: Int?
    /// Rule firings seen on earlier passes: a rule keeps only its current window, so a firing whose window was replaced
    /// before its minutes left the overlap would otherwise be forgotten.
    private var ruleMemo: [Int64: [Int: MinuteObservation]] = [:]

    /// Brings the stored minutes of every service up to `nowMinute`; returns the minutes whose row changed (a changed
    /// cause alone counts too, with the same signal on both sides).
    @discardableResult
    mutating func update(_ db: Database, nowMinute: Int) throws -> [Change] {
        var changed: [Change] = []
        let from = lastMinute.map { $0 - Self.overlapMinutes } ?? nowMinute - Self.backfillMinutes
        // Minutes before this keep what was stored (merged with the sources); later ones are what the sources say now.
        let keepStoredBefore = lastMinute == nil ? nowMinute - Self.overlapMinutes : from
        var observed: [Int64: [Int: [MinuteObservation]]] = [:]
        func add(_ serviceID: Int64, _ minutes: [Int: MinuteObservation]) {
            for (minute, observation) in minutes { observed[serviceID, default: [:]][minute, default: []].append(observation) }
        }
        for row in try ServiceLevelStore.checkMinutes(db, fromMinute: from) where row.minute <= nowMinute {
            observed[row.serviceID, default: [:]][row.minute, default: []].append(row.observation)
        }
        let start = Date(timeIntervalSince1970: Double(from) * 60), end = Date(timeIntervalSince1970: Double(nowMinute + 1) * 60)
        for heartbeat in try ServiceLevelStore.heartbeatHistories(db, from: start, to: end) {
            add(heartbeat.serviceID, SignalMinutes.heartbeat(name: heartbeat.name, stateAtStart: heartbeat.stateAtStart,
                                                             transitions: heartbeat.transitions, fromMinute: from, toMinute: nowMinute,
                                                             inMaintenance: heartbeat.inMaintenance))
        }
        var quietFrom: [Int64: Int] = [:]
        for rule in try ServiceLevelStore.ruleWindows(db) {
            let created = Int(rule.createdAt.timeIntervalSince1970 / 60)
            quietFrom[rule.serviceID] = min(quietFrom[rule.serviceID] ?? created, created)
            guard let firedAt = rule.firedAt, let windowEnd = rule.windowEnd else { continue }
            for (minute, observation) in SignalMinutes.ruleFired(name: rule.name, firedAt: firedAt, windowEnd: windowEnd, silenced: rule.silenced,
                                                                 fromMinute: from, toMinute: nowMinute) {
                ruleMemo[rule.serviceID, default: [:]][minute] = MinuteObservation.merge([ruleMemo[rule.serviceID]?[minute] ?? .none, observation])
            }
        }
        for serviceID in Array(ruleMemo.keys) {
            ruleMemo[serviceID] = ruleMemo[serviceID]?.filter { $0.key >= from }
            if ruleMemo[serviceID]?.isEmpty ?? true { ruleMemo[serviceID] = nil } else { add(serviceID, ruleMemo[serviceID]!) }
        }

        let stored = try ServiceLevelStore.observations(db, fromMinute: from, toMinute: nowMinute)
        for serviceID in Set(observed.keys).union(stored.keys).union(quietFrom.keys) {
            var minutes = Set(observed[serviceID]?.keys ?? [:].keys).union(stored[serviceID]?.keys ?? [:].keys)
            if let quiet = quietFrom[serviceID], quiet <= nowMinute { minutes.formUnion(max(from, quiet)...nowMinute) }
            for minute in minutes {
                let previous = stored[serviceID]?[minute] ?? .none
                var sources = observed[serviceID]?[minute] ?? []
                if minute < keepStoredBefore { sources.append(previous) }
                let merged = MinuteObservation.merge(sources, quiet: quietFrom[serviceID].map { minute >= $0 } ?? false)
                if merged != previous {
                    try ServiceLevelStore.setMinute(db, serviceID: serviceID, minute: minute, merged, previous: previous)
                    changed.append(Change(serviceID: serviceID, minute: minute, from: previous.signal, to: merged.signal))
                }
            }
        }
        lastMinute = nowMinute
        return changed
    }
}
