import Foundation
import PortalCore
import PortalHTTP
import PortalStore
import PortalViews

/// `/status`, `/api/v1/status` (the widely used status-page summary shape) and `/feed.atom`. Readable by viewers, and by
/// everyone when an admin makes the status page public (setting `status.public`).
enum StatusController {
    static let publicSetting = "status.public"

    static func isPublic(_ context: AppContext) throws -> Bool {
        try context.store.read { try SettingsStore.value($0, publicSetting) } == "1"
    }

    /// Signed-in people always; everyone else only when the page is public.
    static func allowed(_ request: Request, _ context: AppContext) throws -> Response? {
        if request.identity?.login != nil { return nil }
        if try isPublic(context) { return nil }
        if request.wantsJSON { throw HTTPError(401, "Sign in or send an API token; the status page is not public.") }
        return .redirect(to: "/login?next=" + URLEncoding.encode(request.rawTarget))
    }

    static func event(_ d: DowntimeRecord) -> TimelineEvent {
        TimelineEvent(id: "DT-\(d.id)", kind: .downtime(d.kind), title: d.title,
                      summary: d.reason, stateText: d.state == .cancelled ? "Cancelled" : d.state.displayName, start: d.window.start,
                      end: d.window.end, affected: d.targets.map { "\($0.kindName) \($0.name)" },
                      contactName: d.coordinatorName.isEmpty ? nil : d.coordinatorName, ticket: d.changeTicket.isEmpty ? nil : d.changeTicket,
                      ticketURL: d.changeURL.isEmpty ? nil : d.changeURL, link: "/downtimes/\(d.id)")
    }

    /// An incident as the timeline, status page and feed show it: affected systems are its targets, then the services it hit.
    static func event(_ i: IncidentRecord, services: [IncidentStore.AffectedService]) -> TimelineEvent {
        let targets = i.targets.map { "\($0.kindName) \($0.name)" }
        let hit = services.map { "service \($0.serviceName)" }.filter { !targets.contains($0) }
        return TimelineEvent(id: "INC-\(i.id)", kind: .incident(i.severity), title: i.title, summary: i.description,
                             stateText: i.status.displayName, start: i.startedAt, end: i.endedAt, affected: targets + hit,
                             contactName: i.engineerName.isEmpty ? nil : i.engineerName, ticket: i.ticket.isEmpty ? nil : i.ticket,
                             ticketURL: i.ticketURL.isEmpty ? nil : i.ticketURL, link: "/incidents/\(i.id)")
    }

    /// A monitoring alert as the timeline shows it: from alert to recovery (an open one runs to now).
    static func event(_ a: AlertRecord) -> TimelineEvent {
        TimelineEvent(id: "ALERT-\(a.id)", kind: .alert, title: a.kind == .certificate ? "\(a.checkName): certificate expiring" : "\(a.checkName) failing",
                      summary: a.message,
                      stateText: a.endedAt == nil ? "Open" : "Recovered", start: a.startedAt, end: a.endedAt,
                      affected: a.target.map { ["\($0.kind.rawValue) \(a.targetName)"] } ?? [], contactName: nil, link: "/monitoring/checks/\(a.checkID)")
    }

