import ForewarnTestSupport
import Foundation
import Logging
import PortalApp
import PortalStore
import Testing

/// Two applications on one PostgreSQL database: a level change computed by one reaches a `/live/events` stream opened on
/// the other at once, through the triggers' `NOTIFY` and the feed's `LISTEN` (the feed's own catch-up read comes only
/// every 5 s on PostgreSQL, so an answer within 1.5 s each time is the notification's). Runs under `make test-postgres`.
@Suite("Live updates across instances", .serialized, .enabled(if: testPostgresURL != nil))
struct CrossInstanceLiveTests {
    @Test func aLevelChangeComputedByOneInstanceReachesTheOthersStreamAtOnce() throws {
        let first = try LiveServiceLevelTests.start()
        defer { first.stop() }
        var configuration = first.app.context.configuration
        configuration.server.port = 0
        let second = try Application(configuration: configuration, logger: Logger(label: "second"))
        try second.start()
        defer { second.shutdown() }
        let deadline = Date().addingTimeInterval(10)
        while !second.context.live.isListening && Date() < deadline { usleep(20_000) }
        #expect(second.context.live.isListening, "the second instance's feed listens on PostgreSQL")

        let checkID = try MonitoringAlertTests.addCheck(first)
        let now = Date()
        try LiveServiceLevelTests.minute(first, checkID: checkID, at: now, samples: 6, up: 6)
        try first.app.recomputeServiceLevels(now: now)
        // The stream is opened on the second instance (the session lives in the database).
        let client = try RawHTTPClient(port: second.port, timeoutSeconds: 3)
        try client.send("GET /live/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: forewarn_session=\(first.session)\r\n\r\n")
        #expect(LiveServiceLevelTests.read(client, until: "retry: 3000").contains("200 OK"))
        defer { shutdown(client.fd, Int32(SHUT_RDWR)) }

        for round in 1...3 {
            let minute = now.addingTimeInterval(Double(60 * round))
            let up = round % 2 == 1 ? 0 : 6
            try LiveServiceLevelTests.minute(first, checkID: checkID, at: minute, samples: 6, up: up)
            let changed = Date()
            #expect(try first.app.recomputeServiceLevels(now: minute) > 0)
            let text = LiveServiceLevelTests.read(client, until: "event: level", seconds: 6)
            let took = Date().timeIntervalSince(changed)
            #expect(text.contains("event: level") && text.contains("\"name\":\"pg-3\""), "round \(round): \(text)")
            #expect(took < 1.5, "round \(round): the other instance's stream had the change after \(took) s")
            print("live change across instances, round \(round): \(Int(took * 1000)) ms")
        }
    }
}

/// XMPP presence across instances: the instance with the XMPP component does not compute levels; the one that does is
/// another application on the same PostgreSQL database. A level change computed there reaches the subscriber's presence
/// through the first instance (`XMPPPresence` reads the stored level changes once a second). Real Prosody and slixmpp.
@Suite("XMPP presence across instances", .serialized, .enabled(if: testPostgresURL != nil))
struct CrossInstancePresenceTests {
    @Test func aLevelComputedByAnotherInstanceChangesThePresenceHere() throws {
        let prosody = try ProsodyServer()
        defer { prosody.stop() }
        try prosody.register("alice", password: "alice-password")
        // The computing instance starts first and holds the worker lock (per schema); the test drives its level passes.
        let computing = try LiveServiceLevelTests.start()
        defer { computing.stop() }
        #expect(computing.app.ownsWorkers)
        try computing.app.context.store.write { db in
            _ = try db.run("UPDATE people SET jid = 'alice@example.org' WHERE email = 'ana@example.com'")
        }
        try XMPPWiringTests.inventoryChanged(computing)
        var configuration = computing.app.context.configuration
        configuration.server.port = 0
        configuration.xmpp = XMPPSettings(domain: prosody.componentDomain, host: "127.0.0.1", port: UInt16(prosody.componentPort), secret: prosody.componentSecret)
        let chatty = try Application(configuration: configuration, logger: Logger(label: "xmpp-instance"))
        try chatty.start()
        defer { chatty.shutdown() }
        #expect(!chatty.ownsWorkers, "the XMPP instance does not compute levels")
        #expect(XMPPWiringTests.waitUntil(10) { chatty.xmppConnected == true }, "the component's handshake: \(prosody.log.suffix(500))")

        let alice = try XMPPTestClient(jid: "alice@example.org", password: "alice-password", port: prosody.clientPort)
        defer { alice.stop() }
        try alice.subscribe(to: XMPPWiringTests.service)
        let pg3 = try LevelSubscriptionTests.id(computing, "SELECT id FROM services WHERE name = 'pg-3'")
        #expect(XMPPWiringTests.waitUntil(10) {
            (try? chatty.context.store.read { try PresenceStore.roster($0, serviceID: pg3) })?.map(\.subscriber) == ["alice@example.org"]
        }, "subscribed")
        let mark = alice.seen.count
        let checkID = try MonitoringAlertTests.addCheck(computing)
        let now = Date()
        for back in 1...9 { try LiveServiceLevelTests.minute(computing, checkID: checkID, at: now.addingTimeInterval(Double(-60 * back)), samples: 6, up: 6) }
        try LiveServiceLevelTests.minute(computing, checkID: checkID, at: now, samples: 6, up: 0)
        #expect(try computing.app.recomputeServiceLevels(now: now) > 0)
        let dnd = alice.waitFor(timeout: 15, after: mark) { $0.event == "presence" && $0.from == XMPPWiringTests.service && $0.show == "dnd" }
        #expect(dnd != nil, "the XMPP instance shows the level the other instance computed: \(alice.seen.suffix(5))")
        #expect(dnd?.status?.contains("bad minute") == true, "\(dnd?.status ?? "")")
    }
}
