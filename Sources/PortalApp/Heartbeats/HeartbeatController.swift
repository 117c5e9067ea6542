import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/heartbeats` pages, `/api/v1/heartbeats`, and the pings (`/ping/<uuid>`, `/start`, `/fail`) that need no session.
enum HeartbeatController {
    /// A ping body larger than this is refused (413); the stored part is `HeartbeatStore.bodyLimit` characters.
    static let pingBodyLimit = 100_000

    struct Row {
        let id: Int64
        let name: String
        let service: String
        let serviceHref: String
        let state: String
        let stateClass: String
        let period: Int
        let grace: Int
        let lastPing: String
    }

    struct ListModel {
        let site: SiteChrome
        let rows: [Row]
        let hasRows: Bool
        let form: FormState
        let canEdit: Bool
    }

    struct PingRow {
        let at: String
        let kind: String
        let source: String
        let body: String
        let hasBody: Bool
    }

    struct AlertRow {
        let startedAt: String
        let endedAt: String
        let message: String
        let recoveryMessage: String
    }

    struct MoveRow {
        let at: String
        let from: String
        let to: String
        let signal: String
    }

    struct DetailModel {
        let site: SiteChrome
        let row: Row
        let pingURL: String
        let curlLine: String
        let pings: [PingRow]
        let hasPings: Bool
        let alerts: [AlertRow]
        let hasAlerts: Bool
        let moves: [MoveRow]
        let hasMoves: Bool
        let canEdit: Bool
    }

    static func row(_ h: HeartbeatRecord) -> Row {
        Row(id: h.id, name: h.name, service: h.serviceName, serviceHref: "/services/\(h.serviceID)", state: h.state.rawValue,
            stateClass: ["up": "up", "late": "degraded", "down": "down"][h.state.rawValue] ?? "unknown",
            period: h.periodSeconds, grace: h.graceSeconds, lastPing: h.lastPingAt.map(UTCTimestamp.string(from:)) ?? "never")
    }

    static func pingURL(_ context: AppContext, _ h: HeartbeatRecord) -> String {
        ((try? PublicURL.current(context).base) ?? PublicURL.listeningAddress(context)) + "/ping/" + h.uuid
    }

    static func list(_ request: Request, _ context: AppContext, values: [String: String] = ["grace_seconds": "300", "period_seconds": "3600"],
                     errors: [String: String] = [:], status: Int = 200) throws -> Response {
        let all = try context.store.read { try HeartbeatStore.list($0) }
        let model = ListModel(site: SiteChrome(request), rows: all.map(row), hasRows: !all.isEmpty,
                              form: FormState(values: values, errors: errors, order: HeartbeatService.fields), canEdit: FormState.canEdit(request))
        return try context.views.page("heartbeats/list", model, status: status)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response { try list(request, context) }

    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let values = try FormState.posted(request, fields: HeartbeatService.fields)
        do {
            let id = try HeartbeatService.create(context.store, values: values, actor: AuditActor(request))
            context.heartbeats.wake()
            return Flash.redirect(to: "/heartbeats/\(id)", message: "Heartbeat \(values["name"] ?? "") was created; paste its curl line into the job.")
        } catch HeartbeatService.Failure.invalid(let errors) {
            return try list(request, context, values: values, errors: errors, status: 422)
        }
    }

    static func load(_ request: Request, _ context: AppContext) throws -> HeartbeatRecord {
        try FormState.record(request, context, missing: "There is no such heartbeat.") { try HeartbeatStore.fetch($0, id: $1) }
    }

    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response {
        let heartbeat = try load(request, context)
        let (pings, alerts, moves) = try context.store.read { db in
            (try HeartbeatStore.pings(db, heartbeatID: heartbeat.id), try HeartbeatStore.alerts(db, heartbeatID: heartbeat.id),
             try HeartbeatStore.transitions(db, heartbeatID: heartbeat.id))
        }
        let url = pingURL(context, heartbeat)
        let model = DetailModel(
            site: SiteChrome(request), row: row(heartbeat), pingURL: url,
            curlLine: "command && curl -fsS -m 10 --retry 5 -o /dev/null \(url) || curl -fsS -m 10 --retry 5 -o /dev/null --data-raw \"$?\" \(url)/fail",
            pings: pings.map { PingRow(at: UTCTimestamp.string(from: $0.at), kind: $0.kind.rawValue, source: $0.source, body: $0.body, hasBody: !$0.body.isEmpty) },
            hasPings: !pings.isEmpty,
            alerts: alerts.map { AlertRow(startedAt: UTCTimestamp.string(from: $0.startedAt), endedAt: $0.endedAt.map(UTCTimestamp.string(from:)) ?? "open",
                                          message: $0.message, recoveryMessage: $0.recoveryMessage) },
            hasAlerts: !alerts.isEmpty,
            moves: moves.map { MoveRow(at: UTCTimestamp.string(from: $0.at), from: $0.from, to: $0.to, signal: $0.signal) }, hasMoves: !moves.isEmpty,
            canEdit: FormState.canEdit(request))
        return try context.views.page("heartbeats/detail", model)
    }

    @Sendable static func delete(_ request: Request, _ context: AppContext) throws -> Response {
        let heartbeat = try load(request, context)
        try HeartbeatService.delete(context.store, id: heartbeat.id, actor: AuditActor(request))
        return Flash.redirect(to: "/heartbeats", message: "Heartbeat \(heartbeat.name) was deleted.")
    }

    // MARK: API

    static func json(_ context: AppContext, _ h: HeartbeatRecord) -> [String: Any] {
        ["id": h.id, "uuid": h.uuid, "name": h.name, "target": ["kind": "service", "name": h.serviceName], "period_seconds": h.periodSeconds,
         "grace_seconds": h.graceSeconds, "state": h.state.rawValue, "last_ping_at": h.lastPingAt.map { StoreTime.format($0) as Any } ?? NSNull(),
         "ping_url": pingURL(context, h), "created_at": StoreTime.format(h.createdAt)]
    }

    @Sendable static func apiIndex(_ request: Request, _ context: AppContext) throws -> Response {
        let all = try context.store.read { try HeartbeatStore.list($0) }
        return .jsonObject(["items": all.map { json(context, $0) }, "total": all.count])
    }

    @Sendable static func apiShow(_ request: Request, _ context: AppContext) throws -> Response {
        .jsonObject(json(context, try load(request, context)))
    }

    /// `POST /api/v1/heartbeats` with `name`, `target` `{"kind": "service", "name": …}`, `period_seconds`, `grace_seconds`.
    @Sendable static func apiCreate(_ request: Request, _ context: AppContext) throws -> Response {
        let body = try request.jsonObject()
        var values: [String: String] = [:]
        values["name"] = body["name"] as? String ?? ""
        var errors: [String: String] = [:]
        if let target = body["target"] as? [String: Any] {
            if (target["kind"] as? String ?? "service") != "service" { errors["target"] = "target.kind must be \"service\"." }
            values["service"] = target["name"] as? String ?? ""
        } else {
            values["service"] = ""
        }
        for field in ["period_seconds", "grace_seconds"] {
            if let number = body[field] as? NSNumber { values[field] = number.stringValue } else { values[field] = body[field] as? String ?? "" }
        }
        do {
            if !errors.isEmpty { throw HeartbeatService.Failure.invalid(errors) }
            let id = try HeartbeatService.create(context.store, values: values, actor: AuditActor(request))
            context.heartbeats.wake()
            guard let saved = try context.store.read({ try HeartbeatStore.fetch($0, id: id) }) else { throw HTTPError(500, "The heartbeat vanished.") }
            var response = Response.jsonObject(json(context, saved), status: 201)
            response.headers.append(("Location", "/api/v1/heartbeats/\(id)"))
            return response
        } catch HeartbeatService.Failure.invalid(var errors) {
            if let service = errors.removeValue(forKey: "service") { errors["target"] = service }
            let first = (HeartbeatService.fields + ["target"]).compactMap { errors[$0] }.first ?? "The heartbeat is not valid."
            throw HTTPError(422, errors.count == 1 ? first : "\(errors.count) fields are not valid. \(first)", fields: errors)
        }
    }

    // MARK: pings

    static func ping(_ request: Request, _ context: AppContext, kind: HeartbeatPing.Kind) throws -> Response {
        guard request.body.count <= pingBodyLimit else { return .text("Ping body too large (at most \(pingBodyLimit) bytes).\n", status: 413) }
        let uuid = try request.parameter("uuid")
        let body = kind == .fail || !request.body.isEmpty ? String(decoding: request.body, as: UTF8.self) : ""
        guard try HeartbeatEngine(context: context).ping(uuid: uuid, kind: kind, body: body, source: request.clientAddress) != nil else {
            return .text("No heartbeat has this address.\n", status: 404)
        }
        context.heartbeats.wake()
        return .text("OK\n")
    }

    @Sendable static func pingSuccess(_ request: Request, _ context: AppContext) throws -> Response { try ping(request, context, kind: .success) }
    @Sendable static func pingStart(_ request: Request, _ context: AppContext) throws -> Response { try ping(request, context, kind: .start) }
    @Sendable static func pingFail(_ request: Request, _ context: AppContext) throws -> Response { try ping(request, context, kind: .fail) }
}
