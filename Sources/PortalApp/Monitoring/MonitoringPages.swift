import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/monitoring`, `/monitoring/checks/:id` and `/monitoring/alerts`: what the checks see, read from samples and rollups.
enum MonitoringPages {
    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    struct ListModel {
        struct Row {
            let id: Int64
            let name: String
            let kind: String
            let target: String
            let targetHref: String
            let state: String
            let stateLabel: String
            let recent: String
            let hour: String
            let average: String
            let maximum: String
            let codes: String
            let sparkline: String
        }

        let site: SiteChrome
        let title = "Monitoring"
        let rows: [Row]
        let hasRows: Bool
        let states: [Option]
        let kinds: [Option]
        let target: String
        let total: Int
        /// "1 check", "12 checks".
        let totalText: String
        let counts: String
        let canEdit: Bool
        let previous: String
        let next: String
        let hasPrevious: Bool
        let hasNext: Bool
    }

    static func stateLabel(_ health: CheckHealth) -> String {
        switch health {
        case .up: "up"
        case .degraded: "degraded"
        case .down: "down"
        case .maintenance: "in maintenance"
        case .paused: "paused"
        case .unknown: "no data yet"
        }
    }

    static func targetHref(_ check: CheckRecord) -> String {
        let plural = switch check.target.kind {
        case .service: "services"
        case .server: "servers"
        default: "clusters"
        }
        return "/\(plural)/\(check.target.id)"
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let state = request.queryValue("state").flatMap(CheckHealth.init(rawValue:))
        let kind = request.queryValue("kind").flatMap(CheckKind.init(rawValue:))
        let target = (request.queryValue("target") ?? "").trimmingCharacters(in: .whitespaces)
        let page = max(1, Int(request.queryValue("page") ?? "") ?? 1)
        let perPage = 50
        let now = Date()
        let (figures, total, counts) = try context.store.read { db -> ([CheckFigures], Int, [CheckHealth: Int]) in
            let all = try CheckStore.list(db, kind: kind, targetName: target.isEmpty ? nil : target)
            let health = try MonitoringQuery.health(db, checks: all)
            var counts: [CheckHealth: Int] = [:]
            for value in health.values { counts[value, default: 0] += 1 }
            let chosen = state.map { wanted in all.filter { health[$0.id] == wanted } } ?? all
            let slice = Array(chosen.dropFirst((page - 1) * perPage).prefix(perPage))
            return (try MonitoringQuery.figures(db, checks: slice, now: now), chosen.count, counts)
        }
        let rows = figures.map { f in
            ListModel.Row(id: f.check.id, name: f.check.name, kind: f.check.spec.kind.rawValue.uppercased(),
                          target: "\(f.check.target.kind.rawValue) \(f.check.spec.targetName)", targetHref: targetHref(f.check),
                          state: f.health.rawValue, stateLabel: stateLabel(f.health), recent: MonitoringQuery.percent(f.recent.availability),
                          hour: MonitoringQuery.percent(f.hour.availability), average: MonitoringQuery.ms(f.hour.averageMS),
                          maximum: MonitoringQuery.ms(f.hour.maxMS.map(Double.init)), codes: MonitoringQuery.codes(f.recent.statusCounts),
                          sparkline: f.sparkline)
        }
        func link(_ number: Int) -> String {
            var parts = ["page=\(number)"]
            if let state { parts.append("state=\(state.rawValue)") }
            if let kind { parts.append("kind=\(kind.rawValue)") }
            if !target.isEmpty { parts.append("target=\(URLEncoding.encode(target))") }
            return "/monitoring?" + parts.joined(separator: "&")
        }
        let summary = CheckHealth.allCases.compactMap { h in counts[h].map { "\($0) \(stateLabel(h))" } }.joined(separator: " · ")
        let model = ListModel(
            site: SiteChrome(request), rows: rows, hasRows: !rows.isEmpty,
            states: [Option(value: "", label: "Any state", selected: state == nil)]
                + CheckHealth.allCases.map { Option(value: $0.rawValue, label: stateLabel($0), selected: state == $0) },
            kinds: [Option(value: "", label: "Any kind", selected: kind == nil)]
                + CheckKind.allCases.map { Option(value: $0.rawValue, label: $0.rawValue.uppercased(), selected: kind == $0) },
            target: target, total: total, totalText: Plural.count(total, "check"), counts: summary.isEmpty ? "No checks yet." : summary,
            canEdit: (request.identity?.role ?? .viewer) >= .engineer,
            previous: link(page - 1), next: link(page + 1), hasPrevious: page > 1, hasNext: page * perPage < total)
        return Flash.clear(try context.views.page("monitoring/list", model), request: request)
    }

    struct DetailModel {
        struct Fact {
            let label: String
            let value: String
        }

        struct AlertRow {
            let id: Int64
            let kind: String
            let started: String
            let ended: String
            let duration: String
            let message: String
            let recovery: String
            let downtime: String
            let hasDowntime: Bool
            /// Who is looking into it (`ack` over XMPP).
            var acks = ""
        }

        struct Range {
            let label: String
            let href: String
            let current: Bool
        }

        let site: SiteChrome
        let title: String
        let id: Int64
        let state: String
        let stateLabel: String
        let target: String
        let targetHref: String
        let definition: [Fact]
        let ranges: [Range]
        let chart: String
        let sla: [Fact]
        let alerts: [AlertRow]
        let hasAlerts: Bool
        let paused: Bool
        let canEdit: Bool
        let latestError: String
        let hasLatestError: Bool
    }

    static let ranges: [(String, Double)] = [("1h", 3600), ("24h", 86_400), ("7d", 7 * 86_400), ("90d", 90 * 86_400)]

    static func load(_ request: Request, _ context: AppContext) throws -> CheckRecord {
        guard let id = Int64(try request.parameter("id")),
              let check = try context.store.read({ try CheckStore.fetch($0, id: id) }) else { throw HTTPError.notFound("There is no such check.") }
        return check
    }

    /// The buckets, step and axis labels of a range ending now: minutes for 1 h, 10 minutes for 24 h, hours for 7 d, days for 90 d.
    static func buckets(_ db: Database, checkID: Int64, range: Double, now: Date) throws -> (from: Date, step: Double, count: Int, buckets: [CheckChart.Bucket]) {
        let step: Double, resolution: RollupStore.Resolution
        switch range {
        case ...3600: (step, resolution) = (60, .minute)
        case ...86_400: (step, resolution) = (600, .minute)
        case ...(7 * 86_400): (step, resolution) = (3600, .hour)
        default: (step, resolution) = (86_400, .hour)
        }
        let end = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / step).rounded(.up) * step)
        let from = end.addingTimeInterval(-range)
        var grouped: [Int: SampleAggregate] = [:]
        for (start, aggregate) in try RollupStore.series(db, checkID: checkID, resolution: resolution, from: from, to: end) {
            grouped[Int(start.timeIntervalSince(from) / step), default: SampleAggregate()].merge(aggregate)
        }
        let buckets = grouped.keys.sorted().map { CheckChart.Bucket(start: from.addingTimeInterval(Double($0) * step), aggregate: grouped[$0]!) }
        return (from, step, Int(range / step), buckets)
    }

    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response {
        let check = try load(request, context)
        let rangeName = request.queryValue("range") ?? "1h"
        let range = ranges.first { $0.0 == rangeName }?.1 ?? 3600
        let now = Date()
        let (figures, chartData, alerts, sla) = try context.store.read { db in
            (try MonitoringQuery.figures(db, checks: [check], now: now, sparklines: false)[0],
             try buckets(db, checkID: check.id, range: range, now: now),
             try AlertStore.list(db, AlertFilter(checkID: check.id, limit: 50)),
             try SLAFigures.of(db, check: check, from: now.addingTimeInterval(-range), to: now))
        }
        let acks = try context.store.read { db in try alerts.map { AckText.line(try PresenceStore.acks(db, checkAlertID: $0.id)) } }
        let zone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.timeZone = zone
        formatter.dateFormat = range <= 86_400 ? "HH:mm" : "d MMM"
        let labelCount = 6
        let labels = (0...labelCount).map { i -> (Double, String) in
            let fraction = Double(i) / Double(labelCount)
            return (fraction, formatter.string(from: chartData.from.addingTimeInterval(fraction * Double(chartData.count) * chartData.step)))
        }
        let chart = CheckChart.history(chartData.buckets, from: chartData.from, step: chartData.step, count: chartData.count,
                                       alerts: alerts.filter { $0.kind != .certificate }.map { ($0.startedAt, $0.endedAt ?? now) }, labels: labels)
        let spec = check.spec
        var definition = [DetailModel.Fact(label: "Kind", value: spec.kind.rawValue.uppercased())]
        switch spec.kind {
        case .http:
            definition += [.init(label: "URL", value: "\(spec.method) \(spec.url)"), .init(label: "Expected status", value: spec.expectStatus)]
            if !spec.expectBody.isEmpty { definition.append(.init(label: "Expected text", value: spec.expectBody)) }
        case .tcp, .tls:
            definition.append(.init(label: "Address", value: "\(spec.host):\(spec.port.map(String.init) ?? "")"))
            if spec.kind == .tls { definition.append(.init(label: "Certificate warning", value: "less than \(spec.certMinDays) days left")) }
        }
        definition += [
            .init(label: "Every", value: "\(CheckInput.number(spec.intervalSeconds)) s, timeout \(spec.timeoutMS) ms"),
            .init(label: "Alert", value: "below \(CheckInput.number(spec.alertBelowPercent)) % over \(spec.alertWindowSeconds) s"),
        ]
        if let max = spec.maxResponseMS { definition.append(.init(label: "Degraded above", value: "\(max) ms")) }
        if spec.opensIncident { definition.append(.init(label: "On alert", value: "opens an incident")) }
        let rows = zip(alerts, acks).map { a, acks in
            DetailModel.AlertRow(id: a.id, kind: a.kind == .stillDown ? "still down after downtime" : a.kind == .certificate ? "certificate" : "down", started: StoreTime.format(a.startedAt),
                                 ended: a.endedAt.map(StoreTime.format) ?? "open", duration: DurationText.format((a.endedAt ?? now).timeIntervalSince(a.startedAt)),
                                 message: a.message, recovery: a.recoveryMessage, downtime: a.downtimeID.map { "DT-\($0)" } ?? "",
                                 hasDowntime: a.downtimeID != nil, acks: acks)
        }
        let model = DetailModel(
            site: SiteChrome(request), title: check.name, id: check.id, state: figures.health.rawValue, stateLabel: stateLabel(figures.health),
            target: "\(check.target.kind.rawValue) \(spec.targetName)", targetHref: targetHref(check), definition: definition,
            ranges: ranges.map { .init(label: $0.0, href: "/monitoring/checks/\(check.id)?range=\($0.0)", current: $0.1 == range) },
            chart: chart, sla: sla.facts, alerts: rows, hasAlerts: !rows.isEmpty, paused: spec.paused,
            canEdit: (request.identity?.role ?? .viewer) >= .engineer,
            latestError: figures.latest?.error ?? "", hasLatestError: !(figures.latest?.error ?? "").isEmpty)
        return Flash.clear(try context.views.page("monitoring/detail", model), request: request)
    }

    struct AlertsModel {
        struct Row {
            let id: Int64
            let checkID: Int64
            let checkName: String
            let target: String
            let open: Bool
            let started: String
            let ended: String
            let duration: String
            let message: String
            let recovery: String
        }

        let site: SiteChrome
        let title = "Alerts"
        let rows: [Row]
        let hasRows: Bool
        let check: String
        let target: String
        let states: [Option]
        let from: String
        let to: String
    }

    /// The alert filter from `check` (id), `target`, `state` (open/closed), `from`, `to` (dates, UTC).
    static func alertFilter(_ request: Request) -> AlertFilter {
        func day(_ name: String, plus: Double = 0) -> Date? {
            request.queryValue(name).flatMap { try? UTCTimestamp.date(from: $0 + "T00:00:00Z") }.map { $0.addingTimeInterval(plus) }
        }
        let state = request.queryValue("state")
        return AlertFilter(checkID: request.queryValue("check").flatMap { Int64($0) }, targetName: request.queryValue("target"),
                           open: state == "open" ? true : state == "closed" ? false : nil, from: day("from"), to: day("to", plus: 86_400), limit: 500)
    }

    @Sendable static func alerts(_ request: Request, _ context: AppContext) throws -> Response {
        let filter = alertFilter(request)
        let now = Date()
        let alerts = try context.store.read { try AlertStore.list($0, filter) }
        let rows = alerts.map { a in
            AlertsModel.Row(id: a.id, checkID: a.checkID, checkName: a.checkName, target: a.targetName, open: a.endedAt == nil,
                            started: StoreTime.format(a.startedAt), ended: a.endedAt.map(StoreTime.format) ?? "",
                            duration: DurationText.format((a.endedAt ?? now).timeIntervalSince(a.startedAt)), message: a.message, recovery: a.recoveryMessage)
        }
        let state = request.queryValue("state") ?? ""
        let model = AlertsModel(site: SiteChrome(request), rows: rows, hasRows: !rows.isEmpty, check: request.queryValue("check") ?? "",
                                target: request.queryValue("target") ?? "",
                                states: [("", "Open and closed"), ("open", "Open"), ("closed", "Recovered")].map { Option(value: $0.0, label: $0.1, selected: state == $0.0) },
                                from: request.queryValue("from") ?? "", to: request.queryValue("to") ?? "")
        return Flash.clear(try context.views.page("monitoring/alerts", model), request: request)
    }
}
