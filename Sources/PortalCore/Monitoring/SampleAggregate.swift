import Foundation

/// One sample as the rollup maths sees it.
public struct SampleFacts: Sendable, Equatable {
    public var at: Date
    public var available: Bool
    public var responseMS: Int?
    public var inMaintenance: Bool

    public init(at: Date, available: Bool, responseMS: Int?, inMaintenance: Bool) {
        self.at = at
        self.available = available
        self.responseMS = responseMS
        self.inMaintenance = inMaintenance
    }
}

/// Counts and response times of many samples (a minute, an hour, a period); mergeable.
public struct SampleAggregate: Sendable, Equatable {
    public var samples = 0
    public var up = 0
    public var maintenanceSamples = 0
    public var maintenanceUp = 0
    public var timed = 0
    public var sumMS = 0
    public var minMS: Int?
    public var maxMS: Int?
    public var histogram = LatencyHistogram()

    public init() {}

    public init(samples: Int, up: Int, maintenanceSamples: Int, maintenanceUp: Int, timed: Int, sumMS: Int, minMS: Int?, maxMS: Int?,
                histogram: LatencyHistogram) {
        self.samples = samples
        self.up = up
        self.maintenanceSamples = maintenanceSamples
        self.maintenanceUp = maintenanceUp
        self.timed = timed
        self.sumMS = sumMS
        self.minMS = minMS
        self.maxMS = maxMS
        self.histogram = histogram
    }

    public mutating func add(_ sample: SampleFacts) {
        samples += 1
        if sample.available { up += 1 }
        if sample.inMaintenance {
            maintenanceSamples += 1
            if sample.available { maintenanceUp += 1 }
        }
        if let ms = sample.responseMS {
            timed += 1
            sumMS += ms
            minMS = min(minMS ?? ms, ms)
            maxMS = max(maxMS ?? ms, ms)
            histogram.add(ms)
        }
    }

    public mutating func merge(_ other: SampleAggregate) {
        samples += other.samples
        up += other.up
        maintenanceSamples += other.maintenanceSamples
        maintenanceUp += other.maintenanceUp
        timed += other.timed
        sumMS += other.sumMS
        if let m = other.minMS { minMS = min(minMS ?? m, m) }
        if let m = other.maxMS { maxMS = max(maxMS ?? m, m) }
        histogram.merge(other.histogram)
    }

    /// Availability in percent counting every sample (planned work included), nil without samples.
    public var availability: Double? { samples == 0 ? nil : 100 * Double(up) / Double(samples) }

    /// Availability in percent with the samples taken during declared downtime left out (planned work excluded).
    public var availabilityExcludingDowntime: Double? {
        let counted = samples - maintenanceSamples
        return counted == 0 ? nil : 100 * Double(up - maintenanceUp) / Double(counted)
    }

    public var averageMS: Double? { timed == 0 ? nil : Double(sumMS) / Double(timed) }
}

/// Groups samples into the UTC minute and hour buckets rollups are kept in.
public enum RollupBuckets {
    public static func minute(_ date: Date) -> Date { floor(date, 60) }
    public static func hour(_ date: Date) -> Date { floor(date, 3600) }

    static func floor(_ date: Date, _ step: Double) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / step).rounded(.down) * step)
    }
}

/// Exact percentiles of raw values (the reference the rollups are checked against).
public enum Percentile {
    public static func exact(_ values: [Int], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = max(1, Int((p / 100 * Double(sorted.count)).rounded(.up)))
        return Double(sorted[rank - 1])
    }
}
