import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/healthz` for load balancers and monitors, and the API index.
enum HealthController {
    /// 200 while reads and writes work; 503 with the reason when the storage is full or failing, so a load
    /// balancer takes the instance out until it recovers. Never waits for the writer.
    @Sendable static func check(_ request: Request, _ context: AppContext) throws -> Response {
        let version: Int
        do {
            version = try context.store.read { db in try db.userVersion }
        } catch {
            context.logger.error("health check failed: \(error)")
            return .jsonObject(["status": "failing", "database": ["status": "failing", "message": "The database cannot be read."],
                                "version": ForewarnVersion.current], status: 503)
        }
        let storage = context.storageHealth.status(context.store)
        var database: [String: Any] = ["status": storage.writable ? "ok" : "failing", "schema_version": version,
                                       "expected_schema_version": Migrations.all.count]
        if !storage.writable { database["message"] = storage.message }
        let configuration = context.configuration
        let workers = !configuration.runsBackgroundWorkers ? "off" : context.workerLock.isHeld ? "running" : "standby"
        return .jsonObject(["status": storage.writable ? "ok" : "failing", "database": database, "workers": workers,
                            "version": ForewarnVersion.current],
                           status: storage.writable ? 200 : 503)
    }

    @Sendable static func apiIndex(_ request: Request, _ context: AppContext) throws -> Response {
        .jsonObject(["name": "Forewarn API", "version": "v1", "forewarn": ForewarnVersion.current, "health": "/healthz"])
    }
}
