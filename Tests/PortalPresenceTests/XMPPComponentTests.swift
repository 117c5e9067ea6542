import ForewarnTestSupport
import Foundation
import Logging
import PortalCore
import PortalPresence
import Testing

/// The component against a real Prosody (Debian) and a real client (slixmpp). The directory here stands in for the
/// portal's policy (who is known, what each service shows), so the XMPP side is tested on its own.
@Suite("XMPP presence component", .serialized)
struct XMPPComponentTests {
    final class Directory: PresenceDirectory, @unchecked Sendable {
        let known: Set<String>
        let moods = Locked<[String: (ServiceMood, String)]>([:])
        let roster = Locked<Set<PresenceSubscription>>([])
        let commands = Locked<[String]>([])

        init(known: Set<String>, services: [String: (ServiceMood, String)]) {
            self.known = known
            moods.mutate { $0 = services }
        }

        func mayUse(_ bareJID: String) -> Bool { known.contains(bareJID) }
        func presence(ofService node: String) -> ServicePresence? {
            moods.value[node].map { ServicePresence(mood: $0.0, reason: $0.1) }
        }
        func subscribed(_ bareJID: String, to node: String) { roster.mutate { $0.insert(PresenceSubscription(subscriber: bareJID, node: node)) } }
        func unsubscribed(_ bareJID: String, from node: String) { roster.mutate { $0.remove(PresenceSubscription(subscriber: bareJID, node: node)) } }
        func subscriptions() -> [PresenceSubscription] { Array(roster.value) }
        func command(_ text: String, from bareJID: String, to node: String) -> String {
            commands.mutate { $0.append("\(bareJID) → \(node): \(text)") }
            switch text.lowercased().trimmingCharacters(in: .whitespaces) {
            case "status": return moods.value[node].map { $0.1 } ?? "unknown"
            default: return "Commands: status, incidents, ack, help."
            }
        }
    }

    @Test func peopleSeeAServicesMoodAsPresenceAndItFollowsChangesAndReconnects() throws {
        let prosody = try ProsodyServer()
        defer { prosody.stop() }
        try prosody.register("alice", password: "alice-password")
        try prosody.register("mallory", password: "mallory-password")
        let directory = Directory(known: ["alice@example.org"],
                                  services: ["billing-api": (.ok, "Billing service level: 100% (no outage in the last 10 min)")])
        var logger = Logger(label: "xmpp-test")
        logger.logLevel = .critical
        let component = XMPPComponent(configuration: .init(domain: prosody.componentDomain, host: "127.0.0.1", port: UInt16(prosody.componentPort),
                                                           secret: prosody.componentSecret), directory: directory, logger: logger)
        component.start()
        defer { component.stop() }
        #expect(waitUntil(10) { component.isConnected }, "the component's handshake with Prosody: \(prosody.log.suffix(500))")

        let service = "billing-api@services.example.org"
        let alice = try XMPPTestClient(jid: "alice@example.org", password: "alice-password", port: prosody.clientPort)
        defer { alice.stop() }
        try alice.subscribe(to: service)
        let available = alice.waitFor(timeout: 10) { $0.event == "presence" && $0.from == service && $0.type == "available" }
        #expect(available?.show == "" || available?.show == "chat" || available?.show == nil, "ok is plain available: \(String(describing: available))")
        #expect(available?.status == "Billing service level: 100% (no outage in the last 10 min)")
        #expect(directory.roster.value == [PresenceSubscription(subscriber: "alice@example.org", node: "billing-api")])

        // The mood changes: everyone subscribed sees dnd with the reason.
        let mark = alice.seen.count
        directory.moods.mutate { $0["billing-api"] = (.down, "Billing service level: 90% (1 bad minute in the last 10 min)") }
        component.publish(node: "billing-api", presence: directory.presence(ofService: "billing-api")!)
        let dnd = alice.waitFor(timeout: 10, after: mark) { $0.event == "presence" && $0.from == service && $0.show == "dnd" }
        #expect(dnd?.status == "Billing service level: 90% (1 bad minute in the last 10 min)")

        // Two-way: a known person's command is answered; a message from the service reaches her.
        try alice.say("status", to: service)
        let reply = alice.waitFor(timeout: 10) { $0.event == "message" && $0.from == service }
        #expect(reply?.body == "Billing service level: 90% (1 bad minute in the last 10 min)")
        component.send(message: "Billing fell below 99.9 % over 10 minutes.", from: "billing-api", to: "alice@example.org")
        #expect(alice.waitFor(timeout: 10) { $0.event == "message" && $0.body == "Billing fell below 99.9 % over 10 minutes." } != nil)

        // Someone the portal does not know is refused, and may not command.
        let mallory = try XMPPTestClient(jid: "mallory@example.org", password: "mallory-password", port: prosody.clientPort)
        defer { mallory.stop() }
        try mallory.subscribe(to: service)
        try mallory.say("status", to: service)
        #expect(mallory.waitFor(timeout: 10) { $0.event == "message" }?.body?.hasPrefix("Only people known to Forewarn") == true)
        #expect(directory.commands.value == ["alice@example.org → billing-api: status"])
        #expect(!directory.roster.value.contains { $0.subscriber == "mallory@example.org" })
        #expect(!mallory.seen.contains { $0.event == "presence" && $0.from == service && $0.type == "available" }, "no presence for strangers")

        // Prosody restarts: the component reconnects by itself and Alice sees the service's presence again.
        alice.stop()
        prosody.stop()
        #expect(waitUntil(10) { !component.isConnected })
        try prosody.start()
        let restarted = Date()
        #expect(waitUntil(15) { component.isConnected }, "reconnected after the restart")
        let again = try XMPPTestClient(jid: "alice@example.org", password: "alice-password", port: prosody.clientPort)
        defer { again.stop() }
        let back = again.waitFor(timeout: 10) { $0.event == "presence" && $0.from == service && $0.show == "dnd" }
        #expect(back != nil, "presence again after the restart")
        #expect(Date().timeIntervalSince(restarted) < 15)
    }

    @Test func aProcessWithMoreThanFDSetSizeDescriptorsOpenStillConnects() throws {
        let prosody = try ProsodyServer()
        defer { prosody.stop() }
        var logger = Logger(label: "xmpp-test")
        logger.logLevel = .critical
        let directory = Directory(known: [], services: [:])
        let component = XMPPComponent(configuration: .init(domain: prosody.componentDomain, host: "127.0.0.1", port: UInt16(prosody.componentPort),
                                                           secret: prosody.componentSecret), directory: directory, logger: logger)
        // A busy portal: over a thousand descriptors open once the component exists (libstrophe waits with select(),
        // which aborts the process for a descriptor at or above 1024).
        var held: [Int32] = []
        while held.count < 1100 {
            let fd = open("/dev/null", O_RDONLY)
            guard fd >= 0 else { break }
            held.append(fd)
        }
        defer { held.forEach { close($0) } }
        #expect((held.max() ?? 0) >= 1024, "the test holds descriptors above FD_SETSIZE")
        component.start()
        defer { component.stop() }
        #expect(waitUntil(10) { component.isConnected })
    }

    @Test(arguments: [
        (ServiceMood.ok, ServicePresence.Show.available), (.degraded, .away), (.breaching, .dnd), (.down, .dnd),
        (.maintenance, .xa), (.unknown, .unavailable),
    ])
    func moodsMapToPresence(mood: ServiceMood, show: ServicePresence.Show) {
        #expect(ServicePresence(mood: mood, reason: "why").show == show)
    }

    func waitUntil(_ seconds: TimeInterval, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}
