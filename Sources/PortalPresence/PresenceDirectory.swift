/// What the XMPP component asks the portal: who may use a service JID, what each service shows, who subscribed,
/// and the answers to commands. The portal implements it over its store; the component only speaks XMPP.
public protocol PresenceDirectory: Sendable {
    /// Whether `bareJID` may subscribe to service JIDs and send commands (a known person, or anyone if so configured).
    func mayUse(_ bareJID: String) -> Bool
    /// Whether `bareJID` may send commands (known people only, even when anyone may subscribe).
    func mayCommand(_ bareJID: String) -> Bool
    /// The presence of the service named `node` (the JID's local part), or nil when there is no such service.
    func presence(ofService node: String) -> ServicePresence?
    /// `bareJID` subscribed to `node`'s presence (accepted): remember it.
    func subscribed(_ bareJID: String, to node: String)
    /// `bareJID` no longer wants `node`'s presence.
    func unsubscribed(_ bareJID: String, from node: String)
    /// Every remembered subscription, to publish presence again after a reconnect.
    func subscriptions() -> [PresenceSubscription]
    /// The reply to a chat message `text` that `bareJID` sent to `node`.
    func command(_ text: String, from bareJID: String, to node: String) -> String
    /// Chat messages kept in durable storage until the component is connected, oldest first.
    func pendingMessages() -> [PendingMessage]
    /// The component handed these pending messages to the server: forget them.
    func delivered(_ ids: [Int64])
}

extension PresenceDirectory {
    /// By default whoever may subscribe may also command.
    public func mayCommand(_ bareJID: String) -> Bool { mayUse(bareJID) }
    /// By default nothing is stored.
    public func pendingMessages() -> [PendingMessage] { [] }
    public func delivered(_ ids: [Int64]) {}
}

/// A chat message from the service JID `node` to `to`, waiting in durable storage under `id`.
public struct PendingMessage: Sendable, Equatable {
    public let id: Int64
    public let node: String
    public let to: String
    public let body: String

    public init(id: Int64, node: String, to: String, body: String) {
        self.id = id
        self.node = node
        self.to = to
        self.body = body
    }
}

/// One roster entry: `subscriber` (a bare JID) sees the presence of the service `node`.
public struct PresenceSubscription: Sendable, Hashable {
    public let subscriber: String
    public let node: String

    public init(subscriber: String, node: String) {
        self.subscriber = subscriber
        self.node = node
    }
}
