import Foundation
import PortalHTTP
import PortalStore

/// `/users`: admins create users, change roles, disable accounts and reset passwords.
enum UsersController {
    struct Page {
        struct Row {
            let id: Int64
            let login: String
            let displayName: String
            let email: String
            let roles: [ListPage.Option]
            let disabled: Bool
            /// The person record the user is linked to (their time zone, their calendar feed), as typed or stored.
            let person: String
            let personNote: String
            let personError: String
        }

        let site: SiteChrome
        let title = "Users"
        let rows: [Row]
        let roles: [ListPage.Option]
        let values: [String: String]
        let errors: [String]
        let hasErrors: Bool
        let linkError: String
    }

    /// A refused person link: which user, what was typed, why.
    struct LinkProblem {
        let userID: Int64
        let typed: String
        let message: String
    }

    static func page(_ request: Request, _ context: AppContext, values: [String: String] = [:], errors: [String] = [], link: LinkProblem? = nil,
                     status: Int = 200) throws -> Response {
        let users = try context.store.read { try UserStore.list($0) }
        let rows = users.map { user in
            let problem = link?.userID == user.id ? link : nil
            let note = user.personName.map { "linked: \($0)" } ?? user.matchedName.map { "same e-mail as \($0)" } ?? "not linked"
            return Page.Row(id: user.id, login: user.login, displayName: user.displayName, email: user.email,
                            roles: UserRole.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == user.role) },
                            disabled: user.disabled, person: problem?.typed ?? user.personEmail ?? "", personNote: note,
                            personError: problem?.message ?? "")
        }
        let model = Page(site: SiteChrome(request), rows: rows,
                         roles: UserRole.allCases.map { ListPage.Option(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == (values["role"] ?? "viewer")) },
                         values: values, errors: errors, hasErrors: !errors.isEmpty, linkError: link.map { "Nothing was saved: \($0.message)" } ?? "")
        return Flash.clear(try context.views.page("users", model, status: status), request: request)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response { try page(request, context) }

    @Sendable static func create(_ request: Request, _ context: AppContext) throws -> Response {
        let form = try request.form()
        var values: [String: String] = [:]
        for key in ["login", "display_name", "email", "role"] { values[key] = (form[key] ?? "").trimmingCharacters(in: .whitespaces) }
        let role = UserRole(rawValue: values["role"] ?? "") ?? .viewer
        do {
            try context.store.write { db in
                let id = try AccountStore.createUser(db, login: values["login"] ?? "", displayName: values["display_name"].flatMap { $0.isEmpty ? nil : $0 } ?? values["login"] ?? "",
                                                     email: values["email"] ?? "", role: role, password: form["password"] ?? "")
                try AuditLog.record(db, actor: request.identity?.login ?? "?", action: "create", objectKind: "user", objectID: id,
                                    objectName: values["login"] ?? "", after: "{\"role\":\"\(role.rawValue)\"}", requestID: request.requestID)
            }
        } catch EntityError.invalid(let errors) {
            return try page(request, context, values: values, errors: errors.sorted { $0.key < $1.key }.map(\.value), status: 422)
        }
        return Flash.redirect(to: "/users", message: "User \(values["login"] ?? "") was created.")
    }

    /// Role change, disable/enable, or password reset (ends the user's sessions).
    @Sendable static func update(_ request: Request, _ context: AppContext) throws -> Response {
        guard let id = Int64(try request.parameter("id")) else { throw HTTPError.notFound() }
        let form = try request.form()
        let actor = request.identity?.login ?? "?"
        var message = ""
        if let typed = form["person"] {
            let email = String(typed.prefix(254)).trimmingCharacters(in: .whitespaces)
            let problem = try context.store.write { db -> String? in
                guard let login = try UserStore.login(db, id: id) else { throw HTTPError.notFound("There is no such user.") }
                var personID: Int64? = nil
                if !email.isEmpty {
                    guard let found = try UserStore.personID(db, email: email) else {
                        return "no person has the e-mail \(email). Link the user to a person record by the person's e-mail, or leave it empty to unlink."
                    }
                    personID = found
                }
                try UserStore.setPerson(db, id: id, personID: personID)
                message = personID == nil ? "\(login) is no longer linked to a person." : "\(login) is linked to the person \(email)."
                try AuditLog.record(db, actor: actor, action: "update", objectKind: "user", objectID: id, objectName: login,
                                    after: "{\"person_id\":\(personID.map(String.init) ?? "null")}", requestID: request.requestID)
                return nil
            }
            if let problem { return try page(request, context, link: LinkProblem(userID: id, typed: email, message: problem), status: 422) }
            return Flash.redirect(to: "/users", message: message)
        }
        try context.store.write { db in
            guard let login = try UserStore.login(db, id: id) else { throw HTTPError.notFound("There is no such user.") }
            if let role = form["role"].flatMap(UserRole.init(rawValue:)) {
                try UserStore.setRole(db, id: id, role: role)
                message = "\(login) is now \(role.rawValue)."
            }
            if let disabled = form["disabled"] {
                try UserStore.setDisabled(db, id: id, disabled: disabled == "1")
                if disabled == "1" { try SessionStore.deleteAll(db, userID: id) }
                message = disabled == "1" ? "\(login) was disabled." : "\(login) was enabled."
            }
            if let password = form["password"], !password.isEmpty {
                if let problem = AccountStore.passwordProblem(password) { throw HTTPError(422, problem) }
                try UserStore.setPassword(db, id: id, hash: try Secrets.hashPassword(password))
                try SessionStore.deleteAll(db, userID: id)
                message = "The password of \(login) was reset."
            }
            guard !message.isEmpty else { throw HTTPError(422, "Nothing to change.") }
            try AuditLog.record(db, actor: actor, action: "update", objectKind: "user", objectID: id, objectName: login, after: "{\"change\":\"\(message)\"}", requestID: request.requestID)
        }
        return Flash.redirect(to: "/users", message: message)
    }
}
