import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// The home page: a dashboard of what is going on and what is the signed-in user's; admins also see what the database holds.
enum HomeController {
    struct Model {
        let site: SiteChrome
        let title = "Home"
        let canDeclare: Bool
        let sections: [DowntimeSection]
        let incidents: [IncidentRow]
        let hasIncidents: Bool
        let mine: DowntimeSection
        let notices: [NoticeRow]
        let hasNotices: Bool
        let hasPerson: Bool
        let isAdmin: Bool
        let tables: [TableCount]
        let schemaVersion: Int
        let databasePath: String
        let databaseSize: String
        let recentAudit: [AuditRow]
        let hasAudit: Bool
    }

    /// One list of downtimes on the dashboard, with what it says when empty.
    struct DowntimeSection {
        let id: String
        let heading: String
        let rows: [DowntimePages.Row]
        let hasRows: Bool
        let empty: String
        let more: String
        init(id: String, heading: String, rows: [DowntimeRecord], empty: String, more: String) {
            self.id = id; self.heading = heading; self.rows = rows.map(DowntimePages.row); hasRows = !rows.isEmpty; self.empty = empty; self.more = more
        }
    }

    struct IncidentRow {
        let id: Int64
        let href: String
        let title: String
        let severity: String
        let status: String
        let since: String
        let targets: String
    }

    struct NoticeRow {
        let event: String
        let subject: String
        let href: String
        let status: String
        let at: String
    }

    struct TableCount {
        let label: String
        let count: String
        let href: String
    }

    struct AuditRow {
        let at: String
        let actor: String
        let action: String
        let object: String
    }

    /// The entities shown on the home page, in reading order; tables that do not exist yet are skipped.
    static let countedTables: [(table: String, label: String)] = [
        ("regions", "Regions"), ("clusters", "Clusters"), ("servers", "Servers"), ("services", "Services"),
        ("processes", "Business processes"), ("datasets", "Data sets"), ("people", "People"), ("teams", "Teams"),
        ("downtimes", "Downtimes"), ("incidents", "Incidents"), ("audit_log", "Audit entries"),
    ]

    /// The dashboard's sections that are the same for everyone: read once per database version (`HomePageCache`).
    struct SharedSections {
        let sections: [DowntimeSection]
        let incidents: [IncidentRow]
        /// The first instant at which a list here could change by the clock alone.
        let validUntil: Date

        static let horizon: TimeInterval = 7 * 86_400

