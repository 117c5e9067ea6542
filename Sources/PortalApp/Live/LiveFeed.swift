import Foundation
import Logging
import PortalCore
import PortalHTTP
import PortalStore
import Synchronization

/// Pushes service-level changes to `/live/events` clients. Changes come from the stored change log
/// (`service_level_events`), read once a second, so every serve process on the database streams them whichever one
/// computes them, and a client that reconnects with `Last-Event-ID` gets exactly what it missed.
public final class LiveFeed: @unchecked Sendable {
    private struct Subscriber {
        let stream: ResponseStream
        var lastID: Int64
    }
    private struct State {
        var subscribers: [ObjectIdentifier: Subscriber] = [:]
        var lastKeepAlive = Date()
    }
    private let state = Mutex(State())
    private let lock = NSLock()  // orders backlog replay against the poller, so no event is sent twice or skipped
    private var timer: DispatchSourceTimer?
    /// Seconds between keep-alive comments on idle streams.
    static let keepAliveInterval: TimeInterval = 15

    public init() {}

    deinit { timer?.cancel() }

    /// Starts polling the change log for `store` (once a second).
    func start(store: Store, logger: Logger) {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "forewarn.live"))
        timer.schedule(deadline: .now() + 1, repeating: 1)
        // Weak: a feed left running must not keep the store (and its file descriptors) of a stopped application alive.
        timer.setEventHandler { [weak self, weak store] in
            guard let self, let store else { return }
            do { try poll(store: store) } catch { logger.error("live feed failed: \(error)") }
        }
        timer.resume()
        self.timer = timer
    }

    func stop() {
        timer?.cancel()
        timer = nil
        for subscriber in state.withLock({ Array($0.subscribers.values) }) { subscriber.stream.close() }
    }

    /// Open streams.
    public var count: Int { state.withLock { $0.subscribers.count } }

    /// Opens a stream: replays the changes after `lastEventID` (none when nil: the client starts from now), then follows.
    func open(store: Store, lastEventID: Int64?) throws -> ResponseStream {
        let stream = ResponseStream()
        lock.lock()
        defer { lock.unlock() }
        var cursor = try lastEventID ?? store.read { try ServiceLevelStore.lastEventID($0) }
        var first = Array("retry: 3000\n\n".utf8)
        while true {
            let backlog = try store.read { try ServiceLevelStore.events($0, after: cursor) }
            for event in backlog { first += Self.format(event) }
            guard let last = backlog.last else { break }
            cursor = last.id
        }
        stream.write(first)
        let key = ObjectIdentifier(stream)
        state.withLock { $0.subscribers[key] = Subscriber(stream: stream, lastID: cursor) }
        stream.onEnd { [weak self] in _ = self?.state.withLock { $0.subscribers.removeValue(forKey: key) } }
        return stream
    }

    /// Sends new changes to every stream and a keep-alive comment every 15 s.
    func poll(store: Store) throws {
        lock.lock()
        defer { lock.unlock() }
        let subscribers = state.withLock { Array($0.subscribers) }
        guard !subscribers.isEmpty else { return }
        let oldest = subscribers.map(\.value.lastID).min() ?? 0
        let events = try store.read { try ServiceLevelStore.events($0, after: oldest, limit: 5000) }
        let keepAlive = state.withLock { s -> Bool in
            guard Date().timeIntervalSince(s.lastKeepAlive) >= Self.keepAliveInterval else { return false }
            s.lastKeepAlive = Date()
            return true
        }
        for (key, subscriber) in subscribers {
            var bytes: [UInt8] = []
            var last = subscriber.lastID
            for event in events where event.id > last {
                bytes += Self.format(event)
                last = event.id
            }
            if bytes.isEmpty && keepAlive { bytes = Array(": keep-alive\n\n".utf8) }
            guard !bytes.isEmpty else { continue }
            subscriber.stream.write(bytes)
            state.withLock { $0.subscribers[key]?.lastID = last }
        }
    }

    /// `id: 12` / `event: level` / `data: {...}`: one Server-Sent Event per change.
    static func format(_ event: ServiceLevelStore.Event) -> [UInt8] {
        let data = LiveJSON.encode(LiveJSON.Level(event.state, at: event.at, eventID: event.id))
        return Array("id: \(event.id)\nevent: level\ndata: \(data)\n\n".utf8)
    }
}

/// The JSON shape of a level, shared by `/api/v1/service-levels` and the event stream.
enum LiveJSON {
    struct Level: Encodable {
        let subject: String
        let kind: String
        let name: String
        let level: String
        let percent: Double?
        let mood: String
        let reason: String
        let at: String?
        let eventID: Int64?

        init(_ state: ServiceLevelState, at: Date?, eventID: Int64?) {
            subject = state.subject.key
            kind = state.subject.kindName
            name = state.name
            level = state.levelText
            percent = state.percent.map { ($0 * 1000).rounded(.down) / 1000 }
            mood = state.mood.rawValue
            reason = state.reason
            self.at = at.map(StoreTime.format)
            self.eventID = eventID
        }

        enum CodingKeys: String, CodingKey {
            case subject, kind, name, level, percent, mood, reason, at
            case eventID = "event_id"
        }
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
