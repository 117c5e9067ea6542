import Foundation
import PortalCore
import PortalHTTP
import PortalStore
import PortalViews

/// `/timeline`: downtimes and incidents as bars on a time axis (server-rendered SVG), with the same events as a plain
/// list for people without JavaScript or printing it. An open incident runs to now.
enum TimelineController {
    struct Model {
        struct Row {
            let href: String
            /// DT-7 or INC-3.
            let label: String
            let title: String
            let kind: String
            let state: String
            let window: String
            let targets: String
            let coordinator: String
            let ticket: String
        }

        let site: SiteChrome
        let title = "Timeline"
        let from: String
        let to: String
        let target: String
        let kinds: [ListPage.Option]
        let states: [ListPage.Option]
        let svg: String
        /// The same chart drawn for a phone: fewer ticks, text at its real size instead of scaled down.
        let svgNarrow: String
        let rows: [Row]
        let hasRows: Bool
        /// Set when the list stops at `listLimit` rows ("Showing the first 1,000 of 10,000 events ...").
        let truncation: String
        let previousHref: String
        let nextHref: String
        let dayHref: String
        let weekHref: String
        let monthHref: String
        let problem: String
    }

    /// The list under the chart stops here: beyond it a page is megabytes of table nobody reads; the chart still counts everything.
    static let listLimit = 1000

    /// The phone chart's width: a 390 px screen less the page's and the card's padding, so it is drawn at 1:1.
    static let narrowWidth = 340

    static func day(_ date: Date) -> String { String(StoreTime.format(date).prefix(10)) }

