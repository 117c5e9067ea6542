import PortalHTTP
import PortalStore

/// A controller action: the request and the app's services in, a response out.
public typealias Action = @Sendable (Request, AppContext) throws -> Response

/// The routes table: every URL Forewarn answers, in one screen.
public enum Routes {
    public static func build() -> Router<Action> {
        var routes = Router<Action>()
        routes.get("/", HomeController.index)
        routes.get("/healthz", HealthController.check)
        routes.get("/api/v1", HealthController.apiIndex)
        routes.get("/audit", AuditController.index)

        // Downtimes: declare (with impact preview), list, detail, lifecycle moves, the change-impact report.
        routes.get("/downtimes", DowntimePages.index)
        routes.get("/downtimes/new", DowntimeController.new)
        routes.post("/downtimes", DowntimeController.create)
        routes.get("/downtimes/:id", DowntimePages.show)
        routes.get("/downtimes/:id/edit", DowntimeController.edit)
        routes.post("/downtimes/:id", DowntimeController.update)
        for event in ["announce", "start", "complete", "cancel", "extend", "reannounce"] {
            routes.post("/downtimes/:id/" + event, DowntimeController.transition)
        }
        routes.get("/downtimes/:id/report", ReportController.report)
        routes.get("/downtimes/:id/report.pdf", ReportController.pdf)
        routes.get("/downtimes/:id/notifications.csv", ReportController.notificationsCSV)
        routes.get("/help/lifecycle", DowntimePages.lifecycleHelp)
        routes.get("/reports", ReportsController.index)
        routes.get("/reports/forward-schedule", ReportsController.forwardSchedule)
        routes.get("/reports/owner-digest", ReportsController.ownerDigest)
        routes.get("/reports/coordinator-schedule", ReportsController.coordinatorSchedule)
        routes.get("/blackouts", BlackoutController.index)
        routes.post("/blackouts", BlackoutController.create)
        routes.post("/blackouts/:id/delete", BlackoutController.delete)

        routes.get("/api/v1/downtimes", DowntimeAPIController.index)
        routes.post("/api/v1/downtimes", DowntimeAPIController.create)
        routes.get("/api/v1/downtimes/:id", DowntimeAPIController.show)
        for event in ["announce", "extend", "cancel", "start", "complete"] {
            routes.post("/api/v1/downtimes/:id/" + event, DowntimeAPIController.transition)
        }
        routes.post("/api/v1/impact", DowntimeAPIController.previewImpact)

        // Inventory: the same pages and API for every entity (regions, clusters, servers, services, placements,
        // dependencies, processes, datasets, teams, people, assignments). The first path segment names the entity.
        routes.get("/import", ImportController.form)
        routes.post("/import", ImportController.run)
        for spec in InventorySpecs.all {
            let base = "/" + spec.kind
            routes.get(base, InventoryController.index)
            routes.get(base + ".csv", ImportController.export)
            routes.get(base + "/new", InventoryController.new)
            routes.post(base, InventoryController.create)
            routes.get(base + "/:id", InventoryController.show)
            routes.get(base + "/:id/edit", InventoryController.edit)
            routes.post(base + "/:id", InventoryController.update)
            routes.post(base + "/:id/delete", InventoryController.delete)
            routes.get(base + "/:id/contacts", ContactsController.whoToTell)

            let api = "/api/v1/" + spec.kind
            routes.get(api, InventoryAPIController.index)
            routes.post(api, InventoryAPIController.create)
            routes.get(api + "/:id", InventoryAPIController.show)
            routes.put(api + "/:id", InventoryAPIController.update)
            routes.patch(api + "/:id", InventoryAPIController.update)
            routes.delete(api + "/:id", InventoryAPIController.delete)
        }
        return routes
    }
}
