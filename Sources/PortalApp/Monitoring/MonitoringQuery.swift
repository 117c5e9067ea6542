import Foundation
import PortalCore
import PortalStore

/// The figures the monitoring pages and the console show for a check, read from samples and rollups.
struct CheckFigures {
    let check: CheckRecord
    let health: CheckHealth
    let latest: NewSample?
    let recent: WindowStats
    let hour: SampleAggregate
    let sparkline: String
    let openAlert: AlertRecord?
}

enum MonitoringQuery {
    /// Figures of the given checks at `now`: the last 2 minutes from raw samples, the last hour from minute rollups.
    static func figures(_ db: Database, checks: [CheckRecord], now: Date, sparklines: Bool = true) throws -> [CheckFigures] {
        let maintenance = try CheckStateStore.inMaintenance(db)
        let hourStart = RollupBuckets.minute(now).addingTimeInterval(-59 * 60)
        return try checks.map { check in
            let open = try AlertStore.openAlert(db, checkID: check.id)
            let latest = try SampleStore.latest(db, checkID: check.id)?.sample
            let series = try RollupStore.series(db, checkID: check.id, resolution: .minute, from: hourStart, to: now.addingTimeInterval(60))
            var hour = SampleAggregate()
            for (_, part) in series { hour.merge(part) }
            let health = CheckHealth.of(paused: check.spec.paused, alertOpen: open != nil, inMaintenance: maintenance[check.id] != nil,
                                        latestAvailable: latest?.available, latestDegraded: latest?.degraded ?? false)
            return CheckFigures(
                check: check, health: health, latest: latest, recent: try SampleStore.window(db, checkID: check.id, since: now.addingTimeInterval(-120)),
                hour: hour, sparkline: sparklines ? CheckChart.sparkline(series.map { CheckChart.Bucket(start: $0.0, aggregate: $0.1) }, from: hourStart, step: 60, count: 60) : "",
                openAlert: open)
        }
    }

    /// The health of every check, cheaply (for the state filter and the status page).
    static func health(_ db: Database, checks: [CheckRecord]) throws -> [Int64: CheckHealth] {
        let open = try AlertStore.openCheckIDs(db)
        let maintenance = try CheckStateStore.inMaintenance(db)
        var result: [Int64: CheckHealth] = [:]
        for check in checks {
            let latest = try SampleStore.latest(db, checkID: check.id)?.sample
            result[check.id] = CheckHealth.of(paused: check.spec.paused, alertOpen: open.contains(check.id), inMaintenance: maintenance[check.id] != nil,
                                              latestAvailable: latest?.available, latestDegraded: latest?.degraded ?? false)
        }
        return result
    }

    /// The worst health of the running checks on each service (by service id), for the status page.
    static func serviceHealth(_ db: Database) throws -> [Int64: CheckHealth] {
        let checks = try CheckStore.list(db, paused: false).filter { $0.target.kind == .service }
        let rank: [CheckHealth: Int] = [.down: 3, .degraded: 2, .maintenance: 1]
        var result: [Int64: CheckHealth] = [:]
        let serviceOf = Dictionary(uniqueKeysWithValues: checks.map { ($0.id, $0.target.id) })
        for (id, health) in try health(db, checks: checks) {
            guard let service = serviceOf[id] else { continue }
            if (rank[health] ?? 0) > (result[service].flatMap { rank[$0] } ?? 0) { result[service] = health }
        }
        return result
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f %%", $0) } ?? "—" }
    static func ms(_ value: Double?) -> String { value.map { String(format: "%.0f ms", $0) } ?? "—" }

    /// `200×12 500×3`.
    static func codes(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "—" : counts.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
    }
}
