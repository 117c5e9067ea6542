import CStrophe
import Foundation
import Glibc
import Logging

/// Forewarn on XMPP as an external component (XEP-0114) for a subdomain such as `services.example.org`: every service
/// is a JID (`billing-api@services.example.org`) that people add to their roster. The component accepts subscriptions
/// from people the directory knows, publishes each service's presence (and again after every reconnect), sends
/// messages from service JIDs, and answers chat commands through the directory.
///
/// libstrophe runs on one thread of its own; other threads hand work to it through a queue. The connection is
/// re-established with backoff (1 s doubling to 30 s) whenever it drops.
public final class XMPPComponent: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// The component's domain, e.g. `services.example.org`.
        public var domain: String
        public var host: String
        public var port: UInt16
        public var secret: String
        public var maximumBackoff: TimeInterval = 30

        public init(domain: String, host: String, port: UInt16, secret: String) {
            self.domain = domain
            self.host = host
            self.port = port
            self.secret = secret
        }
    }

    private enum Outgoing {
        case presence(node: String, to: String, ServicePresence)
        case message(node: String, to: String, body: String)
    }

    public let configuration: Configuration
    private let directory: any PresenceDirectory
    private let logger: Logger
    private let lock = NSLock()
    private var queue: [Outgoing] = []
    private var stopping = false
    private var connected = false
    /// The directory's stored messages are to be sent (after connecting and whenever `sendPending` is called).
    private var pendingDue = false
    private var finished: DispatchSemaphore?
    /// Touched only on the component thread.
    private var connection: OpaquePointer?
    private var context: OpaquePointer?
    private var lastFailure = ""
    /// The id the server gave the stream, read from libstrophe's log of the stream header (the handshake hashes it).
    private var streamID = ""
    /// libstrophe 0.12 waits with select(), and glibc aborts the whole process when select() is given a descriptor at
    /// or above FD_SETSIZE (1024). A busy portal can hold that many connections, so the component keeps a few low
    /// descriptors in reserve (taken when it is created, while numbers are low) and frees them just before it
    /// connects: the new socket gets the lowest free number.
    private var reserved: [Int32] = []
    private static let reserveCount = 4

    public init(configuration: Configuration, directory: any PresenceDirectory, logger: Logger) {
        self.configuration = configuration
        self.directory = directory
        self.logger = logger
        reserveDescriptors()
    }

    deinit { releaseDescriptors() }

    private func reserveDescriptors() {
        while reserved.count < Self.reserveCount {
            let fd = Glibc.open("/dev/null", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { break }
            reserved.append(fd)
        }
    }

    private func releaseDescriptors() {
        for fd in reserved { close(fd) }
        reserved.removeAll()
    }

    /// Whether the server accepted the component's handshake and the stream is up.
    public var isConnected: Bool {
        lock.lock()
        defer { lock.unlock() }
        return connected
    }

    public func start() {
        xmpp_initialize()
        let done = DispatchSemaphore(value: 0)
        finished = done
        let thread = Thread { [self] in
            run()
            done.signal()
        }
        thread.name = "forewarn-xmpp"
        thread.start()
    }

    public func stop() {
        lock.lock()
        stopping = true
        lock.unlock()
        _ = finished?.wait(timeout: .now() + 5)
    }

    /// Tells every subscriber of `node` its new presence.
    public func publish(node: String, presence: ServicePresence) {
        let subscribers = directory.subscriptions().filter { $0.node == node }
        enqueue(subscribers.map { .presence(node: node, to: $0.subscriber, presence) })
    }

    /// Sends a chat message from the service JID `node` to `jid`.
    public func send(message body: String, from node: String, to jid: String) {
        enqueue([.message(node: node, to: jid, body: body)])
    }

    /// Sends the directory's stored messages (`PresenceDirectory.pendingMessages`) as soon as the stream is up; they stay
    /// stored while it is down, across restarts.
    public func sendPending() {
        lock.lock()
        pendingDue = true
        lock.unlock()
    }

    private func takePendingDue() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let due = pendingDue
        pendingDue = false
        return due
    }

    public func jid(of node: String) -> String { "\(node)@\(configuration.domain)" }

    private func enqueue(_ items: [Outgoing]) {
        lock.lock()
        queue += items
        lock.unlock()
    }

    private var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private func setConnected(_ value: Bool) {
        lock.lock()
        connected = value
        lock.unlock()
    }

    // MARK: The component thread

    private func run() {
        var backoff: TimeInterval = 1
        while !isStopping {
            // libstrophe 0.12.2's own component mode (xmpp_connect_component) crashes right after the handshake: it
            // never allocates its stream-management state for components. So the component connects "raw" and does
            // the XEP-0114 handshake itself: open the stream, hash the stream id with the secret, send <handshake/>.
            let me = Unmanaged.passUnretained(self).toOpaque()
            let log = UnsafeMutablePointer<xmpp_log_t>.allocate(capacity: 1)
            log.initialize(to: xmpp_log_t(handler: XMPPComponent.logLine, userdata: me))
            defer { log.deallocate() }
            guard let ctx = xmpp_ctx_new(nil, log) else { return }
            guard let conn = xmpp_conn_new(ctx) else {
                xmpp_ctx_free(ctx)
                return
            }
            context = ctx
            connection = conn
            streamID = ""
            xmpp_conn_set_jid(conn, configuration.domain)
            xmpp_handler_add(conn, XMPPComponent.handshakeStanza, nil, "handshake", nil, me)
            xmpp_handler_add(conn, XMPPComponent.presenceStanza, nil, "presence", nil, me)
            xmpp_handler_add(conn, XMPPComponent.messageStanza, nil, "message", nil, me)
            var everConnected = false
            var ended = false
            let lowest = reserved.min() ?? Int32.max
            releaseDescriptors()
            if lowest >= Int32(FD_SETSIZE) - Int32(Self.reserveCount) {
                lastFailure = "no descriptor below \(FD_SETSIZE) is free for libstrophe's select()"
                logger.error("xmpp: \(lastFailure); not connecting")
            } else if xmpp_connect_raw(conn, configuration.host, configuration.port, XMPPComponent.connectionEvent, me) == XMPP_EOK {
                while !isStopping && !ended {
                    xmpp_run_once(ctx, 50)
                    if isConnected {
                        everConnected = true
                        drainQueue(conn, ctx)
                        if takePendingDue() { drainStored(conn, ctx) }
                    } else if everConnected || xmpp_conn_is_disconnected(conn) != 0 {
                        ended = true
                    }
                }
            } else {
                lastFailure = "cannot start connecting to \(configuration.host):\(configuration.port)"
            }
            if isConnected { xmpp_disconnect(conn); for _ in 0..<10 { xmpp_run_once(ctx, 20) } }
            setConnected(false)
            xmpp_conn_release(conn)
            xmpp_ctx_free(ctx)
            connection = nil
            context = nil
            reserveDescriptors()
            if isStopping { break }
            if everConnected { backoff = 1 }
            logger.warning("xmpp: connection to \(configuration.host):\(configuration.port) as \(configuration.domain) lost or refused (\(lastFailure)); retrying in \(Int(backoff)) s")
            let until = Date().addingTimeInterval(backoff)
            while Date() < until && !isStopping { Thread.sleep(forTimeInterval: 0.05) }
            backoff = min(configuration.maximumBackoff, backoff * 2)
        }
    }

    private static let connectionEvent: xmpp_conn_handler = { conn, event, error, streamError, userdata in
        guard let conn, let userdata else { return }
        let component = Unmanaged<XMPPComponent>.fromOpaque(userdata).takeUnretainedValue()
        switch event {
        case XMPP_CONN_RAW_CONNECT:
            let attributes = ["to", component.configuration.domain, "xmlns", "jabber:component:accept",
                              "xmlns:stream", "http://etherx.jabber.org/streams"]
            var pointers = attributes.map { strdup($0) }
            defer { pointers.forEach { free($0) } }
            _ = xmpp_conn_open_stream(conn, &pointers, pointers.count)
        case XMPP_CONN_CONNECT:
            // The server opened its stream (libstrophe calls that "connected" in raw mode): authenticate.
            guard let ctx = component.context, !component.streamID.isEmpty,
                  let digest = xmpp_sha1(ctx, component.streamID + component.configuration.secret,
                                         (component.streamID + component.configuration.secret).utf8.count) else {
                component.lastFailure = "the server sent no stream id"
                xmpp_disconnect(conn)
                return
            }
            let handshake = "<handshake>\(String(cString: digest))</handshake>"
            xmpp_free(ctx, digest)
            xmpp_send_raw(conn, handshake, handshake.utf8.count)
        default:
            let text = streamError.flatMap { $0.pointee.text.map { String(cString: $0) } } ?? (error != 0 ? String(cString: strerror(error)) : "")
            component.lastFailure = text.isEmpty ? "disconnected" : text
            component.setConnected(false)
        }
    }

    private static let handshakeStanza: xmpp_handler = { _, _, userdata in
        guard let userdata else { return 0 }
        let component = Unmanaged<XMPPComponent>.fromOpaque(userdata).takeUnretainedValue()
        component.setConnected(true)
        component.logger.notice("xmpp: connected as component \(component.configuration.domain)")
        component.republish()
        return 0
    }

    /// libstrophe's log: errors to ours; the stream header's id is kept for the handshake.
    private static let logLine: xmpp_log_handler = { userdata, level, area, message in
        guard let userdata, let message else { return }
        let component = Unmanaged<XMPPComponent>.fromOpaque(userdata).takeUnretainedValue()
        let text = String(cString: message)
        if let open = text.range(of: "RECV: <stream:stream"), let id = text[open.upperBound...].range(of: #" id=["'][^"']+"#, options: .regularExpression) {
            component.streamID = String(text[id].dropFirst(5))
        }
        if level == XMPP_LEVEL_ERROR { component.logger.error("xmpp: \(text)") }
    }

    /// After (re)connecting: every subscriber sees every subscribed service's current presence again.
    private func republish() {
        var items: [Outgoing] = []
        for subscription in directory.subscriptions() {
            if let presence = directory.presence(ofService: subscription.node) {
                items.append(.presence(node: subscription.node, to: subscription.subscriber, presence))
            }
        }
        lock.lock()
        queue.insert(contentsOf: items, at: 0)
        pendingDue = true
        lock.unlock()
    }

    /// Sends the directory's stored messages, then has it forget them; a full batch asks for the next.
    private func drainStored(_ conn: OpaquePointer, _ ctx: OpaquePointer) {
        let pending = directory.pendingMessages()
        guard !pending.isEmpty else { return }
        for message in pending { sendMessage(conn, ctx, from: jid(of: message.node), to: message.to, body: message.body) }
        directory.delivered(pending.map(\.id))
        sendPending()
    }

    private func drainQueue(_ conn: OpaquePointer, _ ctx: OpaquePointer) {
        lock.lock()
        let items = queue
        queue.removeAll()
        lock.unlock()
        for item in items {
            switch item {
            case .presence(let node, let to, let presence):
                sendPresence(conn, ctx, from: jid(of: node), to: to, presence)
            case .message(let node, let to, let body):
                sendMessage(conn, ctx, from: jid(of: node), to: to, body: body)
            }
        }
    }

    private func sendPresence(_ conn: OpaquePointer, _ ctx: OpaquePointer, from: String, to: String, _ presence: ServicePresence) {
        guard let stanza = xmpp_presence_new(ctx) else { return }
        defer { xmpp_stanza_release(stanza) }
        xmpp_stanza_set_from(stanza, from)
        xmpp_stanza_set_to(stanza, to)
        if presence.show == .unavailable {
            xmpp_stanza_set_type(stanza, "unavailable")
        } else if presence.show != .available {
            addChild(ctx, to: stanza, name: "show", text: presence.show.rawValue)
        }
        if !presence.status.isEmpty { addChild(ctx, to: stanza, name: "status", text: presence.status) }
        xmpp_send(conn, stanza)
    }

    private func sendType(_ conn: OpaquePointer, _ ctx: OpaquePointer, type: String, from: String, to: String) {
        guard let stanza = xmpp_presence_new(ctx) else { return }
        defer { xmpp_stanza_release(stanza) }
        xmpp_stanza_set_from(stanza, from)
        xmpp_stanza_set_to(stanza, to)
        xmpp_stanza_set_type(stanza, type)
        xmpp_send(conn, stanza)
    }

    private func sendMessage(_ conn: OpaquePointer, _ ctx: OpaquePointer, from: String, to: String, body: String) {
        guard let stanza = xmpp_message_new(ctx, "chat", to, nil) else { return }
        defer { xmpp_stanza_release(stanza) }
        xmpp_stanza_set_from(stanza, from)
        xmpp_message_set_body(stanza, body)
        xmpp_send(conn, stanza)
    }

    private func addChild(_ ctx: OpaquePointer, to parent: OpaquePointer, name: String, text: String) {
        guard let child = xmpp_stanza_new(ctx), let content = xmpp_stanza_new(ctx) else { return }
        xmpp_stanza_set_name(child, name)
        xmpp_stanza_set_text(content, text)
        xmpp_stanza_add_child(child, content)
        xmpp_stanza_release(content)
        xmpp_stanza_add_child(parent, child)
        xmpp_stanza_release(child)
    }

    /// `alice@example.org/phone` → `alice@example.org`; `billing@services.example.org` → `billing`.
    static func bare(_ jid: String) -> String { String(jid.split(separator: "/", maxSplits: 1).first ?? "").lowercased() }

    private func node(of to: String) -> String? {
        let bare = Self.bare(to)
        guard let at = bare.lastIndex(of: "@"), bare[bare.index(after: at)...] == configuration.domain.lowercased() else { return nil }
        return String(bare[..<at])
    }

    private static let presenceStanza: xmpp_handler = { conn, stanza, userdata in
        guard let conn, let stanza, let userdata else { return 1 }
        let component = Unmanaged<XMPPComponent>.fromOpaque(userdata).takeUnretainedValue()
        component.handlePresence(conn, stanza)
        return 1
    }

    private static let messageStanza: xmpp_handler = { conn, stanza, userdata in
        guard let conn, let stanza, let userdata else { return 1 }
        let component = Unmanaged<XMPPComponent>.fromOpaque(userdata).takeUnretainedValue()
        component.handleMessage(conn, stanza)
        return 1
    }

    private func handlePresence(_ conn: OpaquePointer, _ stanza: OpaquePointer) {
        guard let ctx = context, let fromPointer = xmpp_stanza_get_from(stanza), let toPointer = xmpp_stanza_get_to(stanza),
              let node = node(of: String(cString: toPointer)) else { return }
        let from = Self.bare(String(cString: fromPointer))
        let service = jid(of: node)
        let type = xmpp_stanza_get_type(stanza).map { String(cString: $0) } ?? ""
        switch type {
        case "subscribe":
            guard directory.mayUse(from), let presence = directory.presence(ofService: node) else {
                logger.notice("xmpp: refused \(from)'s subscription to \(service)")
                sendType(conn, ctx, type: "unsubscribed", from: service, to: from)
                return
            }
            directory.subscribed(from, to: node)
            sendType(conn, ctx, type: "subscribed", from: service, to: from)
            sendPresence(conn, ctx, from: service, to: from, presence)
        case "unsubscribe":
            directory.unsubscribed(from, from: node)
            sendType(conn, ctx, type: "unsubscribed", from: service, to: from)
        case "probe":
            if directory.subscriptions().contains(PresenceSubscription(subscriber: from, node: node)),
               let presence = directory.presence(ofService: node) {
                sendPresence(conn, ctx, from: service, to: from, presence)
            }
        default:
            break
        }
    }

    private func handleMessage(_ conn: OpaquePointer, _ stanza: OpaquePointer) {
        guard let ctx = context, let fromPointer = xmpp_stanza_get_from(stanza), let toPointer = xmpp_stanza_get_to(stanza),
              let node = node(of: String(cString: toPointer)) else { return }
        let type = xmpp_stanza_get_type(stanza).map { String(cString: $0) } ?? "normal"
        guard type != "error", let bodyPointer = xmpp_message_get_body(stanza) else { return }
        let body = String(cString: bodyPointer)
        xmpp_free(ctx, bodyPointer)
        let from = String(cString: fromPointer)
        let bare = Self.bare(from)
        let reply = directory.mayCommand(bare)
            ? directory.command(String(body.prefix(1000)), from: bare, to: node)
            : "Only people known to Forewarn may send commands to \(jid(of: node))."
        sendMessage(conn, ctx, from: jid(of: node), to: from, body: reply)
    }
}
