import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/api/v1/checks` and `/api/v1/alerts`: the monitoring pages in JSON, with the same rules and messages.
enum CheckAPIController {
    static func json(_ check: CheckRecord) -> [String: Any] {
        let spec = check.spec
        return [
            "id": check.id, "name": spec.name, "kind": spec.kind.rawValue, "target": ["kind": check.target.kind.rawValue, "name": spec.targetName],
            "url": spec.url, "method": spec.method, "host": spec.host, "port": spec.port.map { $0 as Any } ?? NSNull(),
            "interval_seconds": spec.intervalSeconds, "timeout_ms": spec.timeoutMS, "expect_status": spec.expectStatus, "expect_body": spec.expectBody,
            "max_response_ms": spec.maxResponseMS.map { $0 as Any } ?? NSNull(), "cert_min_days": spec.certMinDays,
            "alert_below_percent": spec.alertBelowPercent, "alert_window_seconds": spec.alertWindowSeconds, "opens_incident": spec.opensIncident,
            "paused": spec.paused, "created_at": StoreTime.format(check.createdAt), "updated_at": StoreTime.format(check.updatedAt),
        ]
    }

    static func json(_ alert: AlertRecord) -> [String: Any] {
        [
            "id": alert.id, "check_id": alert.checkID, "check": alert.checkName, "target": alert.targetName, "kind": alert.kind.rawValue,
            "state": alert.endedAt == nil ? "open" : "recovered", "started_at": StoreTime.format(alert.startedAt),
            "ended_at": alert.endedAt.map { StoreTime.format($0) as Any } ?? NSNull(), "availability": alert.availability, "message": alert.message,
            "recovery_message": alert.recoveryMessage, "downtime_id": alert.downtimeID.map { $0 as Any } ?? NSNull(),
            "incident_id": alert.incidentID.map { $0 as Any } ?? NSNull(),
        ]
    }

    static func invalid(_ errors: [String: String]) -> HTTPError {
        let first = CheckInput.fields.compactMap { errors[$0] }.first ?? errors.values.first ?? "The check is not valid."
        return HTTPError(422, errors.count == 1 ? first : "\(errors.count) fields are not valid. \(first)", fields: errors)
    }

    static func load(_ request: Request, _ context: AppContext) throws -> CheckRecord {
        guard let id = Int64(try request.parameter("id")),
              let check = try context.store.read({ try CheckStore.fetch($0, id: id) }) else { throw HTTPError(404, "There is no such check.") }
        return check
    }

    /// `GET /api/v1/checks?kind=&target=&state=&page=&per_page=`, each with its state and availability over 2 minutes and 1 hour.
    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let kind = request.queryValue("kind").flatMap(CheckKind.init(rawValue:))
        let state = request.queryValue("state").flatMap(CheckHealth.init(rawValue:))
        let perPage = min(500, max(1, Int(request.queryValue("per_page") ?? "") ?? 100))
        let page = max(1, Int(request.queryValue("page") ?? "") ?? 1)
        let now = Date()
        let (figures, total) = try context.store.read { db -> ([CheckFigures], Int) in
            var checks = try CheckStore.list(db, kind: kind, targetName: request.queryValue("target"))
            if let state {
                let health = try MonitoringQuery.health(db, checks: checks)
                checks = checks.filter { health[$0.id] == state }
            }
            let slice = Array(checks.dropFirst((page - 1) * perPage).prefix(perPage))
            return (try MonitoringQuery.figures(db, checks: slice, now: now, sparklines: false), checks.count)
        }
        let items = figures.map { f -> [String: Any] in
            var object = json(f.check)
            object["state"] = f.health.rawValue
            object["availability_2m"] = f.recent.availability as Any
            object["availability_1h"] = f.hour.availability as Any
            object["response_ms_1h"] = ["average": f.hour.averageMS as Any, "max": f.hour.maxMS as Any]
            object["status_codes_2m"] = f.recent.statusCounts
            return object
        }
        return .jsonObject(["items": items, "total": total, "page": page, "per_page": perPage])
    }

    /// One check with its state and SLA figures over `from`–`to` (default: the last 24 hours).
    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response {
        let check = try load(request, context)
        let (from, to) = try period(request, default: 86_400)
        let (figures, sla) = try context.store.read { db in
            (try MonitoringQuery.figures(db, checks: [check], now: Date(), sparklines: false)[0], try SLAFigures.of(db, check: check, from: from, to: to))
        }
        var object = json(check)
        object["state"] = figures.health.rawValue
        object["sla"] = sla.json.merging(["from": StoreTime.format(from), "to": StoreTime.format(to)]) { a, _ in a }
        return .jsonObject(object)
    }

    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let input = CheckInput(json: try request.jsonObject())
        do {
            let id = try CheckService.create(context.store, input, actor: AuditActor(request))
            guard let saved = try context.store.read({ try CheckStore.fetch($0, id: id) }) else { throw HTTPError(500, "The check vanished.") }
            var response = Response.jsonObject(json(saved), status: 201)
            response.headers.append(("Location", "/api/v1/checks/\(id)"))
            return response
        } catch CheckService.Failure.invalid(let errors) {
            throw invalid(errors)
        }
    }

    /// PUT replaces every field (missing ones take their defaults); PATCH changes only the fields given.
    @Sendable static func update(_ request: Request, _ context: AppContext) throws -> Response {
        let check = try load(request, context)
        let body = try request.jsonObject()
        let input = CheckInput(json: body, base: request.method == "PATCH" ? CheckInput(check.spec).values : [:])
        do {
            try CheckService.update(context.store, id: check.id, input, actor: AuditActor(request))
        } catch CheckService.Failure.invalid(let errors) {
            throw invalid(errors)
        }
        guard let saved = try context.store.read({ try CheckStore.fetch($0, id: check.id) }) else { throw HTTPError(404, "There is no such check.") }
        return .jsonObject(json(saved))
    }

    @Sendable static func delete(_ request: Request, _ context: AppContext) throws -> Response {
        let check = try load(request, context)
        try CheckService.delete(context.store, id: check.id, actor: AuditActor(request))
        return Response(status: 204, headers: [], body: [])
    }

    /// `GET /api/v1/checks/:id/samples?from=&to=` (UTC, `2027-01-12T21:00:00Z`; default the last hour), at most 10,000, oldest first.
    @Sendable static func samples(_ request: Request, _ context: AppContext) throws -> Response {
        let check = try load(request, context)
        let (from, to) = try period(request, default: 3600)
        let samples = try context.store.read { try SampleStore.list($0, checkID: check.id, from: from, to: to) }
        let items = samples.map { s -> [String: Any] in
            ["at": StoreTime.format(s.sample.at), "available": s.sample.available, "degraded": s.sample.degraded,
             "http_status": s.sample.httpStatus.map { $0 as Any } ?? NSNull(), "response_ms": s.sample.responseMS.map { $0 as Any } ?? NSNull(),
             "error": s.sample.error, "in_maintenance": s.sample.downtimeID != nil,
             "downtime_id": s.sample.downtimeID.map { $0 as Any } ?? NSNull()]
        }
        return .jsonObject(["check_id": check.id, "from": StoreTime.format(from), "to": StoreTime.format(to), "items": items])
    }

    /// `GET /api/v1/alerts?check=&target=&state=open|closed&from=&to=`.
    @Sendable static func alerts(_ request: Request, _ context: AppContext) throws -> Response {
        let alerts = try context.store.read { try AlertStore.list($0, MonitoringPages.alertFilter(request)) }
        return .jsonObject(["items": alerts.map(json), "total": alerts.count])
    }

    /// `from` and `to` as UTC timestamps or dates; 400 with a message when unreadable.
    static func period(_ request: Request, default span: Double) throws -> (Date, Date) {
        func instant(_ name: String) throws -> Date? {
            guard let text = request.queryValue(name), !text.isEmpty else { return nil }
            if let date = try? UTCTimestamp.date(from: text) { return date }
            if let date = try? UTCTimestamp.date(from: text + "T00:00:00Z") { return date }
            throw HTTPError(400, "\(name) must be a UTC time like 2027-01-12T21:00:00Z or a date like 2027-01-12.", fields: [name: "not a UTC time"])
        }
        let to = try instant("to") ?? Date()
        let from = try instant("from") ?? to.addingTimeInterval(-span)
        guard from <= to else { throw HTTPError(400, "from must not be after to.", fields: ["from": "after to"]) }
        return (from, to)
    }
}
