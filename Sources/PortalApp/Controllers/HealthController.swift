import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/healthz` for load balancers and monitors, and the API index.
enum HealthController {
    @Sendable static func check(_ request: Request, _ context: AppContext) throws -> Response {
        do {
            let version = try context.store.read { db in try db.userVersion }
            let writable = try context.store.withWriter { db in try DatabaseStats.probe(db) }
            return .jsonObject([
                "status": writable ? "ok" : "degraded",
                "database": ["status": "ok", "schema_version": version, "expected_schema_version": Migrations.all.count],
                "version": ForewarnVersion.current,
            ], status: writable ? 200 : 503)
        } catch {
            context.logger.error("health check failed: \(error)")
            return .jsonObject(["status": "failing", "database": ["status": "failing", "message": "The database cannot be read."],
                                "version": ForewarnVersion.current], status: 503)
        }
    }

    @Sendable static func apiIndex(_ request: Request, _ context: AppContext) throws -> Response {
        .jsonObject(["name": "Forewarn API", "version": "v1", "forewarn": ForewarnVersion.current, "health": "/healthz"])
    }
}
