import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/api/v1/subscriptions`: level (threshold) subscriptions in JSON, with the form's checks and messages. A person lists,
/// adds and removes their own; admins list every one and add and remove a team's (`"team": "DBA"`).
enum LevelSubscriptionAPIController {
    /// JSON names of the form's fields where they differ.
    static let jsonNames = ["webhook": "webhook_id"]

    static func json(_ record: LevelSubscriptionRecord, inventory: Inventory) -> [String: Any] {
        let draft = record.draft
        let subscriber: [String: Any] = switch draft.subscriber {
        case .person(let id): ["kind": "person", "id": id, "name": inventory.person(id)?.name ?? ""]
        case .team(let id): ["kind": "team", "id": id, "name": inventory.team(id)?.name ?? ""]
        }
        let subject: [String: Any] = switch draft.subject {
        case .service(let id): ["kind": "service", "id": id, "name": inventory.service(id)?.name ?? ""]
        case .process(let id): ["kind": "process", "id": id, "name": inventory.process(id)?.name ?? ""]
        case .region(let id): ["kind": "region", "id": id, "name": inventory.region(id)?.name ?? ""]
        case .overall: ["kind": "overall", "id": NSNull(), "name": "Overall"]
        }
        return [
            "id": record.id, "subscriber": subscriber, "subject": subject, "window": draft.window.rawValue, "threshold": draft.threshold,
            "by_mail": draft.byMail, "by_xmpp": draft.byXMPP, "webhook_id": draft.webhookID.map { $0 as Any } ?? NSNull(),
            "during_downtime": draft.duringDowntime, "side": record.side.rawValue, "created_by": record.createdBy,
            "created_at": StoreTime.format(record.createdAt),
        ]
    }

    /// `GET /api/v1/subscriptions`: your own; admins: every one.
    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let isAdmin = request.identity?.role == .admin
        let person = try SubscriptionController.personID(request, context)
        let inventory = try context.inventory.current(context.store)
        let records = try context.store.read { db in
            isAdmin ? try LevelSubscriptionStore.list(db) : try person.map { try LevelSubscriptionStore.list(db, personID: $0) } ?? []
        }
        return .jsonObject(["items": records.map { json($0, inventory: inventory) }, "total": records.count])
    }

    /// `POST /api/v1/subscriptions`: `{"subject_kind", "subject_name", "window", "threshold", "by_mail", "by_xmpp",
    /// "webhook_id", "during_downtime"}` for yourself, or with `"team"` (admins) for a team.
    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let body = try request.jsonObject()
        let form = try formData(body)
        let forTeam = body["team"] != nil && !(body["team"] is NSNull)
        var subscriber: LevelSubscriber?
        if forTeam {
            guard request.identity?.role == .admin else { throw HTTPError(403, "Only admins subscribe teams.", fields: ["team": "Only admins subscribe teams."]) }
        } else {
            guard let person = try SubscriptionController.personID(request, context) else {
                throw HTTPError(422, "Your account is not linked to a person record (same e-mail), so you cannot subscribe to levels.")
            }
            subscriber = .person(person)
        }
        let inventory = try context.inventory.current(context.store)
        let webhookIDs = Set(try context.store.read { try NoticeStore.webhooks($0) }.filter(\.active).map(\.id))
        let draft: LevelSubscriptionDraft
        switch LevelSubscriptionInput(form).draft(subscriber: subscriber, inventory: inventory, webhookIDs: webhookIDs) {
        case .failure(let errors): throw invalid(errors.fields)
        case .success(let value): draft = value
        }
        let actor = AuditActor(request)
        let description = "\(LevelSubjectName.describe(draft.subject, inventory: inventory)) below \(ServiceLevel.format(draft.threshold)) over \(draft.window.label)"
        let record = try context.store.write { db -> LevelSubscriptionRecord? in
            let id = try LevelSubscriptionStore.insert(db, draft, createdBy: actor.name)
            try AuditLog.record(db, actor: actor.name, action: "subscribe", objectKind: "level_subscription", objectID: id, objectName: description,
                                requestID: request.requestID)
            return try LevelSubscriptionStore.fetch(db, id: id)
        }
        guard let record else { throw HTTPError(500, "The subscription vanished.") }
        var response = Response.jsonObject(json(record, inventory: inventory), status: 201)
        response.headers.append(("Location", "/api/v1/subscriptions/\(record.id)"))
        return response
    }

    /// `DELETE /api/v1/subscriptions/:id`: your own, or any for admins.
    @Sendable static func delete(_ request: Request, _ context: AppContext) throws -> Response {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound("There is no such subscription.") }
        let isAdmin = request.identity?.role == .admin
        let person = try SubscriptionController.personID(request, context)
        let actor = AuditActor(request)
        let removed = try context.store.write { db -> Bool in
            if !isAdmin && person == nil { return false }
            guard try LevelSubscriptionStore.delete(db, id: id, subscriber: isAdmin ? nil : person.map { .person($0) }) else { return false }
            try AuditLog.record(db, actor: actor.name, action: "unsubscribe", objectKind: "level_subscription", objectID: id, objectName: "",
                                requestID: request.requestID)
            return true
        }
        guard removed else { throw HTTPError.notFound("You have no subscription \(id).") }
        return .jsonObject(["deleted": id])
    }

    /// The JSON body as the form's fields: `by_mail`, `by_xmpp` and `during_downtime` are true or false, `threshold`
    /// and `webhook_id` numbers (or text), the rest text; other types are refused by name.
    static func formData(_ body: [String: Any]) throws -> FormData {
        let flags: Set = ["by_mail", "by_xmpp", "during_downtime"], numbers: Set = ["threshold", "webhook"]
        var fields: [(name: String, value: String)] = []
        var errors: [String: String] = [:]
        for name in LevelSubscriptionInput.fields {
            let key = jsonNames[name] ?? name
            guard let value = body[key], !(value is NSNull) else { continue }
            if flags.contains(name) {
                if !(value is String), let flag = value as? Bool { fields.append((name, flag ? "1" : "")) } else { errors[key] = "Give true or false." }
            } else if let text = value as? String {
                fields.append((name, text))
            } else if numbers.contains(name), let number = value as? Double {
                fields.append((name, name == "webhook" ? String(Int64(exactly: number) ?? -1) : String(number)))
            } else {
                errors[key] = numbers.contains(name) ? "Give a number." : "Give a text."
            }
        }
        if !errors.isEmpty { throw invalid(errors) }
        return FormData(fields: fields)
    }

    /// 422 with every field's message under its JSON name.
    static func invalid(_ errors: [String: String]) -> HTTPError {
        let named = Dictionary(errors.map { (jsonNames[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let first = named.sorted { $0.key < $1.key }.first?.value ?? "The subscription is not valid."
        return HTTPError(422, named.count == 1 ? first : "\(named.count) fields are not valid. \(first)", fields: named)
    }
}
