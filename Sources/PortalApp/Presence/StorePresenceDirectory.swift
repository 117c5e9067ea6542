import Foundation
import PortalCore
import PortalPresence
import PortalStore

/// The XMPP component's view of the portal: services by JID local part (`ServiceJID`), people by their `jid`, the
/// roster in `xmpp_roster`, presence from the latest published level, and the chat commands. Every subscription,
/// refusal and command is audited (actor `xmpp:<bare JID>`).
final class StorePresenceDirectory: PresenceDirectory, @unchecked Sendable {
    private let context: AppContext
    private let settings: XMPPSettings
    private let lock = NSLock()
    private var notify: (@Sendable () -> Void)?

    init(context: AppContext, settings: XMPPSettings) {
        self.context = context
        self.settings = settings
    }

    /// The component's domain.
    var domain: String { settings.domain }

    /// How the directory has chat messages it queued sent (an `ack` tells the other subscribers).
    func onNotify(_ send: @escaping @Sendable () -> Void) {
        lock.lock()
        notify = send
        lock.unlock()
    }

    private func inventory() -> Inventory? { try? context.inventory.current(context.store) }

    func service(node: String) -> Service? {
        inventory()?.services.first { ServiceJID.node(for: $0.name) == node }
    }

    private func person(_ bareJID: String) -> (id: Int64, name: String)? {
        try? context.store.read { try PresenceStore.person($0, jid: bareJID) }
    }

    private func audit(_ bareJID: String, _ action: String, service: Service?, detail: String = "") {
        do {
            try context.store.write { try Self.audit($0, bareJID, action, service: service, detail: detail) }
        } catch {
            context.logger.error("xmpp: cannot audit \(action) by \(bareJID): \(error)")
        }
    }

    private static func audit(_ db: Database, _ bareJID: String, _ action: String, service: Service?, detail: String = "") throws {
        try AuditLog.record(db, actor: "xmpp:\(bareJID.prefix(200))", action: action, objectKind: "xmpp", objectID: service?.id,
                            objectName: service.map { $0.name + (detail.isEmpty ? "" : ": " + detail) } ?? detail)
    }

    /// Adds or removes a roster entry and its audit row in one transaction.
    private func changeRoster(_ bareJID: String, node: String, action: String, _ change: @escaping (Database, Int64) throws -> Bool) {
        guard let service = service(node: node) else { return }
        do {
            try context.store.write { db in
                if try change(db, service.id) { try Self.audit(db, bareJID, action, service: service) }
            }
        } catch {
            context.logger.error("xmpp: cannot record \(action) of \(bareJID) to \(node): \(error)")
        }
    }

    // MARK: PresenceDirectory

    /// A known person, or (when so configured) anyone whose address is on the server the component belongs to.
    func mayUse(_ bareJID: String) -> Bool {
        if person(bareJID) != nil { return true }
        if settings.anyoneOnServer, let at = bareJID.lastIndex(of: "@"), bareJID[bareJID.index(after: at)...] == settings.serverDomain { return true }
        audit(bareJID, "xmpp_refused", service: nil, detail: "not a known person")
        return false
    }

    func mayCommand(_ bareJID: String) -> Bool {
        if person(bareJID) != nil { return true }
        audit(bareJID, "xmpp_refused", service: nil, detail: "a command from someone who is not a known person")
        return false
    }

    func presence(ofService node: String) -> ServicePresence? {
        guard let service = service(node: node) else { return nil }
        let latest = try? context.store.read { try PresenceStore.latestLevel($0, serviceID: service.id) }
        guard let latest = latest ?? nil else { return ServicePresence(mood: .unknown, reason: "\(service.name) service level: unknown (no signal yet)") }
        return ServicePresence(mood: latest.mood, reason: latest.reason)
    }

    func subscribed(_ bareJID: String, to node: String) {
        changeRoster(bareJID, node: node, action: "xmpp_subscribe") { try PresenceStore.addSubscriber($0, bareJID, serviceID: $1) }
    }

    func unsubscribed(_ bareJID: String, from node: String) {
        changeRoster(bareJID, node: node, action: "xmpp_unsubscribe") { try PresenceStore.removeSubscriber($0, bareJID, serviceID: $1) }
    }

    func subscriptions() -> [PresenceSubscription] {
        guard let inventory = inventory(), let roster = try? context.store.read({ try PresenceStore.roster($0) }) else { return [] }
        var nodes: [Int64: String] = [:]
        return roster.compactMap { entry in
            if nodes[entry.serviceID] == nil { nodes[entry.serviceID] = inventory.service(entry.serviceID).map { ServiceJID.node(for: $0.name) } }
            return nodes[entry.serviceID].map { PresenceSubscription(subscriber: entry.subscriber, node: $0) }
        }
    }

    func pendingMessages() -> [PendingMessage] {
        do {
            return try context.store.read { try XmppMessageStore.pending($0) }.map { PendingMessage(id: $0.id, node: $0.node, to: $0.to, body: $0.body) }
        } catch {
            context.logger.error("xmpp: cannot read waiting messages: \(error)")
            return []
        }
    }

    func delivered(_ ids: [Int64]) {
        do {
            try context.store.write { try XmppMessageStore.delivered($0, ids: ids) }
        } catch {
            context.logger.error("xmpp: cannot forget \(ids.count) sent messages: \(error)")
        }
    }

    func command(_ text: String, from bareJID: String, to node: String) -> String {
        guard let service = service(node: node) else { return "There is no service \(node)." }
        let word = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().split(separator: " ").first.map(String.init) ?? ""
        audit(bareJID, "xmpp_command", service: service, detail: String(word.prefix(20)))
        do {
            switch word {
            case "status": return try PresenceCommands.status(context, service: service)
            case "incidents": return try PresenceCommands.incidents(context, service: service)
            case "ack":
                guard let person = person(bareJID) else { return "Only people known to Forewarn may acknowledge." }
                let (reply, queued) = try PresenceCommands.ack(context, service: service, personID: person.id, personName: person.name,
                                                               jid: bareJID, note: PresenceCommands.ackNote(text))
                if queued {
                    lock.lock()
                    let wake = notify
                    lock.unlock()
                    wake?()
                }
                return reply
            case "help", "?": return PresenceCommands.help(service: service)
            default: return "Unknown command '\(word.prefix(40))'. " + PresenceCommands.help(service: service)
            }
        } catch {
            context.logger.error("xmpp: command \(word) on \(service.name) failed: \(error)")
            return "Sorry, that failed; try again in a moment."
        }
    }
}
