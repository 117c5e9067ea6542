import Foundation
import PortalCore
import PortalStore

/// The availability monitor: a scheduler that runs the checks this process holds leases on, and a writer that stores
/// their samples in batches and applies the alert rules. `forewarn serve` runs one; `forewarn monitor` runs one alone.
public final class Monitor: Sendable {
    /// The lease owner name of this process: host, process id and a random part.
    public let owner: String
    private let scheduler: CheckScheduler
    private let writer: SampleWriter

    public init(store: Store, effects: MonitorEffects?, settings: MonitorSettings = MonitorSettings(), owner: String? = nil,
                report: @escaping @Sendable (String) -> Void = { _ in }) {
        let name = owner ?? "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UInt32.random(in: 0...UInt32.max))"
        self.owner = name
        writer = SampleWriter(store: store, effects: effects, settings: settings, report: report)
        scheduler = CheckScheduler(store: store, owner: name, writer: writer, settings: settings, report: report)
    }

    public func start() {
        writer.start()
        scheduler.start()
    }

    /// Stops checking, writes what was collected and gives up the leases.
    public func stop() {
        scheduler.stop()
        writer.stop()
    }

    /// Probes started, skipped (previous still running), samples written, and scheduling lag percentiles in ms.
    public func figures() -> MonitorFigures {
        let (started, skipped, lags) = scheduler.figures()
        let sorted = lags.sorted()
        func p(_ q: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] * 1000 }
        return MonitorFigures(started: started, skipped: skipped, written: writer.samplesWritten, lagP50MS: p(0.5), lagP99MS: p(0.99),
                              lagMaxMS: (sorted.last ?? 0) * 1000)
    }
}

/// What the monitor did, for logs and benchmarks.
public struct MonitorFigures: Sendable, CustomStringConvertible {
    public let started: Int
    public let skipped: Int
    public let written: Int
    public let lagP50MS: Double
    public let lagP99MS: Double
    public let lagMaxMS: Double

    public var description: String {
        String(format: "probes started=%d skipped=%d samples written=%d lag p50=%.1f ms p99=%.1f ms max=%.1f ms",
               started, skipped, written, lagP50MS, lagP99MS, lagMaxMS)
    }
}
