import Foundation
import PortalCore
import PortalHTTP
import PortalReports
import PortalStore

/// `/reports/sla`: per monitored service, availability over the range with and without declared downtime, outages, response
/// times, the target SLA (one for all, overridable per service) and whether it was breached; HTML and PDF.
enum SLAReport {
    struct Row {
        let service: String
        let checks: Int
        let availability: String
        let excluding: String
        let outages: String
        let p95: String
        let target: String
        let breached: Bool
        let verdict: String
    }

    struct Model {
        let site: SiteChrome
        let title: String
        let params: ReportsController.Parameters
        let target: String
        let targets: String
        let problem: String
        let rows: [Row]
        let hasRows: Bool
        let breaches: Int
    }

    /// `pg-3:99.5, portal:99` → per-service targets; nil when unreadable.
    static func overrides(_ text: String) -> [String: Double]? {
        var result: [String: Double] = [:]
        for part in text.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            let pieces = part.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count == 2, let value = Double(pieces[1]), (0...100).contains(value) else { return nil }
            result[pieces[0]] = value
        }
        return result
    }

    static func serviceRows(_ db: Database, from: Date, to: Date, service: String, target: Double, overrides: [String: Double]) throws -> [Row] {
        let checks = try CheckStore.list(db).filter { $0.target.kind == .service && (service.isEmpty || $0.spec.targetName == service) }
        let byService = Dictionary(grouping: checks, by: \.spec.targetName)
        return try byService.keys.sorted().map { name in
            let figures = try SLAFigures.of(db, checks: byService[name] ?? [], from: from, to: to)
            let (total, outages, seconds) = (figures.total, figures.outages, figures.outageSeconds)
            let goal = overrides[name] ?? target
            let breached = total.availabilityExcludingDowntime.map { $0 < goal } ?? false
            return Row(service: name, checks: byService[name]?.count ?? 0, availability: MonitoringQuery.percent(total.availability),
                       excluding: MonitoringQuery.percent(total.availabilityExcludingDowntime),
                       outages: outages == 0 ? "none" : "\(outages), \(DurationText.format(seconds))", p95: MonitoringQuery.ms(total.histogram.percentile(95)),
                       target: String(format: "%.2f %%", goal), breached: breached,
                       verdict: total.samples == 0 ? "no data" : (breached ? "breached" : "met"))
        }
    }

    /// `GET /api/v1/sla?from=&to=&service=`: per monitored service, the figures of the period (default the last 24 hours).
    @Sendable static func json(_ request: Request, _ context: AppContext) throws -> Response {
        let (from, to) = try CheckAPIController.period(request, default: 86_400)
        let service = request.queryValue("service") ?? ""
        let items = try context.store.read { db -> [[String: Any]] in
            let checks = try CheckStore.list(db).filter { $0.target.kind == .service && (service.isEmpty || $0.spec.targetName == service) }
            let byService = Dictionary(grouping: checks, by: \.spec.targetName)
            return try byService.keys.sorted().map { name in
                var object = try SLAFigures.of(db, checks: byService[name] ?? [], from: from, to: to).json
                object["service"] = name
                object["checks"] = byService[name]?.map(\.name) ?? []
                return object
            }
        }
        return .jsonObject(["from": StoreTime.format(from), "to": StoreTime.format(to), "items": items])
    }

    @Sendable static func page(_ request: Request, _ context: AppContext) throws -> Response {
        let p = ReportsController.parameters(request, defaultDays: -30)
        let targetText = request.queryValue("target") ?? "99.9"
        let overridesText = String((request.queryValue("targets") ?? "").prefix(2000))
        var problem = p.problem
        let target = Double(targetText).flatMap { (0...100).contains($0) ? $0 : nil }
        if problem.isEmpty && target == nil { problem = "The target SLA must be a percentage like 99.9." }
        let overrides = overrides(overridesText)
        if problem.isEmpty && overrides == nil { problem = "Per-service targets look like pg-3:99.5, portal:99." }
        let rows: [Row] = problem.isEmpty
            ? try context.store.read { try serviceRows($0, from: p.fromDate, to: min(p.toDate, Date()), service: p.service, target: target ?? 99.9, overrides: overrides ?? [:]) }
            : []
        let model = Model(site: SiteChrome(request), title: "Service levels, \(p.from) to \(p.to)", params: p, target: targetText, targets: overridesText,
                          problem: problem, rows: rows, hasRows: !rows.isEmpty, breaches: rows.filter(\.breached).count)
        if ReportsController.wantsPDF(request) && problem.isEmpty {
            let table = ReportTable(columns: [ReportColumn("Service", width: 1.4), ReportColumn("Availability", width: 1), ReportColumn("Without declared downtime", width: 1.2),
                                              ReportColumn("Outages", width: 1.3), ReportColumn("p95", width: 0.8), ReportColumn("Target", width: 0.8), ReportColumn("SLA", width: 0.8)],
                                    rows: rows.map { [ReportCell($0.service), ReportCell($0.availability), ReportCell($0.excluding), ReportCell($0.outages), ReportCell($0.p95),
                                                      ReportCell($0.target), ReportCell($0.verdict, tone: $0.breached ? .danger : .normal, bold: $0.breached)] },
                                    emptyText: "No monitored service in this range.")
            return try ReportsController.pdfResponse(request, model.title, p: p, name: "sla", blocks: [
                .heading("Service levels", level: 1),
                .paragraph("Availability from the monitoring checks of each service. Time in declared downtime is planned work: the SLA is judged without it. \(model.breaches) breach\(model.breaches == 1 ? "" : "es")."),
                .table(table),
            ])
        }
        return try context.views.page("reports/sla", model, status: problem.isEmpty ? 200 : 422)
    }
}
