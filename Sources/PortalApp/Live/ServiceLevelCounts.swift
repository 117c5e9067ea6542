import Foundation
import PortalCore
import PortalStore

/// The good, bad and maintenance minutes of services over every window and over the calendar month so far, as a pass
/// read them from the store; within the same minute the level worker moves them by the minutes it changed instead of
/// reading them again (a burst of samples changes the newest minute of every service, which every window holds).
struct ServiceLevelCounts {
    var windows: [ServiceLevelWindow: [Int64: MinuteCounts]] = [:]
    /// Only services with a calendar-month SLA are read; the others' entries are not used.
    var month: [Int64: MinuteCounts] = [:]

    /// Reads the sums of the services in `only` (every service when nil) ending at `now`; `slas` picks the month's.
    static func read(_ db: Database, now: Date, only: Set<Int64>?, slas: [Int64: (percent: Double, period: String)]) throws -> ServiceLevelCounts {
        let nowMinute = Int(now.timeIntervalSince1970 / 60)
        var result = ServiceLevelCounts()
        for window in ServiceLevelWindow.allCases {
            result.windows[window] = try ServiceLevelStore.counts(db, now: nowMinute, minutes: window.minutes, serviceIDs: only)
        }
        let monthly = Set(slas.filter { $0.value.period == "month" }.keys).intersection(only ?? Set(slas.keys))
        if !monthly.isEmpty {
            result.month = try ServiceLevelStore.counts(db, now: nowMinute, minutes: SLAPeriod.monthMinutes(now: now), serviceIDs: monthly)
        }
        return result
    }

    /// The sums after one minute's signal changed: every window ending at `nowMinute` that holds the minute, and the
    /// month when the minute is in it.
    mutating func apply(_ change: ServiceLevelMinutes.Change, nowMinute: Int, monthMinutes: Int) {
        guard change.from != change.to, change.minute <= nowMinute else { return }
        for window in ServiceLevelWindow.allCases where change.minute > nowMinute - window.minutes {
            windows[window, default: [:]][change.serviceID, default: MinuteCounts()].move(from: change.from, to: change.to)
        }
        if change.minute > nowMinute - monthMinutes { month[change.serviceID, default: MinuteCounts()].move(from: change.from, to: change.to) }
    }

    /// These sums with the services in `ids` taken from `fresh` (absent there: no minute in the window).
    func replacing(_ ids: Set<Int64>, with fresh: ServiceLevelCounts) -> ServiceLevelCounts {
        var result = self
        for window in ServiceLevelWindow.allCases {
            for id in ids { result.windows[window, default: [:]][id] = fresh.windows[window]?[id] }
        }
        for id in ids { result.month[id] = fresh.month[id] }
        return result
    }
}

extension MinuteCounts {
    /// One minute's signal went from `from` to `to`.
    mutating func move(from: MinuteSignal, to: MinuteSignal) {
        add(from, -1)
        add(to, 1)
    }

    private mutating func add(_ signal: MinuteSignal, _ times: Int) {
        switch signal {
        case .good: good += times
        case .bad: bad += times
        case .maintenance: maintenance += times
        case .noSignal: break
        }
    }
}