    /// The inclusive last day of a range that ends at midnight.
    static func lastDay(_ range: TimelineRange) -> String { day(range.to.addingTimeInterval(-1)) }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let now = Date()
        let query = request.rawTarget.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        var problem = ""
        var range: TimelineRange
        do {
            range = try TimelineRange.parse(query: query, now: now)
        } catch {
            problem = error.message
            range = .default(now: now)
        }
        if let zoom = request.queryValue("zoom").flatMap(TimelineRange.Zoom.init(rawValue:)) { range = range.zoomed(to: zoom) }
        // kind: a downtime kind or `incident`; state: a downtime state or an incident status (in_progress also means open incidents).
        let kindText = request.queryValue("kind") ?? "", stateText = request.queryValue("state") ?? ""
        let kind = DowntimeKind(rawValue: kindText), state = DowntimeState(rawValue: stateText), status = IncidentStatus(rawValue: stateText)
        let wantsDowntimes = !["incident", "deployment"].contains(kindText) && (stateText.isEmpty || state != nil)
        let wantsIncidents = (kindText.isEmpty || kindText == "incident") && (stateText.isEmpty || status != nil || state == .inProgress)
        let wantsAlerts = (kindText.isEmpty || kindText == "alert") && (stateText.isEmpty || state == .inProgress)
        let target = String((request.queryValue("target") ?? "").prefix(200))
        let (downtimes, incidents, services) = try context.store.read { db in
            let downtimes = wantsDowntimes
                ? try DowntimeStore.list(db, from: range.from, to: range.to, states: state.map { [$0] } ?? [], kind: kind, targetName: target, limit: 10_000) : []
            let statuses = status.map { [$0] } ?? (state == .inProgress ? IncidentLifecycle.openStatuses : [])
            let incidents = wantsIncidents
                ? try IncidentStore.list(db, IncidentFilter(from: range.from, to: range.to, statuses: statuses, targetName: target, limit: 10_000)) : []
            return (downtimes, incidents, try IncidentStore.services(db, incidentIDs: incidents.map(\.id)))
        }
        let alerts = wantsAlerts ? try context.store.read { db in
            try AlertStore.list(db, AlertFilter(targetName: target.isEmpty ? nil : target, open: state == .inProgress ? true : nil,
                                                from: range.from, to: range.to, limit: 10_000))
        } : []
        let wantsDeployments = (kindText.isEmpty || kindText == "deployment") && stateText.isEmpty
        let deployments = wantsDeployments ? try context.store.read { db in
            try LogStore.deployments(db, from: range.from, to: range.to, name: target.isEmpty ? nil : target)
        } : []
        let servicesByIncident = Dictionary(grouping: services, by: \.incidentID)
        let incidentEvents = incidents.map { StatusController.event($0, services: servicesByIncident[$0.id] ?? []) }
        let events = downtimes.map { d in
            TimelineEvent(id: "DT-\(d.id)", kind: .downtime(d.kind), title: d.title,
                          summary: d.reason, stateText: d.state.displayName, start: d.window.start, end: d.window.end,
                          affected: d.targets.map { "\($0.kindName) \($0.name)" }, contactName: d.coordinatorName.isEmpty ? nil : d.coordinatorName,
                          ticket: d.changeTicket.isEmpty ? nil : d.changeTicket, ticketURL: d.changeURL.isEmpty ? nil : d.changeURL,
                          link: "/downtimes/\(d.id)")
        } + incidentEvents + alerts.map(StatusController.event) + deployments.map { d in
            // A marker a minute wide: the first message of this version in this stage.
            TimelineEvent(id: "DEPLOY-\(d.stage)-\(d.product)-\(d.version)", kind: .deployment, title: "\(d.product) \(d.version) in \(d.stage.isEmpty ? "no stage" : d.stage)",
                          summary: "First message of version \(d.version) of \(d.product) in \(d.stage.isEmpty ? "no stage" : d.stage).", stateText: "Deployed",
                          start: d.firstSeen, end: d.firstSeen.addingTimeInterval(60), affected: d.service.map { ["service \($0)"] } ?? [],
                          link: "/logs?product=\(URLEncoding.encode(d.product))&version=\(URLEncoding.encode(d.version))\(d.stage.isEmpty ? "" : "&stage=\(d.stage)")")
        }
        var filters = ""
        if !kindText.isEmpty && (kind != nil || ["incident", "alert", "deployment"].contains(kindText)) { filters += "&kind=\(kindText)" }
        if state != nil || status != nil { filters += "&state=\(stateText)" }
        if !target.isEmpty { filters += "&target=\(URLEncoding.encode(target))" }
        let shown = TimelineQuery.select(events, in: range, now: now)
        func link(_ r: TimelineRange) -> String { "/timeline?from=\(day(r.from))&to=\(lastDay(r))\(filters)" }
        let model = Model(
            site: SiteChrome(request), from: day(range.from), to: lastDay(range), target: target,
            kinds: [ListPage.Option(value: "", label: "Any", selected: kindText.isEmpty)]
                + DowntimeKind.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.displayName, selected: $0 == kind) }
                + [ListPage.Option(value: "incident", label: "Incident", selected: kindText == "incident"),
                   ListPage.Option(value: "alert", label: "Monitoring alert", selected: kindText == "alert"),
                   ListPage.Option(value: "deployment", label: "Deployment", selected: kindText == "deployment")],
            states: [ListPage.Option(value: "", label: "Any", selected: state == nil && status == nil)]
                + DowntimeState.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.displayName, selected: $0 == state) }
                + IncidentStatus.allCases.map { ListPage.Option(value: $0.rawValue, label: "Incident \($0.displayName.lowercased())", selected: $0 == status) },
            svg: TimelineSVG.render(events: events, range: range, now: now, width: 1140),
            svgNarrow: TimelineSVG.render(events: events, range: range, now: now, width: narrowWidth, idPrefix: "timeline-narrow"),
            rows: shown.prefix(listLimit).map { e in
                Model.Row(href: e.link, label: e.id, title: e.title, kind: e.kind.displayName, state: e.stateText,
                          window: Format.span(e.start, e.end), targets: Format.list(e.affected, limit: 6), coordinator: e.contactName ?? "", ticket: e.ticket ?? "")
            },
            hasRows: !shown.isEmpty,
            truncation: shown.count > listLimit
                ? "Showing the first \(Format.count(Int64(listLimit))) of \(Format.count(Int64(shown.count))) events; narrow the range or filter to list the rest." : "", previousHref: link(range.previous), nextHref: link(range.next),
            dayHref: link(range.zoomed(to: .day)), weekHref: link(range.zoomed(to: .week)), monthHref: link(range.zoomed(to: .month)),
            problem: problem)
        return try context.views.page("timeline", model, status: problem.isEmpty ? 200 : 422)
    }
}
