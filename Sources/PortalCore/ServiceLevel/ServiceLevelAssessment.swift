/// A service's levels over every window, judged against its advertised SLA: the mood, the error budget left and
/// the reason in words. Pure: the caller supplies the minutes and whether a downtime in progress explains them.
public struct ServiceLevelAssessment: Sendable, Equatable {
    public let name: String
    public let levels: [ServiceLevel]
    public let mood: ServiceMood
    /// The advertised SLA in percent (e.g. 99.9), nil when none is advertised.
    public let slaPercent: Double?
    /// Bad minutes the period may still have before the SLA is breached (negative once spent); nil without an SLA.
    public let budgetLeftMinutes: Double?
    public let reason: String

    /// - Parameters:
    ///   - signals: minute index → signal, covering at least the SLA period (30 days) before `now`.
    ///   - periodMinutes: the SLA period (a calendar month's minutes so far, or 43,200 for rolling 30 days).
    ///   - inMaintenance: a declared downtime in progress covers the service now.
    ///   - lastBadCause, openIncidents: as for the init from counts.
    public init(name: String, signals: [Int: MinuteSignal], now: Int, slaPercent: Double?, periodMinutes: Int = 43_200,
                inMaintenance: Bool, lastBadCause: String = "", openIncidents: [String] = []) {
        var periodGood = 0, periodBad = 0
        for (minute, signal) in signals where minute > now - periodMinutes && minute <= now {
            switch signal {
            case .good: periodGood += 1
            case .bad: periodBad += 1
            case .maintenance, .noSignal: break
            }
        }
        let latest = (0..<ServiceLevelWindow.tenMinutes.minutes).lazy.map { signals[now - $0] ?? .noSignal }.first { $0 != .noSignal }
        self.init(name: name, levels: ServiceLevelWindow.allCases.map { ServiceLevel(window: $0, signals: signals, now: now) },
                  periodGood: periodGood, periodBad: periodBad, latest: latest, slaPercent: slaPercent, inMaintenance: inMaintenance,
                  lastBadCause: lastBadCause, openIncidents: openIncidents)
    }

    /// The same judgement from counts (what the store sums per window), without every minute in memory.
    /// - Parameters:
    ///   - levels: one level per `ServiceLevelWindow`, shortest first.
    ///   - periodGood, periodBad: good and bad minutes of the SLA period.
    ///   - latest: the newest minute with a signal within the short window, nil when none.
    ///   - lastBadCause: why the newest bad minute of the short window was bad ("heartbeat nightly down"), empty if unknown.
    ///   - openIncidents: open incidents on the service ("INC-3"). People declared a problem: an `ok` or `unknown` service
    ///     becomes `degraded` and the reason names them; the level itself stays what the signals measured, and
    ///     maintenance, down and breaching keep their mood (they already say more).
    public init(name: String, levels: [ServiceLevel], periodGood: Int, periodBad: Int, latest: MinuteSignal?, slaPercent: Double?,
                inMaintenance: Bool, lastBadCause: String = "", openIncidents: [String] = []) {
        self.name = name
        self.slaPercent = slaPercent
        self.levels = levels
        let short = levels[0]
        let periodCounted = periodGood + periodBad
        if let slaPercent {
            budgetLeftMinutes = (1 - slaPercent / 100) * Double(periodCounted) - Double(periodBad)
        } else {
            budgetLeftMinutes = nil
        }
        let target = slaPercent ?? 100
        var judged: ServiceMood
        if inMaintenance {
            judged = .maintenance
        } else if periodCounted == 0 && latest == nil {
            judged = .unknown
        } else if let left = budgetLeftMinutes, left < 0 {
            judged = .breaching
        } else if latest == .bad {
            judged = .down
        } else if let percent = short.percent, percent < target {
            judged = .degraded
        } else {
            judged = openIncidents.isEmpty ? .ok : .degraded
        }
        if judged == .unknown && !openIncidents.isEmpty { judged = .degraded }
        mood = judged
        var reason: String
        switch mood {
        case .maintenance: reason = "\(name): in declared maintenance"
        case .breaching: reason = short.sentence(name: name, cause: lastBadCause) + "; the error budget of the period is spent"
        default: reason = short.sentence(name: name, cause: lastBadCause)
        }
        if !openIncidents.isEmpty {
            reason += "; incident\(openIncidents.count == 1 ? "" : "s") \(openIncidents.joined(separator: ", ")) open"
        }
        self.reason = reason
    }
}

/// How an aggregate (a process, a region, overall) takes its services' levels.
public enum ServiceLevelAggregation {
    /// A business process is as good as its worst hard dependency.
    public static func worst(_ percents: [Double?]) -> Double? {
        percents.compactMap { $0 }.min()
    }

    /// A region or the whole estate: the mean of its services' levels (services without a signal left out).
    public static func mean(_ percents: [Double?]) -> Double? {
        let known = percents.compactMap { $0 }
        return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
    }

    /// "Overall service level: 99.99% (within advertised SLA range)".
    public static func sentence(name: String, percent: Double?, slaPercent: Double?) -> String {
        guard let percent else { return "\(name) service level: unknown (no signal)" }
        let verdict = slaPercent.map { percent >= $0 ? "within advertised SLA range" : "below the advertised \(ServiceLevel.format($0))" }
            ?? "no SLA advertised"
        return "\(name) service level: \(ServiceLevel.format(percent)) (\(verdict))"
    }
}
