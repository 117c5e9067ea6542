import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// Threshold subscriptions to service levels: a person's own on `/account/subscriptions` (beside the notice
/// subscriptions), every one and those of teams on `/level-subscriptions` (admins).
enum LevelSubscriptionController {
    /// The list and the form, as the account page and the admin page both show them.
    struct Section {
        struct Row {
            let id: Int64
            let subscriber: String
            let subject: String
            let href: String
            let rule: String
            let channels: String
            let state: String
            let isBelow: Bool
            /// The section's: the admin page names who subscribed.
            let forTeams: Bool
        }

        let rows: [Row]
        let hasRows: Bool
        let values: [String: String]
        let errors: [String: String]
        let hasErrors: Bool
        let subjectKinds: [ListPage.Option]
        let windows: [ListPage.Option]
        let webhooks: [ListPage.Option]
        let hasWebhooks: Bool
        let byMail: Bool
        let byXMPP: Bool
        let duringDowntime: Bool
        /// Where the form posts.
        let action: String
        /// The admin's form names a team.
        let forTeams: Bool
        let canSubscribe: Bool
        let jid: String
    }

    struct AdminModel {
        let site: SiteChrome
        let title = "Service level subscriptions"
        let levels: Section
    }

    static func section(_ request: Request, _ context: AppContext, personID: Int64?, forTeams: Bool, values given: [String: String]? = nil,
                        errors: [String: String] = [:]) throws -> Section {
        let inventory = try context.inventory.current(context.store)
        let (subscriptions, webhooks) = try context.store.read { db in
            (try forTeams ? LevelSubscriptionStore.list(db) : personID.map { try LevelSubscriptionStore.list(db, personID: $0) } ?? [],
             try NoticeStore.webhooks(db).filter(\.active))
        }
        let values = given ?? LevelSubscriptionInput.defaults
        let windowNames: [ServiceLevelWindow: String] = [.tenMinutes: "10 min", .hour: "1 h", .day: "24 h", .thirtyDays: "30 days"]
        let rows = subscriptions.map { record -> Section.Row in
            let draft = record.draft
            var channels: [String] = []
            if draft.byMail { channels.append("e-mail") }
            if draft.byXMPP { channels.append("XMPP") }
            if let id = draft.webhookID { channels.append("webhook \(webhooks.first { $0.id == id }?.description.nonEmpty ?? "#\(id)")") }
            if draft.duringDowntime { channels.append("also during declared downtime") }
            let subscriber = switch draft.subscriber {
            case .person(let id): inventory.person(id)?.name ?? "person #\(id)"
            case .team(let id): "team " + (inventory.team(id)?.name ?? "#\(id)")
            }
            return Section.Row(id: record.id, subscriber: subscriber, subject: LevelSubjectName.describe(draft.subject, inventory: inventory),
                               href: LevelSubjectName.path(draft.subject),
                               rule: "below \(ServiceLevel.format(draft.threshold)) over \(draft.window.label)", channels: channels.joined(separator: ", "),
                               state: record.side == .below ? "below now" : "above", isBelow: record.side == .below, forTeams: forTeams)
        }
        let kinds = [("service", "Service"), ("process", "Business process"), ("region", "Region"), ("overall", "Overall")]
        return Section(
            rows: rows, hasRows: !rows.isEmpty, values: values, errors: errors, hasErrors: !errors.isEmpty,
            subjectKinds: kinds.map { ListPage.Option(value: $0.0, label: $0.1, selected: values["subject_kind"] == $0.0) },
            windows: ServiceLevelWindow.allCases.map { ListPage.Option(value: $0.rawValue, label: windowNames[$0] ?? $0.rawValue, selected: values["window"] == $0.rawValue) },
            webhooks: [ListPage.Option(value: "", label: "None", selected: (values["webhook"] ?? "").isEmpty)]
                + webhooks.map { ListPage.Option(value: String($0.id), label: $0.description.isEmpty ? $0.url : $0.description, selected: values["webhook"] == String($0.id)) },
            hasWebhooks: !webhooks.isEmpty, byMail: values["by_mail"] == "1", byXMPP: values["by_xmpp"] == "1",
            duringDowntime: values["during_downtime"] == "1", action: forTeams ? "/level-subscriptions" : "/account/level-subscriptions",
            forTeams: forTeams, canSubscribe: forTeams || personID != nil,
            jid: personID.flatMap { inventory.person($0)?.jid } ?? "")
    }

    /// `GET /level-subscriptions` (admins): every subscription, and the form for a team.
    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        try adminPage(request, context)
    }

    static func adminPage(_ request: Request, _ context: AppContext, values: [String: String]? = nil, errors: [String: String] = [:], status: Int = 200) throws -> Response {
        let model = AdminModel(site: SiteChrome(request), levels: try section(request, context, personID: nil, forTeams: true, values: values, errors: errors))
        return Flash.clear(try context.views.page("notifications/level-subscriptions", model, status: status), request: request)
    }

    /// `POST /account/level-subscriptions`: the signed-in person's own subscription.
    @Sendable static func createOwn(_ request: Request, _ context: AppContext) throws -> Response {
        let input = LevelSubscriptionInput(try request.form())
        guard let person = try SubscriptionController.personID(request, context) else {
            return try SubscriptionController.page(request, context, levelValues: input.values,
                                                   levelErrors: ["channels": "Your account is not linked to a person record (same e-mail), so you cannot subscribe to levels."], status: 422)
        }
        return try create(request, context, input: input, subscriber: .person(person)) { values, errors in
            try SubscriptionController.page(request, context, levelValues: values, levelErrors: errors, status: 422)
        }
    }

    /// `POST /level-subscriptions` (admins): a team's subscription.
    @Sendable static func createForTeam(_ request: Request, _ context: AppContext) throws -> Response {
        try create(request, context, input: LevelSubscriptionInput(try request.form()), subscriber: nil) { values, errors in
            try adminPage(request, context, values: values, errors: errors, status: 422)
        }
    }

    private static func create(_ request: Request, _ context: AppContext, input: LevelSubscriptionInput, subscriber: LevelSubscriber?,
                               invalid: ([String: String], [String: String]) throws -> Response) throws -> Response {
        let inventory = try context.inventory.current(context.store)
        let webhookIDs = Set(try context.store.read { try NoticeStore.webhooks($0) }.filter(\.active).map(\.id))
        let draft: LevelSubscriptionDraft
        switch input.draft(subscriber: subscriber, inventory: inventory, webhookIDs: webhookIDs) {
        case .failure(let errors): return try invalid(input.values, errors.fields)
        case .success(let value): draft = value
        }
        let actor = AuditActor(request)
        let description = "\(LevelSubjectName.describe(draft.subject, inventory: inventory)) below \(ServiceLevel.format(draft.threshold)) over \(draft.window.label)"
        try context.store.write { db in
            let id = try LevelSubscriptionStore.insert(db, draft, createdBy: actor.name)
            try AuditLog.record(db, actor: actor.name, action: "subscribe", objectKind: "level_subscription", objectID: id, objectName: description,
                                requestID: request.requestID)
        }
        return Flash.redirect(to: subscriber == nil ? "/level-subscriptions" : "/account/subscriptions",
                              message: "You will be told when \(description), and when it is back above.")
    }

    /// `POST /level-subscriptions/:id/delete`: your own, or any for admins.
    @Sendable static func delete(_ request: Request, _ context: AppContext) throws -> Response {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        let isAdmin = request.identity?.role == .admin
        let person = try SubscriptionController.personID(request, context)
        if !isAdmin && person == nil { throw HTTPError.notFound("You have no such subscription.") }
        let actor = AuditActor(request)
        let removed = try context.store.write { db -> Bool in
            guard try LevelSubscriptionStore.delete(db, id: id, subscriber: isAdmin ? nil : person.map { .person($0) }) else { return false }
            try AuditLog.record(db, actor: actor.name, action: "unsubscribe", objectKind: "level_subscription", objectID: id, objectName: "",
                                requestID: request.requestID)
            return true
        }
        guard removed else { throw HTTPError.notFound("You have no such subscription.") }
        let back = isAdmin && (try? request.form())?["return_to"] == "admin" ? "/level-subscriptions" : "/account/subscriptions"
        return Flash.redirect(to: back, message: "Subscription removed.")
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