        static func read(_ db: Database, now: Date) throws -> SharedSections {
            // One query per list; targets come in one more query per list, never one per row.
            // In progress, or due to be: a scheduled window that has begun counts before the clock's next tick moves it.
            let inProgress = try DowntimeStore.list(db, from: nil, to: now, states: [.inProgress, .scheduled], limit: 50)
                .filter { $0.state == .inProgress || $0.window.end > now }
            let upcoming = try DowntimeStore.list(db, from: now, to: now.addingTimeInterval(horizon), states: [.draft, .scheduled], limit: 50)
                .filter { $0.window.start > now }
            let incidents = try IncidentStore.list(db, IncidentFilter(statuses: [.investigating, .identified, .monitoring], ascending: false, limit: 50))
            return SharedSections(
                sections: [
                    DowntimeSection(id: "now", heading: "In progress now", rows: inProgress, empty: "Nothing is down for maintenance right now.", more: "/downtimes?view=in_progress"),
                    DowntimeSection(id: "next", heading: "The next 7 days", rows: upcoming, empty: "Nothing is planned for the next 7 days.", more: "/downtimes"),
                ],
                incidents: incidents.map { incident in
                    IncidentRow(id: incident.id, href: "/incidents/\(incident.id)", title: incident.title, severity: incident.severity.rawValue.capitalized,
                                status: incident.status.displayName, since: StoreTime.format(incident.startedAt),
                                targets: incident.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", "))
                },
                validUntil: try DowntimeStore.nextClockBoundary(db, after: now, horizon: horizon))
        }
    }

    /// The key of the page kept for this request, or nil when it must not be kept: a signed-in browser session without
    /// a flash message, whose CSRF cookie is the token the page embeds (a fresh token would set a cookie).
    static func cacheKey(_ request: Request) -> HomePageCache.Key? {
        guard let identity = request.identity, identity.tokenScope == nil, request.cookie(Flash.cookie) == nil,
              !request.csrfToken.isEmpty, request.cookie(CSRF.cookie) == request.csrfToken else { return nil }
        let user = identity.user
        return HomePageCache.Key(userID: user.id, role: user.role.rawValue, login: user.login, displayName: user.displayName,
                                 csrfToken: request.csrfToken, path: request.path)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let now = Date()
        // Read before anything else: a commit after this moves it, and what is read now is not served again.
        let version = context.store.changes?.current()
        let key = cacheKey(request)
        // Kept pages only: compressed once, sent many times (a page rendered for one request is sent as it is).
        let gzip = key != nil && StaticFiles.acceptsGzip(request.header("accept-encoding"))
        if let version, let key, let kept = context.homePages.page(key, version: version, now: now, gzip: gzip) { return kept }
        let (model, validUntil) = try context.store.read { db -> (Model, Date) in
            let shared: SharedSections
            if let version, let kept = context.homePages.sharedSections(version: version, now: now) {
                shared = kept
            } else {
                shared = try SharedSections.read(db, now: now)
                if let version { context.homePages.keepShared(shared, version: version, readAt: now, validUntil: shared.validUntil) }
            }
            return (try personal(db, request: request, context: context, shared: shared), shared.validUntil)
        }
        var response = Flash.clear(try context.views.page("home", model), request: request)
        if let version, let key {
            // Kept with the headers the responder would add (a signed-in page: no-store, and the security headers), so
            // a kept page passes through it unchanged and the server can queue one libmicrohttpd object for it.
            response.setHeader("Cache-Control", "no-store")
            response.headers.append(("Vary", "Accept-Encoding"))
            Responder.addCommonHeaders(&response)
            response.reusable = ReusableAnswer()
            // Sent as it is this time: the gzip variant is made when the page is served again (compressing, ~0.2 ms,
            // costs more than a render, so a page that is never asked for twice is never compressed).
            context.homePages.keep(response, key: key, secret: request.csrfToken, version: version, readAt: now, validUntil: validUntil)
        }
        return response
    }

    /// The page's model: the shared sections and what is the signed-in user's (their downtimes and notices; admins
    /// also the database's figures).
    private static func personal(_ db: Database, request: Request, context: AppContext, shared: SharedSections) throws -> Model {
        let role = request.identity?.role ?? .viewer
        let login = request.identity?.login ?? ""
        let person = try AccountStore.person(db, login: login)
        let mine = try DowntimeStore.involving(db, personID: person?.id, login: login, limit: 20)
        let notices = try person.map { try NoticeStore.list(db, personID: $0.id, limit: 10) } ?? []
        var tables: [TableCount] = []
        var audit: [AuditRow] = []
        var version = 0, size = ""
        if role == .admin {
            // Table names come from the fixed list above, never from the request.
            let figures = try context.databaseOverview.figures(db, tables: countedTables.map(\.table), audit: 10)
            for (table, label) in countedTables {
                if let n = figures.counts[table] { tables.append(TableCount(label: label, count: Format.count(n), href: table == "audit_log" ? "/audit" : "/\(table)")) }
            }
            audit = figures.recentAudit.map {
                AuditRow(at: $0.at, actor: $0.actor, action: $0.action, object: "\($0.objectKind) \($0.objectName)")
            }
            version = figures.version
            size = Format.bytes(try DatabaseStats.sizeInBytes(db))
        }
        return Model(
            site: SiteChrome(request), canDeclare: role >= .engineer,
            sections: shared.sections, incidents: shared.incidents, hasIncidents: !shared.incidents.isEmpty,
            mine: DowntimeSection(id: "mine", heading: "Your downtimes", rows: mine,
                                  empty: "None: downtimes you declare, coordinate or manage the communication of show here.", more: "/downtimes?view=all"),
            notices: notices.map { row in
                let payload = try? NoticePlanner.decode(row.payloadJSON)
                return NoticeRow(event: row.event.replacingOccurrences(of: "_", with: " ").capitalizedFirst, subject: payload.map { "\($0.reference) · \($0.title)" } ?? "",
                                 href: payload.map { $0.path } ?? "/outbox", status: row.status.rawValue, at: StoreTime.format(row.createdAt))
            },
            hasNotices: !notices.isEmpty, hasPerson: person != nil, isAdmin: role == .admin, tables: tables, schemaVersion: version,
            databasePath: role == .admin ? context.store.location.displayName : "", databaseSize: size, recentAudit: audit, hasAudit: !audit.isEmpty)
    }
}
