extension MinuteSignal {
    /// One check's minute from its rollup counts: bad when a sample outside declared downtime failed, maintenance when
    /// every sample was explained by a declared downtime in progress, good otherwise; no signal without samples.
    public init(samples: Int, up: Int, maintenanceSamples: Int, maintenanceUp: Int) {
        let outside = samples - maintenanceSamples
        if samples <= 0 {
            self = .noSignal
        } else if outside > 0 {
            self = up - maintenanceUp < outside ? .bad : .good
        } else {
            self = .maintenance
        }
    }

    /// A service's minute from its checks' minutes: one bad check makes it bad; a good one outweighs maintenance.
    public static func combine(_ signals: [MinuteSignal]) -> MinuteSignal {
        if signals.contains(.bad) { return .bad }
        if signals.contains(.good) { return .good }
        if signals.contains(.maintenance) { return .maintenance }
        return .noSignal
    }

    /// The stored spelling (`good`, `bad`, `maintenance`); nil for no signal, which is never stored.
    public var storedName: String? {
        switch self {
        case .good: "good"
        case .bad: "bad"
        case .maintenance: "maintenance"
        case .noSignal: nil
        }
    }

    public init(storedName: String) {
        switch storedName {
        case "good": self = .good
        case "bad": self = .bad
        case "maintenance": self = .maintenance
        default: self = .noSignal
        }
    }
}
