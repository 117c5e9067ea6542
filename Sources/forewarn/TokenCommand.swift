import ArgumentParser
import Foundation
import PortalStore

extension Forewarn {
    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Manage API tokens.", subcommands: [Create.self])

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create an API token for a user and print only the token.")

            @OptionGroup var database: DatabaseOptions
            @Option(help: "The user the token acts as.") var user: String
            @Option(help: "read, write, or ingest (only POST /api/v1/logs).") var scope: String = "read"
            @Option(help: "A name to recognise the token by.") var name: String = "cli"

            func validate() throws {
                guard ["read", "write", "ingest"].contains(scope) else { throw ValidationError("--scope must be read, write or ingest.") }
            }

            func run() throws {
                let store = try database.openStore()
                let token = try store.write { db -> String in
                    guard let account = try AccountStore.findUser(db, login: user) else { throw fail("there is no user \(user)") }
                    let token = try AccountStore.createToken(db, userID: account.id, name: name, scope: scope)
                    try AuditLog.record(db, actor: "cli", action: "create", objectKind: "api token", objectID: nil, objectName: "\(name) for \(user) (\(scope))")
                    return token
                }
                print(token)
            }
        }
    }
}