    static func summary(_ request: Request, _ context: AppContext, now: Date = Date()) throws -> StatusSummary {
        let downtimes = try context.store.read { db in
            try DowntimeStore.list(db, from: now.addingTimeInterval(-90 * 86_400), to: now.addingTimeInterval(30 * 86_400),
                                   states: [.scheduled, .inProgress, .completed], limit: 5000)
        }
        // Incidents of the last 90 days (open ones whenever they started), with their affected services and updates.
        let (incidents, services, updates) = try context.store.read { db in
            let incidents = try IncidentStore.list(db, IncidentFilter(from: now.addingTimeInterval(-90 * 86_400), to: now.addingTimeInterval(1),
                                                                      ascending: false, limit: 1000))
            let ids = incidents.map(\.id)
            return (incidents, try IncidentStore.services(db, incidentIDs: ids), try IncidentStore.updates(db, incidentIDs: ids))
        }
        let inventory = try context.inventory.current(context.store)
        var effects: [String: [StatusDerivation.Effect]] = [:]
        let severities = Dictionary(incidents.map { ($0.id, $0.severity) }, uniquingKeysWith: { a, _ in a })
        for service in services {
            guard let severity = severities[service.incidentID], let state = StatusDerivation.EffectState(rawValue: service.state) else { continue }
            effects["\(service.serviceID)", default: []].append(StatusDerivation.Effect(eventID: "INC-\(service.incidentID)", source: .incident(severity), state: state))
        }
        let servicesByIncident = Dictionary(grouping: services, by: \.incidentID)
        let history = Dictionary(incidents.map { incident in
            ("INC-\(incident.id)", StatusDerivation.IncidentHistory(
                createdAt: incident.createdAt, updatedAt: incident.updatedAt,
                updates: (updates[incident.id] ?? []).reversed().map { StatusSummary.IncidentUpdate(status: $0.status, body: $0.message, createdAt: $0.at) }))
        }, uniquingKeysWith: { a, _ in a })
        for downtime in downtimes where downtime.window.contains(now) && downtime.state != .completed {
            let impact = try ChangeImpactReport.impact(context, downtime).0
            for object in impact.affected(ofKind: .service) {
                let state: StatusDerivation.EffectState = object.state == .down ? .down : (object.state == .degraded ? .degraded : .atRisk)
                effects["\(object.object.id)", default: []].append(
                    StatusDerivation.Effect(eventID: "DT-\(downtime.id)", source: .downtime(downtime.kind), state: state))
            }
        }
        // Monitoring: a service whose check is failing is a major outage, a slow one degraded; a declared downtime on it wins.
        for (serviceID, health) in try context.store.read({ try MonitoringQuery.serviceHealth($0) }) {
            let key = "\(serviceID)"
            guard !(effects[key] ?? []).contains(where: { $0.eventID.hasPrefix("DT-") }) else { continue }
            switch health {
            case .down: effects[key, default: []].append(StatusDerivation.Effect(eventID: "CHECK-\(serviceID)", source: .alert, state: .down))
            case .degraded: effects[key, default: []].append(StatusDerivation.Effect(eventID: "CHECK-\(serviceID)", source: .alert, state: .degraded))
            default: break
            }
        }
        let base = try PublicURL.current(context).base
        return StatusDerivation.summary(
            page: StatusSummary.Page(id: "forewarn", name: "Forewarn", url: base + "/status", updatedAt: now),
            services: inventory.services.map { StatusDerivation.ServiceEntry(id: "\($0.id)", name: $0.name, updatedAt: Date(timeIntervalSince1970: 0)) },
            effects: effects, events: downtimes.map(event) + incidents.map { event($0, services: servicesByIncident[$0.id] ?? []) },
            history: history, now: now)
    }

    @Sendable static func json(_ request: Request, _ context: AppContext) throws -> Response {
        if let redirect = try allowed(request, context) { return redirect }
        let data = try summary(request, context).jsonData()
        return Response(status: 200, headers: [("Content-Type", "application/json; charset=utf-8")], body: [UInt8](data))
    }

    struct Page {
        /// A component in the grid.
        struct Tile {
            let name: String
            let status: String
            let statusClass: String
            let reasons: [String]
            let hasReasons: Bool
        }

        /// A maintenance or incident with its times as `<time>` elements (UTC without JavaScript, the viewer's zone with it).
        struct Item {
            let name: String
            let href: String
            let id: String
            let start: TimeText
            let end: TimeText?
            let status: String
        }

