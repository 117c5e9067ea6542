import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalStore
import Testing

/// `/settings/xmpp` with a real Prosody: field errors with the input kept, the secret sealed and never shown, the
/// component connecting and reconnecting with what was saved, the subscription policy applied, the serve flags winning.
@Suite(.serialized) struct XMPPSettingsPageTests {
    /// Posts the settings form with the page's CSRF token.
    static func save(_ app: TestApp, _ fields: [(String, String)]) throws -> RawResponse {
        let token = try TestApp.csrfToken(try app.fetch("GET", "/settings/xmpp"))
        return try app.post("/settings/xmpp", form: [("_csrf", token)] + fields, headers: ["Cookie": "forewarn_csrf=\(token)"])
    }

    static func audits(_ app: TestApp) throws -> [String] {
        try app.app.context.store.read { try $0.query("SELECT after_json FROM audit_log WHERE object_kind = 'settings' AND object_name = 'xmpp' ORDER BY id") }
            .map { $0.string("after_json") ?? "" }
    }

    @Test func theSettingsPageConnectsTheComponentAndReconnectsWithNewSettings() throws {
        let prosody = try ProsodyServer(componentSecret: "Pr0sody-Comp0nent-S3cret")
        defer { prosody.stop() }
        for user in ["carol", "dave"] { try prosody.register(user, password: "\(user)-password") }
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.deliversMail = false
        }
        defer { app.stop() }
        try app.importFixture()
        let empty = try app.fetch("GET", "/settings/xmpp")
        #expect(empty.status == 200)
        #expect(empty.text.contains("Off: no component runs."))
        #expect(app.app.xmppConnected == nil)
        let server = "127.0.0.1:\(prosody.componentPort)"

        // Bad input: every field named, what was typed kept (the secret never), nothing saved, nothing audited.
        let bad = try Self.save(app, [("domain", "not a domain"), ("server", "127.0.0.1"), ("secret", "two\nlines"), ("policy", "everyone")])
        #expect(bad.status == 422)
        for message in ["domain as declared on the XMPP server, e.g. services.example.org", "component port as host:port, e.g. 127.0.0.1:5347", "The secret is one line",
                        "Choose who may subscribe"] {
            #expect(bad.text.contains(message), "\(message)")
        }
        #expect(bad.text.contains(#"value="not a domain""#) && bad.text.contains(#"value="127.0.0.1""#))
        #expect(!bad.text.contains("two\nlines") && !bad.text.contains("two&#10;lines"))
        let missingSecret = try Self.save(app, [("domain", prosody.componentDomain), ("server", server), ("secret", ""), ("policy", "known")])
        #expect(missingSecret.status == 422)
        #expect(missingSecret.text.contains("Give the component secret"))
        #expect(try app.app.context.store.read { try SettingsStore.value($0, "xmpp.domain") } == nil)
        #expect(try Self.audits(app).isEmpty)
        // Without the CSRF token nothing is saved.
        let forged = try app.post("/settings/xmpp", form: [("domain", prosody.componentDomain), ("server", server), ("secret", "x"), ("policy", "known")])
        #expect(forged.status == 403)
        #expect(try app.app.context.store.read { try SettingsStore.value($0, "xmpp.domain") } == nil)

        // A wrong secret: saved, the component tries and Prosody refuses the handshake.
        #expect(try Self.save(app, [("domain", prosody.componentDomain), ("server", server), ("secret", "wrong-secret"), ("policy", "known")]).status == 303)
        #expect(XMPPWiringTests.waitUntil(5) { app.app.xmppConnected == false })
        usleep(1_500_000)
        #expect(app.app.xmppConnected == false, "not connected with a wrong secret")

