import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/timeline`: downtimes as bars on a time axis (server-rendered SVG), with the same events as a plain list
/// for people without JavaScript or printing it. Incidents join here when they exist.
enum TimelineController {
    struct Model {
        struct Row {
            let href: String
            let id: Int64
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
        let rows: [Row]
        let hasRows: Bool
        let previousHref: String
        let nextHref: String
        let dayHref: String
        let weekHref: String
        let monthHref: String
        let problem: String
    }

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
        let kind = request.queryValue("kind").flatMap(DowntimeKind.init(rawValue:))
        let state = request.queryValue("state").flatMap(DowntimeState.init(rawValue:))
        let target = String((request.queryValue("target") ?? "").prefix(200))
        let downtimes = try context.store.read { db in
            try DowntimeStore.list(db, from: range.from, to: range.to, states: state.map { [$0] } ?? [], kind: kind, targetName: target, limit: 10_000)
        }
        let events = downtimes.map { d in
            TimelineEvent(id: "DT-\(d.id)", kind: .downtime(TimelineEvent.DowntimeType(rawValue: d.kind.rawValue) ?? .planned), title: d.title,
                          summary: d.reason, stateText: d.state.displayName, start: d.window.start, end: d.window.end,
                          affected: d.targets.map { "\($0.kindName) \($0.name)" }, contactName: d.coordinatorName.isEmpty ? nil : d.coordinatorName,
                          ticket: d.changeTicket.isEmpty ? nil : d.changeTicket, ticketURL: d.changeURL.isEmpty ? nil : d.changeURL,
                          link: "/downtimes/\(d.id)")
        }
        var filters = ""
        if let kind { filters += "&kind=\(kind.rawValue)" }
        if let state { filters += "&state=\(state.rawValue)" }
        if !target.isEmpty { filters += "&target=\(URLEncoding.encode(target))" }
        func link(_ r: TimelineRange) -> String { "/timeline?from=\(day(r.from))&to=\(lastDay(r))\(filters)" }
        let model = Model(
            site: SiteChrome(request), from: day(range.from), to: lastDay(range), target: target,
            kinds: [ListPage.Option(value: "", label: "Any", selected: kind == nil)] + DowntimeKind.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.displayName, selected: $0 == kind) },
            states: [ListPage.Option(value: "", label: "Any", selected: state == nil)] + DowntimeState.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.displayName, selected: $0 == state) },
            svg: TimelineSVG.render(events: events, range: range, now: now, width: 1140),
            rows: downtimes.map { d in
                Model.Row(href: "/downtimes/\(d.id)", id: d.id, title: d.title, kind: d.kind.displayName, state: d.state.displayName,
                          window: d.window.formatted, targets: d.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", "),
                          coordinator: d.coordinatorName, ticket: d.changeTicket)
            },
            hasRows: !downtimes.isEmpty, previousHref: link(range.previous), nextHref: link(range.next),
            dayHref: link(range.zoomed(to: .day)), weekHref: link(range.zoomed(to: .week)), monthHref: link(range.zoomed(to: .month)),
            problem: problem)
        return try context.views.page("timeline", model, status: problem.isEmpty ? 200 : 422)
    }
}
