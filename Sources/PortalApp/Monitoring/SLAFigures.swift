import Foundation
import PortalCore
import PortalStore

/// Service-level figures of a check for a period: availability with and without declared downtime, outages, the
/// current outage, time since the last failure, response times with percentiles from the rollups.
struct SLAFigures {
    let total: SampleAggregate
    let outages: Int
    let outageSeconds: Double
    let currentOutage: Double?
    let sinceLastFailure: Double?

    static func of(_ db: Database, check: CheckRecord, from: Date, to: Date) throws -> SLAFigures {
        let total = try RollupStore.total(db, checkID: check.id, from: RollupBuckets.minute(from), to: to.addingTimeInterval(60))
        // Stored times have whole seconds: an alert that started in the period's last second is in it.
        let alerts = try AlertStore.list(db, AlertFilter(checkID: check.id, from: from, to: to.addingTimeInterval(1), limit: 10_000)).filter { $0.kind != .certificate }
        var seconds = 0.0
        for alert in alerts {
            seconds += max(0, min(alert.endedAt ?? to, to).timeIntervalSince(max(alert.startedAt, from)))
        }
        let current = alerts.first { $0.endedAt == nil }.map { to.timeIntervalSince($0.startedAt) }
        let lastFailure = try SampleStore.lastFailure(db, checkID: check.id).map { to.timeIntervalSince($0) }
        return SLAFigures(total: total, outages: alerts.count, outageSeconds: seconds, currentOutage: current, sinceLastFailure: lastFailure)
    }

    /// The figures of a service: its checks' samples merged, outages summed, the longest current outage and the most
    /// recent failure of any of them.
    static func of(_ db: Database, checks: [CheckRecord], from: Date, to: Date) throws -> SLAFigures {
        let parts = try checks.map { try of(db, check: $0, from: from, to: to) }
        var total = SampleAggregate()
        for part in parts { total.merge(part.total) }
        return SLAFigures(total: total, outages: parts.map(\.outages).reduce(0, +), outageSeconds: parts.map(\.outageSeconds).reduce(0, +),
                          currentOutage: parts.compactMap(\.currentOutage).max(), sinceLastFailure: parts.compactMap(\.sinceLastFailure).min())
    }

    var facts: [MonitoringPages.DetailModel.Fact] {
        [
            .init(label: "Availability", value: MonitoringQuery.percent(total.availability)),
            .init(label: "Availability without declared downtime", value: MonitoringQuery.percent(total.availabilityExcludingDowntime)),
            .init(label: "Outages", value: "\(outages), \(DurationText.format(outageSeconds)) in all"),
            .init(label: "Current outage", value: currentOutage.map(DurationText.format) ?? "none"),
            .init(label: "Since the last failure", value: sinceLastFailure.map(DurationText.format) ?? "no failure recorded"),
            .init(label: "Response time", value: "avg \(MonitoringQuery.ms(total.averageMS)) · p50 \(MonitoringQuery.ms(total.histogram.percentile(50))) · p95 \(MonitoringQuery.ms(total.histogram.percentile(95))) · p99 \(MonitoringQuery.ms(total.histogram.percentile(99)))"),
            .init(label: "Samples", value: "\(total.samples)"),
        ]
    }

    var json: [String: Any] {
        ["availability": total.availability as Any, "availability_excluding_downtime": total.availabilityExcludingDowntime as Any,
         "outages": outages, "outage_seconds": Int(outageSeconds), "current_outage_seconds": currentOutage.map { Int($0) } as Any,
         "seconds_since_last_failure": sinceLastFailure.map { Int($0) } as Any, "samples": total.samples,
         "response_ms": ["average": total.averageMS as Any, "p50": total.histogram.percentile(50) as Any, "p95": total.histogram.percentile(95) as Any,
                         "p99": total.histogram.percentile(99) as Any]]
    }
}
