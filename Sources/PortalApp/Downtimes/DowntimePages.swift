import Foundation
import PortalCore
import PortalHTTP
import PortalStore
import PortalViews

/// The downtime list, detail page, change-impact report and lifecycle help.
enum DowntimePages {
    struct Row {
        let id: Int64
        let href: String
        let title: String
        let kind: String
        let state: String
        let stateClass: String
        let window: String
        let targets: String
        let ticket: String
        /// Set on the list page when the downtime conflicts with another or with a change freeze.
        var hasConflicts = false
    }

    struct ListModel {
        let site: SiteChrome
        let title = "Downtimes"
        let tabs: [ListPage.Option]
        let from: String
        let to: String
        let target: String
        let kinds: [ListPage.Option]
        let states: [ListPage.Option]
        let rows: [Row]
        let hasRows: Bool
    }

    static func row(_ d: DowntimeRecord) -> Row {
        Row(id: d.id, href: "/downtimes/\(d.id)", title: d.title, kind: d.kind.displayName, state: d.state.displayName, stateClass: d.state.rawValue,
            window: d.window.formatted, targets: d.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", "), ticket: d.changeTicket)
    }

    /// List rows with the conflict flag: the overlapping downtimes and freezes are read once for the whole list.
    static func flagged(_ context: AppContext, _ downtimes: [DowntimeRecord]) throws -> [Row] {
        let conflicted = try DowntimeService.conflictedIDs(context, downtimes: downtimes)
        return downtimes.map { downtime in
            var r = row(downtime)
            r.hasConflicts = conflicted.contains(downtime.id)
            return r
        }
    }

    static func day(_ text: String?) -> Date? {
        guard let text, text.count == 10, let date = StoreTime.parse(text + "T00:00:00Z") else { return nil }
        return date
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let view = request.queryValue("view") ?? "upcoming"
        let now = Date()
        var states: [DowntimeState] = []
        var from = day(request.queryValue("from")), to = day(request.queryValue("to")).map { $0.addingTimeInterval(86_400) }
        var ascending = true
        switch view {
        case "in_progress": states = [.inProgress]
        case "past": states = [.completed, .cancelled]; ascending = false
        case "all": break
        default: states = [.draft, .scheduled]; if from == nil { from = now }
        }
        if let state = request.queryValue("state").flatMap(DowntimeState.init(rawValue:)) { states = [state] }
        if view == "past" && to == nil { to = now.addingTimeInterval(1) }
        let kind = request.queryValue("kind").flatMap(DowntimeKind.init(rawValue:))
        let target = String((request.queryValue("target") ?? "").prefix(200))
        let downtimes = try context.store.read { db in
            try DowntimeStore.list(db, from: from, to: to, states: states, kind: kind, targetName: target, ascending: ascending, limit: 500)
        }
        let model = ListModel(
            site: SiteChrome(request),
            tabs: [("upcoming", "Upcoming"), ("in_progress", "In progress"), ("past", "Past"), ("all", "All")].map { ListPage.Option(value: $0.0, label: $0.1, selected: $0.0 == view) },
            from: request.queryValue("from") ?? "", to: request.queryValue("to") ?? "", target: target,
            kinds: [ListPage.Option(value: "", label: "Any", selected: kind == nil)] + DowntimeKind.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.displayName, selected: $0 == kind) },
            states: [ListPage.Option(value: "", label: "Any", selected: request.queryValue("state") == nil)] + DowntimeState.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.displayName, selected: $0.rawValue == request.queryValue("state")) },
            rows: try flagged(context, downtimes), hasRows: !downtimes.isEmpty)
        return Flash.clear(try context.views.page("downtimes/list", model), request: request)
    }

    struct DetailModel {
        struct EventRow {
            let at: String
            let actor: String
            let event: String
            let change: String
            let note: String
        }

        struct Action {
            let event: String
            let label: String
            let danger: Bool
            /// Announcing offers to attach the PDF report to the notices.
            var isAnnounce: Bool { event == "announce" }
        }

        struct NoticeCounts {
            let queued: Int
            let sent: Int
            let failed: Int
            let any: Bool
        }

        let site: SiteChrome
        let title: String
        let downtime: Row
        let id: Int64
        let reason: String
        let note: String
        let changeURL: String
        let coordinator: String
        let commsManager: String
        let override: String
        let isDraft: Bool
        let actions: [Action]
        let canExtend: Bool
        let canReschedule: Bool
        let startLocal: String
        let notices: NoticeCounts
        let mailConfigured: Bool
        let endLocal: String
        let timeZone: String
        let snapshotText: String
        let diffText: String
        let hasDiff: Bool
        let impact: ImpactView
        let conflicts: [String]
        let conflictLines: [ConflictLine]
        let hasConflicts: Bool
        let events: [EventRow]
        /// Incidents linked to this downtime (an unplanned outage and the incident about it).
        let incidents: [ListPage.Option]
        let hasIncidents: Bool
        /// The recurring series this downtime is an occurrence of, if any.
        var seriesID: Int64? = nil
        /// The change pack and its approvers, with the Approve/Reject form for an approver.
        var changePack: ChangePackPanel? = nil
    }

    static func actions(for state: DowntimeState) -> [DetailModel.Action] {
        DowntimeLifecycle.allowedEvents(from: state).filter { $0 != .extend }.map { event in
            DetailModel.Action(event: event.rawValue, label: event.rawValue.capitalizedFirst, danger: event == .cancel)
        }
    }

    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        let (snapshot, events, incidents) = try context.store.read { db in
            (try DowntimeStore.latestSnapshot(db, downtimeID: downtime.id), try DowntimeStore.events(db, downtimeID: downtime.id),
             try IncidentStore.linked(db, downtimeID: downtime.id))
        }
        let inventory = try context.inventory.current(context.store)
        let live = try DowntimeService.liveImpact(context, downtime: downtime)
        let shown = snapshot?.impact ?? live
        let diff = snapshot.map { live.diff(against: $0.impact) }
        let conflicts = try DowntimeService.conflicts(context, downtime: downtime)
        let counts = try context.store.read { try NoticeStore.counts($0, downtimeID: downtime.id) }
        let notices = DetailModel.NoticeCounts(queued: counts[.queued] ?? 0, sent: counts[.sent] ?? 0, failed: counts[.failed] ?? 0, any: !counts.isEmpty)
        var model = DetailModel(
            site: SiteChrome(request), title: "DT-\(downtime.id) · \(downtime.title)", downtime: row(downtime), id: downtime.id,
            reason: downtime.reason, note: downtime.note, changeURL: downtime.changeURL,
            coordinator: person(downtime.coordinatorName, downtime.coordinatorEmail), commsManager: person(downtime.commsManagerName, downtime.commsManagerEmail),
            override: downtime.overrideReason, isDraft: downtime.state == .draft, actions: actions(for: downtime.state),
            canExtend: DowntimeLifecycle.allowedEvents(from: downtime.state).contains(.extend),
            canReschedule: downtime.state == .scheduled, startLocal: downtime.window.localStart.formValue, notices: notices,
            mailConfigured: try MailSettings.current(context) != nil,
            endLocal: downtime.window.localEnd.formValue, timeZone: downtime.window.timeZone,
            snapshotText: snapshot.map { "Impact frozen at announcement, \(StoreTime.format($0.takenAt)) (snapshot \($0.id))." } ?? "Live impact preview: it is frozen when the downtime is announced.",
            diffText: diff.map { $0.isEmpty ? "" : "Since announcement: \($0.summary)" } ?? "", hasDiff: !(diff?.isEmpty ?? true),
            impact: ImpactView(shown, inventory: inventory, serverLimit: 100), conflicts: conflicts.map(\.message), conflictLines: ConflictLine.lines(conflicts), hasConflicts: !conflicts.isEmpty,
            events: events.map { DetailModel.EventRow(at: StoreTime.format($0.at), actor: $0.actor, event: $0.event,
                                                      change: ($0.fromState.map { "\($0) → " } ?? "") + $0.toState, note: $0.note) },
            incidents: incidents.map { ListPage.Option(value: "/incidents/\($0.id)", label: "INC-\($0.id) · \($0.title) (\($0.status.displayName.lowercased()))", selected: false) },
            hasIncidents: !incidents.isEmpty)
        model.seriesID = try context.store.read { try SeriesStore.seriesID($0, downtimeID: downtime.id) }
        model.changePack = try ChangePackPanel.load(context, downtime: downtime, login: request.identity?.login, csrf: request.csrfToken)
        return Flash.clear(try context.views.page("downtimes/detail", model), request: request)
    }

    static func person(_ name: String, _ email: String) -> String {
        name.isEmpty ? "—" : "\(name) <\(email)>"
    }

    struct HelpModel {
        let site: SiteChrome
        let title = "Downtime lifecycle"
        let svg: String
        let transitions: [ListPage.Option]
        let heartbeatSVG: String
        let alertSVG: String
    }

    @Sendable static func lifecycleHelp(_ request: Request, _ context: AppContext) throws -> Response {
        let heartbeat = StateMachineDiagram(
            title: "Heartbeat states",
            states: [.init("new", column: 0, row: 0), .init("up", column: 1, row: 0), .init("late", column: 2, row: 0), .init("down", column: 1, row: 1)],
            transitions: HeartbeatRules.transitions.map { ($0.from.displayName, $0.signal.rawValue, $0.to.displayName) })
        let alerts = StateMachineDiagram(
            title: "Alerts of checks and heartbeats",
            states: [.init(AlertLifecycleState.ok.rawValue, column: 0, row: 0), .init(AlertLifecycleState.alerting.rawValue, column: 2, row: 0),
                     .init(AlertLifecycleState.maintenance.rawValue, column: 0, row: 1), .init(AlertLifecycleState.afterMaintenance.rawValue, column: 2, row: 1)],
            transitions: AlertRules.transitions.map { ($0.from.rawValue, $0.event, $0.to.rawValue) })
        let model = HelpModel(site: SiteChrome(request), svg: LifecycleDiagram.svg(),
                              transitions: DowntimeLifecycle.transitions.map { ListPage.Option(value: $0.from.displayName, label: "\($0.event.rawValue) → \($0.to.displayName)", selected: false) },
                              heartbeatSVG: heartbeat.svg(), alertSVG: alerts.svg())
        return try context.views.page("downtimes/lifecycle", model)
    }
}
