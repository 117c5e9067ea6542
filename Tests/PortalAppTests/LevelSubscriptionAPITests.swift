import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalStore
import Testing

/// `GET/POST /api/v1/subscriptions`, `DELETE /api/v1/subscriptions/:id` over real HTTP with real bearer tokens: a person
/// manages their own level subscriptions, admins a team's; refusals are JSON with the field names.
@Suite(.serialized) struct LevelSubscriptionAPITests {
    struct Caller {
        let app: TestApp
        let token: String

        func call(_ method: String, _ path: String, _ json: String? = nil) throws -> (status: Int, body: [String: Any]) {
            var headers = ["Authorization": "Bearer \(token)"]
            if json != nil { headers["Content-Type"] = "application/json" }
            let response = try app.fetch(method, path, headers: headers, body: Array((json ?? "").utf8), anonymous: true)
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true, "\(method) \(path): \(response.text)")
            return (response.status, (response.json as? [String: Any]) ?? [:])
        }
    }

    static func fields(_ body: [String: Any]) -> [String: String] { (body["error"] as? [String: Any])?["fields"] as? [String: String] ?? [:] }
    static func message(_ body: [String: Any]) -> String { (body["error"] as? [String: Any])?["message"] as? String ?? "" }
    static func items(_ body: [String: Any]) -> [[String: Any]] { body["items"] as? [[String: Any]] ?? [] }

    /// A viewer account `ana` linked to the person Ana Lima, with a write token (and a read-only one).
    static func ana(_ app: TestApp) throws -> (write: String, read: String) {
        let person = try LevelSubscriptionTests.id(app, "SELECT id FROM people WHERE email = 'ana@example.com'")
        return try app.app.context.store.write { db in
            try db.run("""
                INSERT INTO users (login, display_name, role, password_hash, created_at, password_changed_at, person_id)
                VALUES ('ana', 'Ana Lima', 'viewer', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?)
                """, [TestApp.passwordHash, person])
            let user = try #require(try AccountStore.findUser(db, login: "ana"))
            return (try AccountStore.createToken(db, userID: user.id, name: "cli", scope: "write"),
                    try AccountStore.createToken(db, userID: user.id, name: "ro", scope: "read"))
        }
    }

    @Test func peopleManageTheirOwnAndAdminsATeamsThroughTheAPI() throws {
        let app = try LevelSubscriptionTests.start()
        defer { app.stop() }
        let tokens = try Self.ana(app)
        let ana = Caller(app: app, token: tokens.write), admin = Caller(app: app, token: app.token)

        // Refusals: JSON with a message and each field's name.
        let typed = try ana.call("POST", "/api/v1/subscriptions", #"{"subject_kind":"service","subject_name":"pg-3","window":"10m","threshold":99,"by_mail":"yes"}"#)
        #expect(typed.status == 422)
        #expect(Self.fields(typed.body)["by_mail"] == "Give true or false.")
        let bad = try ana.call("POST", "/api/v1/subscriptions",
                               #"{"subject_kind":"service","subject_name":"nope","window":"2h","threshold":120,"by_mail":true,"webhook_id":999}"#)
        #expect(bad.status == 422)
        let badFields = Self.fields(bad.body)
        #expect(Set(badFields.keys) == ["subject_name", "window", "threshold", "webhook_id"], "\(bad.body)")
        #expect(badFields["subject_name"] == "There is no service named 'nope'.")
        #expect(Self.message(bad.body).hasPrefix("4 fields are not valid."))
        let silent = try ana.call("POST", "/api/v1/subscriptions", #"{"subject_kind":"service","subject_name":"pg-3","window":"10m","threshold":99.5}"#)
        #expect(silent.status == 422)
        #expect(Self.fields(silent.body)["channels"]?.hasPrefix("Choose at least one way to be told") == true)
        let noJID = try ana.call("POST", "/api/v1/subscriptions", #"{"subject_kind":"service","subject_name":"pg-3","window":"10m","threshold":99.5,"by_xmpp":true}"#)
        #expect(Self.fields(noJID.body)["channels"]?.contains("no XMPP address") == true)
        let notJSON = try ana.call("POST", "/api/v1/subscriptions", "threshold=1")
        #expect(notJSON.status == 400)
        let teamByViewer = try ana.call("POST", "/api/v1/subscriptions", #"{"team":"DBA","subject_kind":"overall","window":"24h","threshold":99,"by_mail":true}"#)
        #expect(teamByViewer.status == 403)
        #expect(Self.fields(teamByViewer.body)["team"] == "Only admins subscribe teams.")
        let readOnly = try Caller(app: app, token: tokens.read).call("POST", "/api/v1/subscriptions",
                                                                    #"{"subject_kind":"service","subject_name":"pg-3","window":"1h","threshold":99.5,"by_mail":true}"#)
        #expect(readOnly.status == 403)
        // The admin account is no person: it cannot subscribe itself.
        let unlinked = try admin.call("POST", "/api/v1/subscriptions", #"{"subject_kind":"service","subject_name":"pg-3","window":"1h","threshold":99.5,"by_mail":true}"#)
        #expect(unlinked.status == 422)
        #expect(Self.message(unlinked.body).contains("not linked to a person"))
        #expect(try LevelSubscriptionStore.countAll(app) == 0, "nothing refused was stored")

        // Ana's own subscription.
        let own = try ana.call("POST", "/api/v1/subscriptions", #"{"subject_kind":"service","subject_name":"pg-3","window":"1h","threshold":"99.5 %","by_mail":true}"#)
        #expect(own.status == 201, "\(own.body)")
        let ownID = try #require(own.body["id"] as? Int)
        #expect((own.body["subscriber"] as? [String: Any])?["name"] as? String == "Ana Lima")
        #expect((own.body["subject"] as? [String: Any])?["name"] as? String == "pg-3")
        #expect(own.body["window"] as? String == "1h" && own.body["threshold"] as? Double == 99.5)
        #expect(own.body["by_mail"] as? Bool == true && own.body["by_xmpp"] as? Bool == false && own.body["side"] as? String == "above")
        // An admin subscribes a team to the whole estate.
        let team = try admin.call("POST", "/api/v1/subscriptions", #"{"team":"DBA","subject_kind":"overall","window":"24h","threshold":99,"by_mail":true}"#)
        #expect(team.status == 201, "\(team.body)")
        let teamID = try #require(team.body["id"] as? Int)
        #expect((team.body["subscriber"] as? [String: Any])?["kind"] as? String == "team")
        let unknownTeam = try admin.call("POST", "/api/v1/subscriptions", #"{"team":"Nobody","subject_kind":"overall","window":"24h","threshold":99,"by_mail":true}"#)
        #expect(Self.fields(unknownTeam.body)["team"] == "There is no team named 'Nobody'.")

        // Lists: Ana sees her own, the admin every one.
        #expect(Self.items(try ana.call("GET", "/api/v1/subscriptions").body).compactMap { $0["id"] as? Int } == [ownID])
        #expect(Self.items(try admin.call("GET", "/api/v1/subscriptions").body).compactMap { $0["id"] as? Int } == [ownID, teamID])

        // Removing: not the team's (for Ana), her own; the admin the team's.
        let notHers = try ana.call("DELETE", "/api/v1/subscriptions/\(teamID)")
        #expect(notHers.status == 404)
        #expect(Self.message(notHers.body) == "You have no subscription \(teamID).")
        #expect(try ana.call("DELETE", "/api/v1/subscriptions/\(ownID)").status == 200)
        #expect(try admin.call("DELETE", "/api/v1/subscriptions/\(teamID)").body["deleted"] as? Int == teamID)
        #expect(try admin.call("DELETE", "/api/v1/subscriptions/\(teamID)").status == 404)
        #expect(try admin.call("DELETE", "/api/v1/subscriptions/abc").status == 404)
        #expect(Self.items(try admin.call("GET", "/api/v1/subscriptions").body).isEmpty)
        #expect(try Caller(app: app, token: "nonsense").call("GET", "/api/v1/subscriptions").status == 401)

        let audit = try app.app.context.store.read { try $0.query("SELECT action, actor FROM audit_log WHERE object_kind = 'level_subscription' ORDER BY id") }
        #expect(audit.compactMap { $0.string("action") } == ["subscribe", "subscribe", "unsubscribe", "unsubscribe"])
    }
}

extension LevelSubscriptionStore {
    static func countAll(_ app: TestApp) throws -> Int { try app.app.context.store.read { try list($0) }.count }
}
