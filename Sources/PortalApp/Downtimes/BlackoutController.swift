import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// Change freezes: global or on a region (and everything below it). Declaring a downtime in one needs an override reason.
enum BlackoutController {
    struct Model {
        struct Row {
            let id: Int64
            let name: String
            let scope: String
            let window: String
            let reason: String
        }

        let site: SiteChrome
        let title = "Change freezes (blackout windows)"
        let rows: [Row]
        let hasRows: Bool
        let values: [String: String]
        let errors: [String: String]
        let hasErrors: Bool
        let zones: [String]
    }

    static func page(_ request: Request, _ context: AppContext, values: [String: String] = ["time_zone": "UTC"], errors: [String: String] = [:], status: Int = 200) throws -> Response {
        let blackouts = try context.store.read { try BlackoutStore.list($0, overlapping: nil) }
        let rows = blackouts.map { blackout, reason, region in
            Model.Row(id: blackout.id, name: blackout.name, scope: region.isEmpty ? "Everywhere" : "Region \(region) and below",
                      window: (try? TimeWindow(start: blackout.window.start, end: blackout.window.end, timeZone: "UTC", maximumDuration: nil).formatted) ?? "",
                      reason: reason)
        }
        let model = Model(site: SiteChrome(request), rows: rows, hasRows: !rows.isEmpty, values: values, errors: errors,
                          hasErrors: !errors.isEmpty, zones: DowntimeController.commonZones)
        return Flash.clear(try context.views.page("downtimes/blackouts", model, status: status), request: request)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response { try page(request, context) }

    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        var values: [String: String] = [:]
        for key in ["name", "region", "starts_at", "ends_at", "time_zone", "reason"] { values[key] = (form[key] ?? "").trimmingCharacters(in: .whitespaces) }
        var errors: [String: String] = [:]
        let name = values["name"] ?? ""
        if name.isEmpty { errors["name"] = "Name is required." } else if let problem = FieldRules.name(name, label: "Name", max: 200) { errors["name"] = problem }
        if let problem = FieldRules.text(values["reason"] ?? "", label: "Reason", max: 2000) { errors["reason"] = problem }
        var regionID: Int64? = nil
        if let region = values["region"], !region.isEmpty {
            regionID = try context.store.read { try EntityStore.id($0, InventorySpecs.regions, name: region) }
            if regionID == nil { errors["region"] = "There is no region named '\(region.prefix(80))'." }
        }
        var window: TimeWindow?
        do {
            window = try TimeWindow(localStart: try LocalDateTime(parsing: values["starts_at"] ?? ""), localEnd: try LocalDateTime(parsing: values["ends_at"] ?? ""),
                                    timeZone: values["time_zone"] ?? "UTC", startAmbiguity: .earlier, endAmbiguity: .later, maximumDuration: 366 * 86_400)
        } catch let error as ScheduleError {
            errors["window"] = error.message
        }
        guard errors.isEmpty, let window else { return try page(request, context, values: values, errors: errors, status: 422) }
        try context.store.write { db in
            let id = try BlackoutStore.insert(db, name: name, regionID: regionID, window: DateInterval(start: window.start, end: window.end),
                                              reason: values["reason"] ?? "")
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "create", objectKind: "blackout", objectID: id,
                                objectName: name, requestID: request.requestID)
        }
        return Flash.redirect(to: "/blackouts", message: "Change freeze \(name) was added.")
    }

    @Sendable static func delete(_ request: Request, _ context: AppContext) throws -> Response {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        let removed = try context.store.write { db -> Bool in
            guard let text = try BlackoutStore.name(db, id: id) else { return false }
            try BlackoutStore.delete(db, id: id)
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "delete", objectKind: "blackout", objectID: id, objectName: text, requestID: request.requestID)
            return true
        }
        guard removed else { throw HTTPError.notFound("There is no such change freeze.") }
        return Flash.redirect(to: "/blackouts", message: "The change freeze was removed.")
    }
}
