import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/account/subscriptions`: objects a user follows without a role on them, one-click unsubscribe from mail, and
/// the user's private calendar link.
enum SubscriptionController {
    struct Model {
        struct Row {
            let id: Int64
            let kind: String
            let name: String
            let href: String
        }

        let site: SiteChrome
        let title = "Subscriptions and calendar"
        let rows: [Row]
        let hasRows: Bool
        let kinds: [ListPage.Option]
        let values: [String: String]
        let errors: [String: String]
        let hasErrors: Bool
        let personName: String
        let hasPerson: Bool
        let hasCalendarToken: Bool
        let calendarLink: String
        let allFeed: String
        /// Threshold subscriptions to service levels (`LevelSubscriptionController`).
        let levels: LevelSubscriptionController.Section
    }

    static func userID(_ request: Request) throws -> Int64 {
        guard let id = request.identity?.user.id else { throw HTTPError(401, "Sign in first.") }
        return id
    }

    /// The person record of the signed-in user: linked, or with the same e-mail.
    static func personID(_ request: Request, _ context: AppContext) throws -> Int64? {
        guard let login = request.identity?.login else { throw HTTPError(401, "Sign in first.") }
        return try context.store.read { try AccountStore.person($0, login: login) }?.id
    }

    static func page(_ request: Request, _ context: AppContext, values: [String: String] = ["kind": "service"], errors: [String: String] = [:],
                     calendarLink: String = "", levelValues: [String: String]? = nil, levelErrors: [String: String] = [:], status: Int = 200) throws -> Response {
        let userID = try userID(request)
        let person = try personID(request, context)
        let inventory = try context.inventory.current(context.store)
        let (subscriptions, hasToken) = try context.store.read { db in
            (try NoticeStore.subscriptions(db, userID: userID), try person.map { try NoticeStore.hasCalendarToken(db, personID: $0) } ?? false)
        }
        let base = try PublicURL.current(context).base
        let kinds: [ObjectKind] = [.region, .cluster, .server, .service, .process]
        let model = Model(
            site: SiteChrome(request),
            rows: subscriptions.map { Model.Row(id: $0.id, kind: $0.object.kind.rawValue, name: $0.objectName, href: ImpactView.path($0.object)) },
            hasRows: !subscriptions.isEmpty,
            kinds: kinds.map { ListPage.Option(value: $0.rawValue, label: $0.rawValue, selected: values["kind"] == $0.rawValue) },
            values: values, errors: errors, hasErrors: !errors.isEmpty,
            personName: person.flatMap { inventory.person($0)?.name } ?? "", hasPerson: person != nil, hasCalendarToken: hasToken,
            calendarLink: calendarLink, allFeed: base + "/calendar.ics",
            levels: try LevelSubscriptionController.section(request, context, personID: person, forTeams: false, values: levelValues, errors: levelErrors))
        return Flash.clear(try context.views.page("notifications/subscriptions", model, status: status), request: request)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response { try page(request, context) }

    /// `POST /subscriptions` with `kind` and either `id` (from an object's page) or `name` (from the form).
    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        let userID = try userID(request)
        let kindText = String((form["kind"] ?? "").prefix(20))
        let name = String((form["name"] ?? "").prefix(200)).trimmingCharacters(in: .whitespaces)
        let values = ["kind": kindText, "name": name]
        guard let kind = ObjectKind(rawValue: kindText), NoticeStore.subscriptionColumn(kind) != nil else {
            return try page(request, context, values: values, errors: ["kind": "Choose a region, cluster, server, service or process."], status: 422)
        }
        let inventory = try context.inventory.current(context.store)
        let object: ObjectRef
        if let id = form["id"].flatMap({ Int64($0) }), inventory.contains(ObjectRef(kind: kind, id: id)) {
            object = ObjectRef(kind: kind, id: id)
        } else if let found = inventory.find(kind, named: name) {
            object = found
        } else {
            let message = name.isEmpty ? "Give the name of the \(kind.rawValue)." : "There is no \(kind.rawValue) named '\(name)'."
            return try page(request, context, values: values, errors: ["name": message], status: 422)
        }
        let objectName = inventory.name(of: object) ?? name
        try context.store.write { db in
            let id = try NoticeStore.subscribe(db, userID: userID, object: object)
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "subscribe", objectKind: "subscription", objectID: id,
                                objectName: "\(kind.rawValue) \(objectName)", requestID: request.requestID)
        }
        return Flash.redirect(to: "/account/subscriptions", message: "You will receive the notices of \(kind.rawValue) \(objectName).")
    }

    /// `POST /subscriptions/:id/delete`: only your own.
    @Sendable static func delete(_ request: Request, _ context: AppContext) throws -> Response {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        let userID = try userID(request)
        let removed = try context.store.write { db -> Bool in
            guard try NoticeStore.unsubscribe(db, id: id, userID: userID) else { return false }
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "unsubscribe", objectKind: "subscription", objectID: id, objectName: "",
                                requestID: request.requestID)
            return true
        }
        guard removed else { throw HTTPError.notFound("You have no such subscription.") }
        return Flash.redirect(to: "/account/subscriptions", message: "Unsubscribed.")
    }

    /// `POST /account/calendar-token`: a new private feed link for the user's person record (the old one stops working).
    @Sendable static func createCalendarToken(_ request: Request, _ context: AppContext) throws -> Response {
        guard let person = try personID(request, context) else {
            return try page(request, context, errors: ["calendar": "Your account is not linked to a person record (same e-mail), so there is no personal feed."], status: 422)
        }
        let token = Secrets.randomToken()
        try context.store.write { db in
            try NoticeStore.setCalendarToken(db, personID: person, tokenHash: Secrets.tokenHash(token))
            try AuditLog.record(db, actor: InventoryController.actor(request), action: "create", objectKind: "calendar_token", objectID: person, objectName: "",
                                requestID: request.requestID)
        }
        return try page(request, context, calendarLink: "\(try PublicURL.current(context).base)/people/\(person)/calendar.ics?token=\(token)")
    }

    // MARK: Unsubscribe links in mail

    struct UnsubscribeModel {
        let site: SiteChrome
        let title = "Unsubscribe"
        let id: Int64
        let token: String
        let what: String
        let done: Bool
    }

    static func verified(_ request: Request, _ context: AppContext) throws -> (SubscriptionRecord?, Int64, String) {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        let form = request.method == "POST" ? (try? request.form()) : nil
        let token = request.queryValue("token") ?? form?["token"] ?? ""
        let expected = NoticeComposer.unsubscribeToken(subscriptionID: id, secret: try LinkSecret.current(context))
        guard !expected.isEmpty, token.count == expected.count, CSRF.constantTimeEquals(token, expected) else {
            throw HTTPError(404, "This unsubscribe link is not valid. Sign in and manage your subscriptions on your account page.")
        }
        return (try context.store.read { try NoticeStore.subscription($0, id: id) }, id, token)
    }

    /// `GET /unsubscribe/:id?token=`: asks for confirmation (a link preview must not unsubscribe anyone).
    @Sendable static func confirm(_ request: Request, _ context: AppContext) throws -> Response {
        let (subscription, id, token) = try verified(request, context)
        let what = subscription.map { "\($0.object.kind.rawValue) \($0.objectName)" } ?? ""
        return try context.views.page("notifications/unsubscribe", UnsubscribeModel(site: SiteChrome(request), id: id, token: token, what: what, done: subscription == nil))
    }

    /// `POST /unsubscribe/:id` (the page's button, or a mail client's RFC 8058 one-click POST): authorised by the signed token.
    @Sendable static func unsubscribe(_ request: Request, _ context: AppContext) throws -> Response {
        let (subscription, id, token) = try verified(request, context)
        if let subscription {
            try context.store.write { db in
                _ = try NoticeStore.unsubscribe(db, id: id, userID: nil)
                try AuditLog.record(db, actor: "unsubscribe link", action: "unsubscribe", objectKind: "subscription", objectID: id,
                                    objectName: "\(subscription.object.kind.rawValue) \(subscription.objectName)", requestID: request.requestID)
            }
        }
        return try context.views.page("notifications/unsubscribe", UnsubscribeModel(site: SiteChrome(request), id: id, token: token,
                                                                                     what: subscription.map { "\($0.object.kind.rawValue) \($0.objectName)" } ?? "", done: true))
    }
}