        let site: SiteChrome
        let title = "Service status"
        let headline: String
        let worstClass: String
        let affected: [Tile]
        let hasAffected: Bool
        let operational: [Tile]
        let operationalCount: String
        let hasOperational: Bool
        /// Many operational components fold away behind a disclosure.
        let foldOperational: Bool
        let maintenances: [Item]
        let hasMaintenances: Bool
        let incidents: [Item]
        let hasIncidents: Bool
        let isPublic: Bool
        let isAdmin: Bool
        let uptime: [UptimeRow]
        let hasUptime: Bool
    }

    struct UptimeRow {
        let name: String
        let percent: String
        let bar: String
    }

    /// One row per monitored service: a 90-day bar of daily availability (declared downtime left out, as status pages do).
    static func uptime(_ context: AppContext, now: Date) throws -> [UptimeRow] {
        let today = RollupBuckets.hour(now).timeIntervalSince1970 - RollupBuckets.hour(now).timeIntervalSince1970.truncatingRemainder(dividingBy: 86_400)
        let first = Date(timeIntervalSince1970: today - 89 * 86_400)
        let daily = try context.store.read { try RollupStore.dailyByService($0, from: first) }
        guard !daily.isEmpty else { return [] }
        let inventory = try context.inventory.current(context.store)
        return daily.compactMap { serviceID, days -> UptimeRow? in
            guard let name = inventory.service(serviceID)?.name else { return nil }
            var total = SampleAggregate()
            var rects = ""
            for index in 0..<90 {
                let day = UTCTimestamp.string(from: first.addingTimeInterval(Double(index) * 86_400)).prefix(10)
                let aggregate = days[String(day)]
                if let aggregate { total.merge(aggregate) }
                let availability = aggregate?.availabilityExcludingDowntime
                let fill = availability.map { $0 >= 99.9 ? "#2f8f4e" : $0 >= 99 ? "#7cb342" : $0 >= 95 ? "#d08a00" : "#b42318" } ?? "#d9e0e7"
                let label = availability.map { String(format: "%@: %.2f %%", String(day), $0) } ?? "\(day): no data"
                rects += String(format: "<rect x=\"%d\" y=\"0\" width=\"6\" height=\"24\" rx=\"1.5\" fill=\"%@\"><title>%@</title></rect>", index * 8, fill, label)
            }
            return UptimeRow(name: name, percent: MonitoringQuery.percent(total.availabilityExcludingDowntime),
                             bar: "<svg class=\"uptime-bar\" viewBox=\"0 0 718 24\" width=\"718\" height=\"24\" role=\"img\" aria-label=\"90 days of uptime\">\(rects)</svg>")
        }.sorted { $0.name < $1.name }
    }

    @Sendable static func page(_ request: Request, _ context: AppContext) throws -> Response {
        if let redirect = try allowed(request, context) { return redirect }
        let summary = try self.summary(request, context)
        let uptime = try uptime(context, now: Date())
        // One function gives the headline and the grid, so they cannot disagree.
        let board = StatusBoard(summary)
        func tile(_ t: StatusBoard.Tile) -> Page.Tile {
            Page.Tile(name: t.name, status: t.label, statusClass: t.status.rawValue, reasons: t.reasons, hasReasons: !t.reasons.isEmpty)
        }
        func href(_ id: String) -> String {
            id.hasPrefix("INC-") ? "/incidents/\(id.dropFirst(4))" : "/downtimes/\(id.dropFirst(3))"
        }
        let operational = board.operational
        let model = Page(
            site: SiteChrome(request), headline: board.headline, worstClass: board.worst.rawValue,
            affected: board.affected.map(tile), hasAffected: !board.affected.isEmpty,
            operational: operational.map(tile), operationalCount: Plural.count(operational.count, "operational service"),
            hasOperational: !operational.isEmpty, foldOperational: operational.count > 24,
            maintenances: summary.scheduledMaintenances.map { Page.Item(name: $0.name, href: href($0.id), id: $0.id, start: TimeText($0.scheduledFor.date), end: $0.scheduledUntil.map { TimeText($0.date) }, status: $0.status.rawValue.replacingOccurrences(of: "_", with: " ")) },
            hasMaintenances: !summary.scheduledMaintenances.isEmpty,
            incidents: summary.recentIncidents.map { Page.Item(name: $0.name, href: href($0.id), id: $0.id, start: TimeText($0.startedAt.date), end: $0.resolvedAt.map { TimeText($0.date) }, status: $0.status.rawValue) },
            hasIncidents: !summary.recentIncidents.isEmpty, isPublic: try isPublic(context), isAdmin: request.identity?.role == .admin,
            uptime: uptime, hasUptime: !uptime.isEmpty)
        return try context.views.page("status", model)
    }

