import ForewarnTestSupport
import Foundation
@testable import PortalApp
import PortalCore
import PortalStore
import Testing

/// `ack` with a note, end to end: a real Prosody, real slixmpp clients, a real failing check and an open incident.
@Suite(.serialized) struct XMPPAckTests {
    @Test(arguments: [
        ("ack", ""),
        ("ack   ", ""),
        ("ACK Restarting  the primary", "Restarting the primary"),
        ("ack\tline one\nline two", "line one line two"),
        ("acknowledge", ""),
        ("ack " + String(repeating: "x", count: 600), String(repeating: "x", count: 500)),
    ])
    func theNoteIsWhatFollowsAckOnOneLine(text: String, note: String) {
        #expect(PresenceCommands.ackNote(text) == note)
    }

    @Test func anAckWithANoteIsStoredShownOnTheAlertAndTheIncidentAndToldToTheOthers() throws {
        let prosody = try ProsodyServer()
        defer { prosody.stop() }
        for user in ["alice", "bob"] { try prosody.register(user, password: "\(user)-password") }
        let peer = try MonitorPeer()
        defer { peer.stop() }
        let app = try XMPPWiringTests.startWithComponent(of: prosody)
        defer { app.stop() }
        try XMPPWiringTests.importPeopleWithJIDs(app)
        #expect(XMPPWiringTests.waitUntil(10) { app.app.xmppConnected == true }, "the component's handshake: \(prosody.log.suffix(500))")
        let pg3 = try LevelSubscriptionTests.id(app, "SELECT id FROM services WHERE name = 'pg-3'")
        let checkID = try MonitoringAlertTests.addCheck(app, url: peer.url, window: 2)
        try peer.set(.error)
        let (status, body) = try IncidentTests().open(app, title: "Replication lag", start: LocalTime.now(), zone: "UTC")
        #expect(status == 201, "\(body)")
        let incidentID = try #require(body["id"] as? Int)

        let alice = try XMPPTestClient(jid: "alice@example.org", password: "alice-password", port: prosody.clientPort)
        defer { alice.stop() }
        let bob = try XMPPTestClient(jid: "bob@example.org", password: "bob-password", port: prosody.clientPort)
        defer { bob.stop() }
        try alice.subscribe(to: XMPPWiringTests.service)
        try bob.subscribe(to: XMPPWiringTests.service)
        #expect(try XMPPWiringTests.waitUntil(20) { try app.app.context.store.read { try PresenceStore.roster($0, serviceID: pg3) }.count == 2 })
        #expect(try XMPPWiringTests.waitUntil(30) { try MonitoringAlertTests.alerts(app, checkID: checkID).contains { $0.endedAt == nil } }, "the alert opened")

        try alice.say("ack Restarting the   primary <b>now</b>", to: XMPPWiringTests.service)
        let reply = alice.waitFor(timeout: 10) { $0.event == "message" && ($0.body ?? "").hasPrefix("Noted: you are looking into pg-3") }
        #expect(reply?.body?.contains("INC-\(incidentID) Replication lag") == true, "\(reply?.body ?? "")")
        let told = bob.waitFor(timeout: 10) { $0.event == "message" && $0.from == XMPPWiringTests.service && ($0.body ?? "").contains("is looking into pg-3") }
        #expect(told?.body?.hasPrefix("Ana Lima (alice@example.org) is looking into pg-3: alert ") == true, "\(told?.body ?? "")")
        #expect(told?.body?.hasSuffix("\u{201C}Restarting the primary <b>now</b>\u{201D}") == true, "\(told?.body ?? "")")
        #expect(!alice.seen.contains { ($0.body ?? "").contains("is looking into pg-3") }, "the one who acked is not told")
        #expect(try XMPPWiringTests.waitUntil(5) { try app.app.context.store.read { try XmppMessageStore.pending($0) }.isEmpty }, "sent, then forgotten")

        // Stored with both problems, shown (escaped) on the alert and on the incident, audited with the note.
        let acks = try app.app.context.store.read { db in
            try db.query("SELECT check_alert_id, incident_id, note, via FROM service_acks WHERE service_id = ? ORDER BY id", [pg3])
        }
        #expect(acks.count == 2)
        #expect(acks.allSatisfy { $0.string("note") == "Restarting the primary <b>now</b>" && $0.string("via") == "xmpp" })
        #expect(acks.contains { $0.int("incident_id") == Int64(incidentID) } && acks.contains { $0.int("check_alert_id") != nil })
        let shown = "Looked into by Ana Lima (XMPP, "
        let escapedNote = ": \u{201C}Restarting the primary &lt;b&gt;now&lt;/b&gt;\u{201D}"
        let alertPage = try app.fetch("GET", "/monitoring/checks/\(checkID)").text
        #expect(alertPage.contains(shown) && alertPage.contains(escapedNote), "the ack and its note on the alert")
        #expect(!alertPage.contains("<b>now</b>"))
        let incidentPage = try app.fetch("GET", "/incidents/\(incidentID)").text
        #expect(incidentPage.contains(shown) && incidentPage.contains(escapedNote), "the ack and its note on the incident")
        let audit = try app.app.context.store.read { try $0.query("SELECT object_kind, object_name FROM audit_log WHERE action = 'ack' ORDER BY id") }
        #expect(Set(audit.map { $0.string("object_kind") ?? "" }) == ["check_alert", "incident"])
        #expect(audit.allSatisfy { ($0.string("object_name") ?? "").hasSuffix("looks into pg-3 \u{201C}Restarting the primary <b>now</b>\u{201D}") })
    }
}
