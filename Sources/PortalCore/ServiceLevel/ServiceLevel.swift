/// A service's level over one window: the share of good minutes among the minutes that had a signal and were not
/// explained by declared downtime.
public struct ServiceLevel: Sendable, Equatable {
    public let window: ServiceLevelWindow
    public let goodMinutes: Int
    public let badMinutes: Int
    public let maintenanceMinutes: Int

    public init(window: ServiceLevelWindow, goodMinutes: Int, badMinutes: Int, maintenanceMinutes: Int) {
        self.window = window
        self.goodMinutes = goodMinutes
        self.badMinutes = badMinutes
        self.maintenanceMinutes = maintenanceMinutes
    }

    /// Minutes `signals` holds for the window ending at `now` (a minute index; `signals[m]` for minute m).
    public init(window: ServiceLevelWindow, signals: [Int: MinuteSignal], now: Int) {
        var good = 0, bad = 0, maintenance = 0
        let first = now - window.minutes + 1
        for (minute, signal) in signals where minute >= first && minute <= now {
            switch signal {
            case .good: good += 1
            case .bad: bad += 1
            case .maintenance: maintenance += 1
            case .noSignal: break
            }
        }
        self.init(window: window, goodMinutes: good, badMinutes: bad, maintenanceMinutes: maintenance)
    }

    /// Percent of good minutes, nil when no minute counted.
    public var percent: Double? {
        let counted = goodMinutes + badMinutes
        return counted == 0 ? nil : Double(goodMinutes) * 100 / Double(counted)
    }

    /// `100%`, `99.9%`, `99.99%`, `87.5%`: truncated, never rounded up to a better level; three decimals at most
    /// from 99% up (where 99.9 and 99.99 differ), one below; trailing zeros left out.
    public static func format(_ percent: Double) -> String {
        if percent >= 100 { return "100%" }
        let scale = percent >= 99 ? 1000 : 10
        let scaled = Int((max(0, percent) * Double(scale) + 1e-6).rounded(.down))
        var fraction = String(scaled % scale)
        while fraction.count < String(scale).count - 1 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(scaled / scale)" + (fraction.isEmpty ? "" : "." + fraction) + "%"
    }

    /// "Storage service level: 100% (no outage in the last 10 min)"; with the cause of the newest bad minute when
    /// known: "User service level: 90% (1 bad minute in the last 10 min: heartbeat nightly down)".
    public func sentence(name: String, cause: String = "") -> String {
        guard let percent else { return "\(name) service level: unknown (no signal in the last \(window.label))" }
        let detail: String
        if badMinutes == 0 {
            detail = maintenanceMinutes > 0 ? "no outage outside declared downtime in the last \(window.label)" : "no outage in the last \(window.label)"
        } else {
            detail = "\(badMinutes) bad minute\(badMinutes == 1 ? "" : "s") in the last \(window.label)" + (cause.isEmpty ? "" : ": \(cause)")
        }
        return "\(name) service level: \(Self.format(percent)) (\(detail))"
    }
}
