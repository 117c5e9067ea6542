import ArgumentParser
import Foundation
import PortalStore

extension Forewarn {
    struct User: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Manage user accounts.", subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a user; the password is read from standard input (one line) or asked for.",
                discussion: "Example: forewarn user add --admin alice")

            @OptionGroup var database: DatabaseOptions
            @Flag(help: "Give the user the admin role.") var admin = false
            @Option(help: "Role: viewer, engineer, comms_manager or admin.") var role: String = "viewer"
            @Option(help: "The name shown in the portal (default: the login).") var displayName: String?
            @Option(help: "E-mail address.") var email: String = ""
            @Flag(help: "Succeed without changes when the login already exists.") var ifMissing = false
            @Argument(help: "Login name.") var name: String

            func validate() throws {
                guard admin || UserRole(rawValue: role) != nil else { throw ValidationError("--role must be viewer, engineer, comms_manager or admin.") }
            }

            func run() throws {
                let role = admin ? UserRole.admin : (UserRole(rawValue: self.role) ?? .viewer)
                if ifMissing, let store = try? Store(path: database.db), (try? store.read({ try AccountStore.findUser($0, login: name) })) != nil {
                    print("user \(name) already exists")
                    return
                }
                // At a terminal the password is asked for without echo; otherwise it is one line of standard input.
                let entered: String? = isatty(STDIN_FILENO) != 0 ? getpass("Password for \(name): ").map { String(cString: $0) } : readLine(strippingNewline: true)
                guard let password = entered, !password.isEmpty else { throw fail("no password given on standard input") }
                do {
                    let store = try database.openStore()
                    try store.write { db in
                        let id = try AccountStore.createUser(db, login: name, displayName: displayName ?? name, email: email, role: role, password: password)
                        try AuditLog.record(db, actor: "cli", action: "create", objectKind: "user", objectID: id, objectName: name, after: "{\"role\":\"\(role.rawValue)\"}")
                    }
                    print("created user \(name) with role \(role.rawValue)")
                } catch EntityError.invalid(let errors) {
                    throw fail(errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: " "))
                }
            }
        }
    }
}
