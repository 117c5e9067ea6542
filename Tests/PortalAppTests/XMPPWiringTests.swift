import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalPresence
import PortalStore
import Testing

/// Forewarn on XMPP end to end: a real Prosody, a real slixmpp client, the Application with the XMPP settings
/// (`serve --xmpp-*`), a real monitoring check against a local HTTP server that starts failing.
@Suite(.serialized) struct XMPPWiringTests {
    static let service = "pg-3@services.example.org"

    static func waitUntil(_ seconds: TimeInterval, _ condition: () throws -> Bool) rethrows -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try condition() { return true }
            usleep(100_000)
        }
        return try condition()
    }

    /// An app with the XMPP component of `prosody` (the serve flags), no downtime clock and no mail.
    static func startWithComponent(of prosody: ProsodyServer, _ configure: (inout AppConfiguration) -> Void = { _ in }) throws -> TestApp {
        try TestApp.start {
            $0.clockInterval = 0
            $0.deliversMail = false
            $0.xmpp = XMPPSettings(domain: prosody.componentDomain, host: "127.0.0.1", port: UInt16(prosody.componentPort), secret: prosody.componentSecret)
            configure(&$0)
        }
    }

    /// The fixture with Ana on `alice@example.org` and Bob Stone on `bob@example.org`.
    static func importPeopleWithJIDs(_ app: TestApp) throws {
        try app.importFixture()
        try app.app.context.store.write { db in
            _ = try db.run("UPDATE people SET jid = 'alice@example.org' WHERE email = 'ana@example.com'")
            _ = try db.run("INSERT INTO people (name, email, jid) VALUES ('Bob Stone', 'bob@example.com', 'bob@example.org')")
        }
        try inventoryChanged(app)
    }

    /// The fixture is written straight into the store, without the audit rows that tell the inventory cache to reload
    /// (the component read the empty inventory when it connected at start).
    static func inventoryChanged(_ app: TestApp) throws {
        try app.app.context.store.write { db in
            _ = try db.run("INSERT INTO audit_log (at, actor, action, object_kind, object_name) VALUES ('2026-01-01T00:00:00Z', 'test', 'import', 'person', 'fixture')")
        }
    }

    @Test func aSubscriberSeesTheMoodGetsTheThresholdMessageAndCommandsAndAcks() throws {
        let prosody = try ProsodyServer()
        defer { prosody.stop() }
        for user in ["alice", "bob", "mallory"] { try prosody.register(user, password: "\(user)-password") }
        let peer = try MonitorPeer()
        defer { peer.stop() }
        let app = try Self.startWithComponent(of: prosody) { $0.computesServiceLevels = true }
        defer { app.stop() }
        // Ana and Bob are people with XMPP addresses; Ana asks to be told by XMPP when pg-3 falls below 99.9 %.
        try Self.importPeopleWithJIDs(app)
        let ana = try LevelSubscriptionTests.id(app, "SELECT id FROM people WHERE email = 'ana@example.com'")
        let pg3 = try LevelSubscriptionTests.id(app, "SELECT id FROM services WHERE name = 'pg-3'")
        _ = try app.app.context.store.write { db in
            try LevelSubscriptionStore.insert(db, LevelSubscriptionDraft(subscriber: .person(ana), subject: .service(pg3), threshold: 99.9, window: .tenMinutes,
                                                                         byMail: false, byXMPP: true, webhookID: nil, duringDowntime: false), createdBy: "test")
        }
        #expect(Self.waitUntil(10) { app.app.xmppConnected == true }, "the component's handshake: \(prosody.log.suffix(500))")
        let checkID = try MonitoringAlertTests.addCheck(app, url: peer.url, window: 2)

        let alice = try XMPPTestClient(jid: "alice@example.org", password: "alice-password", port: prosody.clientPort)
        defer { alice.stop() }
        let bob = try XMPPTestClient(jid: "bob@example.org", password: "bob-password", port: prosody.clientPort)
        defer { bob.stop() }
        try alice.subscribe(to: Self.service)
        try bob.subscribe(to: Self.service)
        let available = alice.waitFor(timeout: 30) { $0.event == "presence" && $0.from == Self.service && $0.type == "available" && $0.show != "dnd" }
        #expect(available != nil, "available once the check passes")
        #expect(available?.status?.hasPrefix("pg-3 service level: 100%") == true, "\(available?.status ?? "")")
        let roster = try app.app.context.store.read { try PresenceStore.roster($0, serviceID: pg3) }.map(\.subscriber)
        #expect(Set(roster) == ["alice@example.org", "bob@example.org"])

        // The check starts failing: the service is down, its presence dnd, and Ana's threshold message arrives.
        let mark = alice.seen.count
        try peer.set(.error)
        let dnd = alice.waitFor(timeout: 30, after: mark) { $0.event == "presence" && $0.from == Self.service && $0.show == "dnd" }
        #expect(dnd != nil, "dnd once the check fails")
        #expect(dnd?.status?.contains("bad minute") == true, "\(dnd?.status ?? "")")
        let threshold = alice.waitFor(timeout: 30, after: mark) { $0.event == "message" && $0.from == Self.service && ($0.body ?? "").contains("below 99.9%") }
        #expect(threshold?.body?.hasPrefix("pg-3 service level ") == true, "\(threshold?.body ?? "")")
        #expect(!bob.seen.contains { $0.event == "message" && ($0.body ?? "").contains("below 99.9%") }, "Bob did not subscribe to the threshold")

        // Commands from a known person.
        try alice.say("status", to: Self.service)
        let status = alice.waitFor(timeout: 10, after: mark) { $0.event == "message" && ($0.body ?? "").hasPrefix("pg-3: ") }
        #expect(status?.body?.contains("10 min: pg-3 service level:") == true, "\(status?.body ?? "")")
        #expect(status?.body?.contains("30 days: pg-3 service level:") == true)
        try alice.say("help", to: Self.service)
        #expect(alice.waitFor(timeout: 10, after: mark) { ($0.body ?? "").hasPrefix("Commands for pg-3") } != nil)

        #expect(try Self.waitUntil(20) { try MonitoringAlertTests.alerts(app, checkID: checkID).contains { $0.endedAt == nil } }, "the check's alert opened")
        try alice.say("ack", to: Self.service)
        let ack = alice.waitFor(timeout: 10, after: mark) { ($0.body ?? "").hasPrefix("Noted: you are looking into pg-3") }
        #expect(ack != nil)
        let told = bob.waitFor(timeout: 10) { $0.event == "message" && $0.from == Self.service && ($0.body ?? "").contains("is looking into pg-3") }
        #expect(told?.body?.hasPrefix("Ana Lima (alice@example.org) is looking into pg-3") == true, "\(told?.body ?? "")")
        let page = try app.fetch("GET", "/monitoring/checks/\(checkID)")
        #expect(page.text.contains("Looked into by Ana Lima (XMPP, "), "the ack shows on the alert")
        try alice.say("incidents", to: Self.service)
        #expect(alice.waitFor(timeout: 10, after: mark) { ($0.body ?? "").contains("No open incident and no declared downtime in progress affects pg-3") } != nil)

        // Someone Forewarn does not know gets no presence and may not command; both are audited.
        let mallory = try XMPPTestClient(jid: "mallory@example.org", password: "mallory-password", port: prosody.clientPort)
        defer { mallory.stop() }
        try mallory.subscribe(to: Self.service)
        try mallory.say("status", to: Self.service)
        #expect(mallory.waitFor(timeout: 10) { $0.event == "message" }?.body?.hasPrefix("Only people known to Forewarn") == true)
        #expect(!mallory.seen.contains { $0.event == "presence" && $0.from == Self.service && $0.type == "available" })
        let audit = try app.app.context.store.read { try $0.query("SELECT actor, action FROM audit_log WHERE actor LIKE 'xmpp:%' ORDER BY id") }
        let actions = audit.map { "\($0.string("actor") ?? "") \($0.string("action") ?? "")" }
        for expected in ["xmpp:alice@example.org xmpp_subscribe", "xmpp:alice@example.org xmpp_command", "xmpp:alice@example.org ack",
                         "xmpp:mallory@example.org xmpp_refused"] {
            #expect(actions.contains(expected), "\(expected) in \(actions)")
        }

        // Prosody restarts: Forewarn reconnects by itself and a subscriber sees the presence again within 10 s.
        alice.stop()
        prosody.stop()
        #expect(Self.waitUntil(10) { app.app.xmppConnected == false })
        try prosody.start()
        let restarted = Date()
        let again = try XMPPTestClient(jid: "alice@example.org", password: "alice-password", port: prosody.clientPort)
        defer { again.stop() }
        let back = again.waitFor(timeout: 10) { $0.event == "presence" && $0.from == Self.service && $0.show == "dnd" }
        #expect(back != nil, "presence again after the restart")
        #expect(Date().timeIntervalSince(restarted) < 10)
    }

    /// A threshold message decided while Prosody is down waits in the database, survives a Forewarn restart, and
    /// reaches the subscriber once Forewarn's component connects again.
    @Test func aThresholdMessageWaitsInTheDatabaseWhileProsodyIsDownAndAcrossARestart() throws {
        let prosody = try ProsodyServer()
        defer { prosody.stop() }
        try prosody.register("alice", password: "alice-password")
        prosody.stop()
        let settings = XMPPSettings(domain: prosody.componentDomain, host: "127.0.0.1", port: UInt16(prosody.componentPort), secret: prosody.componentSecret)
        let quiet: (inout AppConfiguration) -> Void = {
            $0.clockInterval = 0
            $0.deliversMail = false
            $0.runsMonitor = false
        }
        let deciding = try TestApp.start {
            quiet(&$0)
            $0.xmpp = settings
        }
        try deciding.importFixture()
        var decidingStopped = false
        defer { if !decidingStopped { deciding.stop() } }
        try deciding.app.context.store.write { db in _ = try db.run("UPDATE people SET jid = 'alice@example.org' WHERE email = 'ana@example.com'") }
        try Self.inventoryChanged(deciding)
        let ana = try LevelSubscriptionTests.id(deciding, "SELECT id FROM people WHERE email = 'ana@example.com'")
        let pg3 = try LevelSubscriptionTests.id(deciding, "SELECT id FROM services WHERE name = 'pg-3'")
        let subscription = try deciding.app.context.store.write { db in
            try LevelSubscriptionStore.insert(db, LevelSubscriptionDraft(subscriber: .person(ana), subject: .service(pg3), threshold: 99.9, window: .tenMinutes,
                                                                         byMail: false, byXMPP: true, webhookID: nil, duringDowntime: false), createdBy: "test")
        }
        let checkID = try MonitoringAlertTests.addCheck(deciding)
        try LevelSubscriptionTests.minutes(deciding, checkID: checkID, first: -5, "ggggbb")
        try LevelSubscriptionTests.pass(deciding, at: [0])
        #expect(try deciding.app.context.store.read { try LevelSubscriptionStore.crossingCount($0, subscriptionID: subscription) } == 1)
        #expect(deciding.app.xmppConnected == false, "Prosody is down")
        let waiting = try deciding.app.context.store.read { try XmppMessageStore.pending($0) }
        #expect(waiting.map(\.to) == ["alice@example.org"])
        #expect(waiting.first?.node == "pg-3")
        #expect(waiting.first?.body.contains("below 99.9%") == true, "\(waiting)")

        // Forewarn stops (the message is only in the database now), Prosody comes back, Alice is online, Forewarn starts.
        deciding.stop()
        decidingStopped = true
        try prosody.start()
        let alice = try XMPPTestClient(jid: "alice@example.org", password: "alice-password", port: prosody.clientPort)
        defer { alice.stop() }
        let restarted = try TestApp.restart(deciding) {
            quiet(&$0)
            $0.xmpp = settings
        }
        defer { restarted.stop() }
        let message = alice.waitFor(timeout: 20) { $0.event == "message" && $0.from == Self.service && ($0.body ?? "").contains("below 99.9%") }
        #expect(message?.body?.hasPrefix("pg-3 service level ") == true, "\(message?.body ?? "nothing"); \(prosody.log.suffix(400))")
        #expect(Self.waitUntil(5) { (try? restarted.app.context.store.read { try XmppMessageStore.pending($0) }.isEmpty) == true }, "sent messages are forgotten")
        #expect(alice.seen.filter { $0.event == "message" && ($0.body ?? "").contains("below 99.9%") }.count == 1)

        // Levels computed by another process without XMPP: this one publishes the presence from the change log and
        // sends the crossing that process decided.
        try alice.subscribe(to: Self.service)
        #expect(alice.waitFor(timeout: 10) { $0.event == "presence" && $0.from == Self.service && $0.show == "dnd" } != nil)
        let mark = alice.seen.count
        let computing = try TestApp.restart(deciding, configure: quiet)
        defer { computing.stop() }
        try LevelSubscriptionTests.minutes(computing, checkID: checkID, first: 1, String(repeating: "g", count: 10))
        try LevelSubscriptionTests.pass(computing, at: [10])
        let available = alice.waitFor(timeout: 10, after: mark) { $0.event == "presence" && $0.from == Self.service && $0.show != "dnd" && $0.type == "available" }
        #expect(available?.status?.hasPrefix("pg-3 service level: 100%") == true, "\(available?.status ?? "no presence")")
        let above = alice.waitFor(timeout: 10, after: mark) { $0.event == "message" && $0.from == Self.service && ($0.body ?? "").contains("back above 99.9%") }
        #expect(above != nil, "the crossing decided by the other process")
    }

    @Test func withAnyoneOnTheServerStrangersSubscribeButStillMayNotCommand() throws {
        let prosody = try ProsodyServer()
        defer { prosody.stop() }
        try prosody.register("carol", password: "carol-password")
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.deliversMail = false
            $0.runsMonitor = false
            var xmpp = XMPPSettings(domain: prosody.componentDomain, host: "127.0.0.1", port: UInt16(prosody.componentPort), secret: prosody.componentSecret)
            xmpp.anyoneOnServer = true
            $0.xmpp = xmpp
        }
        defer { app.stop() }
        try app.importFixture()
        try Self.inventoryChanged(app)
        #expect(Self.waitUntil(10) { app.app.xmppConnected == true })
        let carol = try XMPPTestClient(jid: "carol@example.org", password: "carol-password", port: prosody.clientPort)
        defer { carol.stop() }
        try carol.subscribe(to: Self.service)
        #expect(carol.waitFor(timeout: 10) { $0.event == "presence" && $0.from == Self.service } != nil, "the service's presence (no signal yet: unavailable)")
        let pg3 = try LevelSubscriptionTests.id(app, "SELECT id FROM services WHERE name = 'pg-3'")
        let roster = try app.app.context.store.read { try PresenceStore.roster($0, serviceID: pg3) }.map(\.subscriber)
        #expect(roster == ["carol@example.org"])
        try carol.say("status", to: Self.service)
        #expect(carol.waitFor(timeout: 10) { $0.event == "message" }?.body?.hasPrefix("Only people known to Forewarn") == true)
    }

    @Test func serveChecksTheXMPPFlags() throws {
        let db = temporaryDirectory() + "/x.sqlite"
        let partial = try runForewarn(["serve", "--db", db, "--port", "0", "--xmpp-component", "services.example.org"])
        #expect(partial.status != 0)
        #expect(partial.stderr.contains("--xmpp-component, --xmpp-server and --xmpp-secret-file go together"), "\(partial.stderr)")
        let missing = try runForewarn(["serve", "--db", db, "--port", "0", "--xmpp-component", "services.example.org", "--xmpp-server", "127.0.0.1:5347",
                                       "--xmpp-secret-file", "/nonexistent/secret"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read a secret from /nonexistent/secret"), "\(missing.stderr)")
        let badServer = try runForewarn(["serve", "--db", db, "--port", "0", "--xmpp-component", "services.example.org", "--xmpp-server", "localhost",
                                         "--xmpp-secret-file", "/etc/hostname"])
        #expect(badServer.stderr.contains("--xmpp-server must be host:port"), "\(badServer.stderr)")
    }

    @Test func serviceNamesBecomeJIDLocalParts() {
        #expect(ServiceJID.node(for: "Billing API") == "billing-api")
        #expect(ServiceJID.node(for: "pg-3") == "pg-3")
        #expect(ServiceJID.node(for: "  Orders / EU (new) ") == "orders-eu-new")
    }
}
