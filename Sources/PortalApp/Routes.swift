import PortalHTTP
import PortalStore

/// A controller action: the request and the app's services in, a response out.
public typealias Action = @Sendable (Request, AppContext) throws -> Response

/// An action on one inventory entity: the route hands it the entity it was registered for, so no handler parses
/// its kind back out of the path.
public typealias InventoryAction = @Sendable (Request, AppContext, EntitySpec) throws -> Response

/// An action and the least role that may call it (nil: open to everyone, signed in or not).
public struct Route: Sendable {
    public let action: Action
    public let role: UserRole?
    /// Slow work (see `SlowRoutes`): answered from the server's work pool, never on a request thread.
    public var offloaded = false
    /// When set, only the requests it accepts are offloaded (`include=all` of the impact API); the others are light
    /// enough for the request thread, where they do not wait behind sign-ins at the pool's lower priority.
    public var offloadedOnlyWhen: (@Sendable (Request) -> Bool)?

    public init(action: @escaping Action, role: UserRole?, offloaded: Bool = false) {
        self.action = action
        self.role = role
        self.offloaded = offloaded
    }
}

extension Router where Handler == Route {
    mutating func get(_ pattern: String, _ action: @escaping Action, _ role: UserRole?) { add("GET", pattern, Route(action: action, role: role)) }
    mutating func post(_ pattern: String, _ action: @escaping Action, _ role: UserRole?) { add("POST", pattern, Route(action: action, role: role)) }
    mutating func put(_ pattern: String, _ action: @escaping Action, _ role: UserRole?) { add("PUT", pattern, Route(action: action, role: role)) }
    mutating func patch(_ pattern: String, _ action: @escaping Action, _ role: UserRole?) { add("PATCH", pattern, Route(action: action, role: role)) }
    mutating func delete(_ pattern: String, _ action: @escaping Action, _ role: UserRole?) { add("DELETE", pattern, Route(action: action, role: role)) }

    mutating func get(_ pattern: String, _ spec: EntitySpec, _ action: @escaping InventoryAction, _ role: UserRole?) { get(pattern, { try action($0, $1, spec) }, role) }
    mutating func post(_ pattern: String, _ spec: EntitySpec, _ action: @escaping InventoryAction, _ role: UserRole?) { post(pattern, { try action($0, $1, spec) }, role) }
    mutating func put(_ pattern: String, _ spec: EntitySpec, _ action: @escaping InventoryAction, _ role: UserRole?) { put(pattern, { try action($0, $1, spec) }, role) }
    mutating func patch(_ pattern: String, _ spec: EntitySpec, _ action: @escaping InventoryAction, _ role: UserRole?) { patch(pattern, { try action($0, $1, spec) }, role) }
    mutating func delete(_ pattern: String, _ spec: EntitySpec, _ action: @escaping InventoryAction, _ role: UserRole?) { delete(pattern, { try action($0, $1, spec) }, role) }
}

