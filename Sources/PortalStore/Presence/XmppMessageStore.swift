import Foundation
import PortalCore

/// Chat messages from service JIDs waiting for the XMPP component (`xmpp_messages`): queued in the transaction that
/// decides them, deleted once handed to the connected component. A restart while the XMPP server is away keeps them.
public enum XmppMessageStore {
    public struct Message: Sendable, Equatable {
        public let id: Int64
        /// The JID local part it comes from (a service's node, or `forewarn`).
        public let node: String
        public let to: String
        public let body: String
    }

    /// Queues one message per recipient.
    public static func enqueue(_ db: Database, node: String, to jids: [String], body: String, at: Date = Date()) throws {
        for jid in jids {
            try db.run("INSERT INTO xmpp_messages (from_node, to_jid, body, created_at) VALUES (?, ?, ?, ?)",
                       [String(node.prefix(200)), String(jid.prefix(254)), String(body.prefix(4000)), StoreTime.format(at)])
        }
    }

    /// The oldest waiting messages, at most `limit`.
    public static func pending(_ db: Database, limit: Int = 500) throws -> [Message] {
        var result: [Message] = []
        try db.forEach("SELECT id, from_node, to_jid, body FROM xmpp_messages ORDER BY id LIMIT ?", [limit]) { s in
            result.append(Message(id: s.int64(at: 0), node: s.string(at: 1) ?? "", to: s.string(at: 2) ?? "", body: s.string(at: 3) ?? ""))
        }
        return result
    }

    /// Whether any message waits.
    public static func hasPending(_ db: Database) throws -> Bool {
        try db.scalar("SELECT 1 FROM xmpp_messages LIMIT 1") != nil
    }

    /// Drops messages that waited longer than `cutoff` (no XMPP component took them: the news is stale). Returns how many.
    @discardableResult
    public static func purge(_ db: Database, before cutoff: Date) throws -> Int {
        try db.run("DELETE FROM xmpp_messages WHERE created_at < ?", [StoreTime.format(cutoff)])
    }

    /// Forgets messages handed to the server.
    public static func delivered(_ db: Database, ids: [Int64]) throws {
        guard !ids.isEmpty else { return }
        try db.run("DELETE FROM xmpp_messages WHERE id IN (SELECT value FROM json_each(?))", ["[" + ids.map(String.init).joined(separator: ",") + "]"])
    }
}