        // The right secret and "anyone on the server": the component reconnects; Carol, who is no person in Forewarn,
        // subscribes, is accepted and sees pg-3's presence (unavailable: no signal yet).
        #expect(try Self.save(app, [("domain", prosody.componentDomain.uppercased()), ("server", server), ("secret", prosody.componentSecret),
                                    ("policy", "anyone")]).status == 303)
        #expect(XMPPWiringTests.waitUntil(15) { app.app.xmppConnected == true }, "connected with the saved settings: \(prosody.log.suffix(400))")
        let carol = try XMPPTestClient(jid: "carol@example.org", password: "carol-password", port: prosody.clientPort)
        defer { carol.stop() }
        try carol.subscribe(to: XMPPWiringTests.service)
        let presence = carol.waitFor(timeout: 15) { $0.event == "presence" && $0.from == XMPPWiringTests.service }
        #expect(presence?.status?.contains("pg-3 service level: unknown") == true, "\(String(describing: presence))")
        let pg3 = try LevelSubscriptionTests.id(app, "SELECT id FROM services WHERE name = 'pg-3'")
        #expect(try app.app.context.store.read { try PresenceStore.roster($0, serviceID: pg3) }.map(\.subscriber) == ["carol@example.org"])

        // The page: connected, the policy kept, the secret never shown; an empty secret keeps the saved one.
        let shown = try app.fetch("GET", "/settings/xmpp").text
        #expect(shown.contains("Connected as services.example.org."))
        #expect(shown.contains(#"value="anyone" checked"#))
        #expect(shown.contains("A secret is saved."))
        #expect(!shown.contains(prosody.componentSecret))
        #expect(try Self.save(app, [("domain", prosody.componentDomain), ("server", server), ("secret", ""), ("policy", "known")]).status == 303)
        #expect(XMPPWiringTests.waitUntil(15) { app.app.xmppConnected == true }, "reconnected with the kept secret")
        #expect(try app.fetch("GET", "/settings/xmpp").text.contains(#"value="known" checked"#))
        // Known people only now: Dave, who is no person in Forewarn, is refused.
        let dave = try XMPPTestClient(jid: "dave@example.org", password: "dave-password", port: prosody.clientPort)
        defer { dave.stop() }
        try dave.subscribe(to: XMPPWiringTests.service)
        #expect(try XMPPWiringTests.waitUntil(10) {
            try app.app.context.store.read { try $0.query("SELECT 1 FROM audit_log WHERE actor = 'xmpp:dave@example.org' AND action = 'xmpp_refused'") }.count > 0
        }, "Dave's subscription refused under the known-people policy")
        #expect(try app.app.context.store.read { try PresenceStore.roster($0, serviceID: pg3) }.map(\.subscriber) == ["carol@example.org"])

        // Stored sealed: no setting, audit row, database page or WAL frame holds the secret in clear.
        let settings = try app.app.context.store.read { try $0.query("SELECT key, value FROM settings WHERE key LIKE 'xmpp.%'") }
        #expect(settings.first { $0.string("key") == "xmpp.secret" }?.string("value")?.hasPrefix("sealed:v1:") == true)
        #expect(settings.first { $0.string("key") == "xmpp.domain" }?.string("value") == "services.example.org")
        #expect(settings.allSatisfy { !($0.string("value") ?? "").contains(prosody.componentSecret) })
        let audits = try Self.audits(app)
        #expect(audits.count == 3)
        #expect(audits.last?.contains(#""secret":"kept""#) == true && audits[1].contains(#""secret":"changed""#), "\(audits)")
        #expect(audits.allSatisfy { !$0.contains(prosody.componentSecret) && !$0.contains("wrong-secret") })
        let dbPath = app.folder + "/forewarn.sqlite"
        for file in [dbPath, dbPath + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data(prosody.componentSecret.utf8)) == nil, "\(file) holds the secret in clear")
        }

        // Empty domain and server: the component stops and the secret is forgotten.
        #expect(try Self.save(app, [("domain", ""), ("server", ""), ("secret", ""), ("policy", "known")]).status == 303)
        #expect(app.app.xmppConnected == nil)
        #expect(try app.app.context.store.read { try SettingsStore.value($0, "xmpp.secret") } == "")
    }

    @Test func theServeFlagsWinOverTheSettingsPage() throws {
        let prosody = try ProsodyServer()
        defer { prosody.stop() }
        let app = try XMPPWiringTests.startWithComponent(of: prosody)
        defer { app.stop() }
        #expect(XMPPWiringTests.waitUntil(10) { app.app.xmppConnected == true })
        #expect(try app.fetch("GET", "/settings/xmpp").text.contains("those win over the settings saved here"))
        let saved = try Self.save(app, [("domain", "other.example.org"), ("server", "127.0.0.1:1"), ("secret", "s"), ("policy", "known")])
        #expect(saved.status == 303)
        #expect(try app.app.context.store.read { try SettingsStore.value($0, "xmpp.domain") } == "other.example.org")
        usleep(1_500_000)
        #expect(app.app.xmppConnected == true, "still on the flags' server")
        #expect(try app.fetch("GET", "/settings/xmpp").text.contains("Connected as services.example.org."))
    }
}