/// The routes table: every URL Forewarn answers and the role it needs, in one screen.
/// viewer reads everything; engineer declares draft downtimes and runs incidents; comms manager moves them; admin changes the inventory.
public enum Routes {
    public static func build() -> Router<Route> {
        var routes = Router<Route>()
        routes.get("/", HomeController.index, .viewer)
        routes.get("/healthz", HealthController.check, nil)
        routes.get("/api/v1", HealthController.apiIndex, nil)
        routes.get("/audit", AuditController.index, .viewer)

        // Accounts: sign in and out, own password and tokens, user management.
        routes.get("/login", SessionController.form, nil)
        routes.post("/login", SessionController.login, nil)
        routes.post("/logout", SessionController.logout, .viewer)
        routes.get("/account", AccountController.show, .viewer)
        routes.post("/account/password", AccountController.changePassword, .viewer)
        routes.post("/account/time-zone", AccountController.setTimeZone, .viewer)
        routes.post("/account/tokens", AccountController.createToken, .viewer)
        routes.post("/account/tokens/:id/revoke", AccountController.revokeToken, .viewer)
        routes.get("/users", UsersController.index, .admin)
        routes.post("/users", UsersController.create, .admin)
        routes.post("/users/:id", UsersController.update, .admin)

        // Downtimes: declare (with impact preview), list, detail, lifecycle moves, the change-impact report.
        routes.get("/downtimes", DowntimePages.index, .viewer)
        routes.get("/downtimes/new", DowntimeController.new, .engineer)
        routes.post("/downtimes", DowntimeController.create, .engineer)
        routes.get("/downtimes/:id", DowntimePages.show, .viewer)
        routes.get("/downtimes/:id/edit", DowntimeController.edit, .engineer)
        routes.post("/downtimes/:id", DowntimeController.update, .engineer)
        for event in ["announce", "start", "complete", "cancel", "extend", "reannounce", "reschedule"] {
            routes.post("/downtimes/:id/" + event, DowntimeController.transition, .commsManager)
        }
        // The confirmation step of every move that tells people (`/downtimes/:id/announce/confirm`, ...).
        for event in ["announce", "start", "complete", "cancel", "extend", "reschedule"] {
            routes.get("/downtimes/:id/" + event + "/confirm", DowntimeConfirmation.show, .commsManager)
        }
        routes.get("/downtimes/:id/report", ReportController.report, .viewer)
        routes.get("/downtimes/:id/report.pdf", ReportController.pdf, .viewer)
        routes.get("/downtimes/:id/notifications.csv", ReportController.notificationsCSV, .viewer)
        // The change pack's approvers approve or reject in the portal (the service checks that the user is one).
        routes.post("/downtimes/:id/approval", ApprovalController.decide, .viewer)
        routes.get("/help/lifecycle", DowntimePages.lifecycleHelp, .viewer)
        // Recurring windows: declare with a preview of the occurrences, then announce, skip one, or cancel from a date on.
        routes.get("/series/new", SeriesController.new, .engineer)
        routes.post("/series", SeriesController.create, .engineer)
        routes.get("/series/:id", SeriesPages.show, .viewer)
        routes.get("/series/:id/invite.ics", SeriesInvite.download, .viewer)
        routes.post("/series/:id/announce", SeriesController.announce, .commsManager)
        routes.post("/series/:id/skip", SeriesController.skip, .commsManager)
        routes.post("/series/:id/cancel", SeriesController.cancel, .commsManager)
        routes.get("/series/:id/edit", SeriesController.editForm, .commsManager)
        routes.post("/series/:id/edit", SeriesController.edit, .commsManager)
        // Incidents: open, updates, resolve and reopen, the postmortem with follow-ups. Engineers act; viewers read.
        routes.get("/incidents", IncidentPages.index, .viewer)
        routes.get("/incidents/new", IncidentController.new, .engineer)
        routes.post("/incidents", IncidentController.create, .engineer)
        routes.get("/incidents/:id", IncidentPages.show, .viewer)
        for move in ["updates", "resolve", "reopen"] {
            routes.post("/incidents/:id/" + move, IncidentController.move, .engineer)
        }
        routes.get("/incidents/:id/postmortem", IncidentPages.showPostmortem, .viewer)
        routes.get("/incidents/:id/postmortem.pdf", IncidentPages.postmortemPDF, .viewer)
        routes.post("/incidents/:id/postmortem", IncidentController.saveRootCause, .engineer)
        routes.post("/incidents/:id/followups", IncidentController.addFollowup, .engineer)
        routes.post("/incidents/:id/followups/:followup", IncidentController.setFollowupDone, .engineer)
        routes.get("/timeline", TimelineController.index, .viewer)
        // Logs: search (page and API) and HTTP ingest (tokens with scope write or ingest).
        routes.get("/logs", LogsController.index, .viewer)
        routes.get("/api/v1/logs", LogsController.list, .viewer)
        routes.post("/api/v1/logs", LogsController.ingest, .viewer)
        // Live service level (#17): levels, moods and reasons of services and aggregates; SSE stream of changes.
        routes.get("/live", LiveController.index, .viewer)
        routes.get("/live/events", LiveController.events, .viewer)
        routes.get("/api/v1/service-levels", LiveController.api, .viewer)
        // Monitoring: checks of inventory objects, their history and SLA figures, alerts. Engineers set checks up.
        routes.get("/monitoring", MonitoringPages.index, .viewer)
        routes.get("/monitoring/alerts", MonitoringPages.alerts, .viewer)
        routes.get("/monitoring/checks/new", CheckController.new, .engineer)
        routes.post("/monitoring/checks", CheckController.create, .engineer)
        routes.get("/monitoring/checks/:id", MonitoringPages.show, .viewer)
        routes.get("/monitoring/checks/:id/edit", CheckController.edit, .engineer)
        routes.post("/monitoring/checks/:id", CheckController.update, .engineer)
        routes.post("/monitoring/checks/:id/pause", CheckController.pause, .engineer)
        routes.post("/monitoring/checks/:id/resume", CheckController.pause, .engineer)
        routes.post("/monitoring/checks/:id/delete", CheckController.delete, .engineer)
        routes.get("/api/v1/checks", CheckAPIController.index, .viewer)
        routes.post("/api/v1/checks", CheckAPIController.create, .engineer)
        routes.get("/api/v1/checks/:id", CheckAPIController.show, .viewer)
        routes.put("/api/v1/checks/:id", CheckAPIController.update, .engineer)
        routes.patch("/api/v1/checks/:id", CheckAPIController.update, .engineer)
        routes.delete("/api/v1/checks/:id", CheckAPIController.delete, .engineer)
        routes.get("/api/v1/checks/:id/samples", CheckAPIController.samples, .viewer)
        routes.get("/api/v1/alerts", CheckAPIController.alerts, .viewer)
        routes.get("/api/v1/sla", SLAReport.json, .viewer)
        routes.get("/checks.csv", ImportController.exportChecks, .viewer)
        // Log rules: matching messages tell people; per stage, also as files (`forewarn rules export|import`).
        routes.get("/rules", LogRuleController.index, .viewer)
        routes.post("/rules", LogRuleController.create, .engineer)
        routes.get("/rules/:id/edit", LogRuleController.edit, .engineer)
        routes.post("/rules/:id/edit", LogRuleController.update, .engineer)
        routes.post("/rules/:id/delete", LogRuleController.delete, .engineer)
        // Heartbeats: jobs that report in; pings need no session (the UUID is the secret) and no CSRF token.
        routes.get("/heartbeats", HeartbeatController.index, .viewer)
        routes.post("/heartbeats", HeartbeatController.create, .engineer)
        routes.get("/heartbeats/:id", HeartbeatController.show, .viewer)
        routes.post("/heartbeats/:id/delete", HeartbeatController.delete, .engineer)
        routes.get("/api/v1/heartbeats", HeartbeatController.apiIndex, .viewer)
        routes.post("/api/v1/heartbeats", HeartbeatController.apiCreate, .engineer)
        routes.get("/api/v1/heartbeats/:id", HeartbeatController.apiShow, .viewer)
        routes.get("/ping/:uuid", HeartbeatController.pingSuccess, nil)
        routes.post("/ping/:uuid", HeartbeatController.pingSuccess, nil)
        routes.get("/ping/:uuid/start", HeartbeatController.pingStart, nil)
        routes.post("/ping/:uuid/start", HeartbeatController.pingStart, nil)
        routes.get("/ping/:uuid/fail", HeartbeatController.pingFail, nil)
        routes.post("/ping/:uuid/fail", HeartbeatController.pingFail, nil)
        // The status page and feeds check sign-in themselves: an admin may make them public.
        routes.get("/status", StatusController.page, nil)
        routes.post("/status/settings", StatusController.setPublic, .admin)
        routes.get("/api/v1/status", StatusController.json, nil)
        routes.get("/feed.atom", StatusController.atom, nil)
        routes.get("/reports", ReportsController.index, .viewer)
        routes.get("/reports/forward-schedule", ReportsController.forwardSchedule, .viewer)
        routes.get("/reports/owner-digest", ReportsController.ownerDigest, .viewer)
        routes.get("/reports/coordinator-schedule", ReportsController.coordinatorSchedule, .viewer)
        routes.get("/reports/sla", SLAReport.page, .viewer)
        routes.get("/blackouts", BlackoutController.index, .viewer)
        routes.post("/blackouts", BlackoutController.create, .admin)
        routes.post("/blackouts/:id/delete", BlackoutController.delete, .admin)

        routes.get("/api/v1/downtimes", DowntimeAPIController.index, .viewer)
        routes.post("/api/v1/downtimes", DowntimeAPIController.create, .engineer)
        routes.get("/api/v1/downtimes/:id", DowntimeAPIController.show, .viewer)
        for event in ["announce", "extend", "cancel", "start", "complete"] {
            routes.post("/api/v1/downtimes/:id/" + event, DowntimeAPIController.transition, .commsManager)
        }
        routes.post("/api/v1/downtimes/:id/reschedule", DowntimeAPIController.reschedule, .commsManager)
        routes.get("/api/v1/downtimes/:id/approvers", ApprovalController.list, .viewer)
        routes.post("/api/v1/downtimes/:id/approvers", ApprovalController.add, .engineer)
        routes.post("/api/v1/downtimes/:id/approval", ApprovalController.decideJSON, .viewer)
        // Recurring series: any occurrence's id names its series.
        routes.get("/api/v1/downtimes/:id/occurrences", SeriesAPIController.occurrences, .viewer)
        routes.post("/api/v1/downtimes/:id/series/announce", SeriesAPIController.announce, .commsManager)
        routes.post("/api/v1/downtimes/:id/series/cancel", SeriesAPIController.cancel, .commsManager)
        routes.post("/api/v1/downtimes/:id/series/edit", SeriesAPIController.edit, .commsManager)
        // The report PDFs for scripts and ticket systems, with a bearer token.
        routes.get("/api/v1/downtimes/:id/report.pdf", ReportController.pdf, .viewer)
        routes.get("/api/v1/incidents/:id/postmortem.pdf", IncidentPages.postmortemPDF, .viewer)
        routes.post("/api/v1/impact", DowntimeAPIController.previewImpact, .viewer)
        routes.get("/api/v1/incidents", IncidentAPIController.index, .viewer)
        routes.post("/api/v1/incidents", IncidentAPIController.create, .engineer)
        routes.get("/api/v1/incidents/:id", IncidentAPIController.show, .viewer)
        for move in ["updates", "resolve", "reopen"] {
            routes.post("/api/v1/incidents/:id/" + move, IncidentAPIController.move, .engineer)
        }

        // Notices: the outbox, mail settings, subscriptions, calendar feeds, webhooks.
        routes.get("/outbox", OutboxController.index, .viewer)
        routes.get("/outbox/:id", OutboxNoticePage.show, .viewer)
        routes.get("/outbox/:id/html", OutboxNoticePage.html, .viewer)
        routes.post("/outbox/:id/resend", OutboxController.resend, .commsManager)
        routes.post("/outbox/tickets/:id/resend", TicketSettingsController.resend, .commsManager)
        routes.get("/settings/tickets", TicketSettingsController.index, .admin)
        routes.post("/settings/tickets", TicketSettingsController.create, .admin)
        routes.post("/settings/tickets/:id/delete", TicketSettingsController.delete, .admin)
        routes.get("/settings/mail", OutboxController.settings, .admin)
        routes.post("/settings/mail", OutboxController.saveSettings, .admin)
        routes.post("/settings/public-url", PublicURLController.save, .admin)
        routes.get("/settings/xmpp", XMPPSettingsController.show, .admin)
        routes.post("/settings/xmpp", XMPPSettingsController.save, .admin)
        routes.get("/account/subscriptions", SubscriptionController.index, .viewer)
        routes.post("/subscriptions", SubscriptionController.create, .viewer)
        routes.post("/subscriptions/:id/delete", SubscriptionController.delete, .viewer)
        routes.post("/account/calendar-token", SubscriptionController.createCalendarToken, .viewer)
        routes.post("/account/level-subscriptions", LevelSubscriptionController.createOwn, .viewer)
        routes.get("/level-subscriptions", LevelSubscriptionController.index, .admin)
        routes.post("/level-subscriptions", LevelSubscriptionController.createForTeam, .admin)
        routes.post("/level-subscriptions/:id/delete", LevelSubscriptionController.delete, .viewer)
        routes.get("/api/v1/subscriptions", LevelSubscriptionAPIController.index, .viewer)
        routes.post("/api/v1/subscriptions", LevelSubscriptionAPIController.create, .viewer)
        routes.delete("/api/v1/subscriptions/:id", LevelSubscriptionAPIController.delete, .viewer)
        // Links in mail and calendar apps work without signing in: a signed token in the URL authorises them.
        routes.get("/unsubscribe/:id", SubscriptionController.confirm, nil)
        routes.post("/unsubscribe/:id", SubscriptionController.unsubscribe, nil)
        routes.get("/calendar.ics", CalendarController.all, nil)
        routes.get("/people/:id/calendar.ics", CalendarController.person, nil)
        for spec in [InventorySpecs.regions, InventorySpecs.clusters, InventorySpecs.servers, InventorySpecs.services, InventorySpecs.processes] {
            routes.get("/" + spec.kind.rawValue + "/:id/calendar.ics", spec, CalendarController.object, nil)
        }
        routes.get("/webhooks", WebhookController.index, .admin)
        routes.post("/webhooks", WebhookController.create, .admin)
        routes.post("/webhooks/:id/delete", WebhookController.delete, .admin)

        // Inventory: the same pages and API for every entity (regions, clusters, servers, services, placements,
        // dependencies, processes, datasets, teams, people, assignments). The first path segment names the entity.
        routes.get("/import", ImportController.form, .admin)
        routes.post("/import", ImportController.run, .admin)
        for spec in InventorySpecs.all {
            let base = "/" + spec.kind.rawValue
            routes.get(base, spec, InventoryController.index, .viewer)
            routes.get(base + ".csv", spec, ImportController.export, .viewer)
            routes.get(base + "/new", spec, InventoryController.new, .admin)
            routes.post(base, spec, InventoryController.create, .admin)
            routes.get(base + "/:id", spec, InventoryController.show, .viewer)
            routes.get(base + "/:id/edit", spec, InventoryController.edit, .admin)
            routes.post(base + "/:id", spec, InventoryController.update, .admin)
            routes.post(base + "/:id/delete", spec, InventoryController.delete, .admin)
            routes.get(base + "/:id/contacts", spec, ContactsController.whoToTell, .viewer)

            let api = "/api/v1/" + spec.kind.rawValue
            routes.get(api, spec, InventoryAPIController.index, .viewer)
            routes.post(api, spec, InventoryAPIController.create, .admin)
            routes.get(api + "/:id", spec, InventoryAPIController.show, .viewer)
            routes.put(api + "/:id", spec, InventoryAPIController.update, .admin)
            routes.patch(api + "/:id", spec, InventoryAPIController.update, .admin)
            routes.delete(api + "/:id", spec, InventoryAPIController.delete, .admin)
        }
        SlowRoutes.mark(&routes)
        return routes
    }
}
