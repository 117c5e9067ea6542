import Foundation
import PortalCore
import PortalStore

/// What `forewarn monitor` needs from the portal's monitoring code: the console table and the classic configuration.
public enum MonitoringConsole {
    /// Every check's availability, average and maximum response time and response codes over the last `window` seconds,
    /// as an aligned text table (raw samples for short windows, minute rollups plus the raw current minute otherwise).
    public static func table(_ store: Store, window: Double, now: Date = Date()) throws -> String {
        let rows = try store.read { db -> [[String]] in
            try CheckStore.list(db).map { check in
                let stats = try SampleStore.window(db, checkID: check.id, since: now.addingTimeInterval(-window))
                return [check.name, check.spec.kind.rawValue, MonitoringQuery.percent(stats.availability), MonitoringQuery.ms(stats.averageMS),
                        MonitoringQuery.ms(stats.maxMS.map(Double.init)), MonitoringQuery.codes(stats.statusCounts)]
            }
        }
        let title = "\(UTCTimestamp.string(from: now)) — last \(window >= 3600 ? "hour" : "\(Int(window / 60)) minutes")"
        return title + "\n" + align([["CHECK", "KIND", "AVAILABILITY", "AVG", "MAX", "CODES"]] + rows, numeric: [2, 3, 4])
    }

    /// Columns padded to their widest cell; `numeric` columns aligned right.
    public static func align(_ rows: [[String]], numeric: Set<Int> = []) -> String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return numeric.contains(c) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }

    /// The portal's address for links in alert mail sent by a monitor running alone: `--public-url`, else the value saved
    /// on the mail settings page, else `fallback`.
    public static func publicBase(_ store: Store, configured: String?, fallback: String) -> String {
        if let configured, !configured.isEmpty { return configured }
        return (try? store.read { try SettingsStore.value($0, PublicURL.settingKey) }).flatMap { $0 } ?? fallback
    }

    /// Every check as CSV in the import columns.
    public static func exportChecks(_ store: Store) throws -> String { try store.read { try CheckCSV.export($0) } }

    /// Creates or updates one HTTP check per site of a classic monitor configuration, named after its URL, on `target`
    /// (`kind:name`; when nil, the service `websites`, created if missing). Returns lines to print.
    public static func applyClassic(_ store: Store, json: String, target: String?) throws -> [String] {
        let config = try ClassicMonitorConfig(json: json)
        var lines = config.warnings.map { "warning: \($0)" }
        var kind = "service", name = "websites"
        if let target {
            let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw FieldError(field: "target", message: "--target must look like service:NAME, server:NAME or cluster:NAME.") }
            (kind, name) = (parts[0], parts[1])
        } else if try store.read({ try CheckStore.target($0, kind: "service", name: "websites") }) == nil {
            _ = try store.write { db in
                try EntityStore.saveAudited(db, InventorySpecs.services, ["name": "websites", "environment": "PROD", "tier": "3",
                                                                          "description": "Websites of a classic monitor configuration"], actor: "monitor")
            }
            lines.append("created the service 'websites' for the configuration's checks (choose another with --target)")
        }
        do {
            let (created, updated) = try CheckService.applyClassic(store, config, targetKind: kind, targetName: name, actor: AuditActor(name: "monitor --config", role: nil, requestID: nil))
            lines.append("\(created) check\(created == 1 ? "" : "s") created, \(updated) updated from the configuration")
        } catch CheckService.Failure.invalid(let errors) {
            throw FieldError(field: "config", message: errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: " "))
        }
        return lines
    }
}