    /// Admins make the status page and feeds public, or private again.
    @Sendable static func setPublic(_ request: Request, _ context: AppContext) throws -> Response {
        let value = try request.form()["public"] == "1" ? "1" : "0"
        try context.store.write { db in
            try SettingsStore.set(db, publicSetting, value)
            try AuditLog.record(db, actor: request.identity?.login ?? "?", action: "update", objectKind: "setting", objectID: nil,
                                objectName: publicSetting, after: "{\"value\":\"\(value)\"}", requestID: request.requestID)
        }
        return Flash.redirect(to: "/status", message: value == "1" ? "The status page and feeds are now public." : "The status page and feeds now need a sign-in.")
    }

    /// `/feed.atom[?target=name]`: downtimes and incidents, newest first.
    @Sendable static func atom(_ request: Request, _ context: AppContext) throws -> Response {
        if let redirect = try allowed(request, context) { return redirect }
        let target = request.queryValue("target")
        let now = Date()
        let downtimes = try context.store.read { db in
            try DowntimeStore.list(db, from: now.addingTimeInterval(-180 * 86_400), to: now.addingTimeInterval(180 * 86_400),
                                   states: [.scheduled, .inProgress, .completed, .cancelled], targetName: target, ascending: false, limit: 100)
        }
        let incidents = try context.store.read { db in
            try IncidentStore.list(db, IncidentFilter(from: now.addingTimeInterval(-180 * 86_400), to: now.addingTimeInterval(1), targetName: target,
                                                      ascending: false, limit: 100))
        }
        let base = try PublicURL.current(context).base
        let incidentEntries = try incidents.map { i in
            AtomFeed.Entry(id: try AtomFeed.tagURI(authority: "forewarn.invalid", date: "2026", specific: "incident-\(i.id)"),
                           title: "[\(i.severity.rawValue.capitalizedFirst) incident] \(i.title) (\(i.status.displayName))", updated: i.updatedAt,
                           published: i.createdAt, link: "\(base)/incidents/\(i.id)",
                           summary: "Started \(StoreTime.format(i.startedAt))\(i.endedAt.map { ", resolved \(StoreTime.format($0))" } ?? ", ongoing"). Affected: \(i.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", ")).\(i.description.isEmpty ? "" : " \(i.description)")")
        }
        let downtimeEntries = try downtimes.map { d in
            AtomFeed.Entry(id: try AtomFeed.tagURI(authority: "forewarn.invalid", date: "2026", specific: "downtime-\(d.id)"),
                           title: "[\(d.kind.displayName)] \(d.title) (\(d.state.displayName))", updated: d.updatedAt, published: d.createdAt,
                           link: "\(base)/downtimes/\(d.id)",
                           summary: "\(d.window.formatted). Targets: \(d.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", ")).\(d.reason.isEmpty ? "" : " \(d.reason)")")
        }
        let entries = (downtimeEntries + incidentEntries).sorted { $0.updated > $1.updated }
        let xml = AtomFeed.render(title: "Forewarn downtimes and incidents" + (target.map { " for \($0)" } ?? ""), feedID: "\(base)/feed.atom",
                                  selfURL: "\(base)\(request.rawTarget)",
                                  updated: (downtimes.map(\.updatedAt) + incidents.map(\.updatedAt)).max() ?? Date(timeIntervalSince1970: 0),
                                  entries: entries)
        return .text(xml, contentType: "application/atom+xml; charset=utf-8")
    }
}
