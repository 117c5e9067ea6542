import Foundation
import Logging
import PortalHTTP
import PortalStore
import Synchronization

/// Server-Sent Events over a stored, id-ordered log (level changes, log messages): each subscriber has a filter and the
/// id of the last item it was sent; a timer reads what is new and writes it to the streams; a stream opened with
/// `Last-Event-ID` first gets what it missed. Items come from the database, never memory, so every serve process
/// streams what any of them stored. `LiveFeed` (`/live/events`) and `LogTail` (`/logs?live=1`) are two of these.
/// On PostgreSQL a feed with a `channel` also listens for the `NOTIFY` a commit of new items sends (a trigger, whichever
/// instance wrote them) and reads at once; the timer then only catches up every `PostgresFeed.fallbackInterval`.
final class EventFeed<Filter: Sendable>: @unchecked Sendable {
    /// One item ready to send: its id and its whole event (`id:`, `event:`, `data:` lines).
    struct Item {
        let id: Int64
        let bytes: [UInt8]
    }

    /// How a feed reads its log.
    struct Source {
        /// The newest id now: where a stream without `Last-Event-ID` starts.
        let newest: @Sendable (Store) throws -> Int64
        /// Items after an id that match a filter, oldest first, at most `limit`.
        let after: @Sendable (Store, Int64, Filter, Int) throws -> [Item]
        /// Every subscriber gets every item (the filter matches everything): one read per poll serves all streams.
        let shared: Bool
        /// Items read per poll (per subscriber unless shared) and per replay step.
        let batch: Int
        /// At most this many missed items are replayed on a reconnect.
        let replayLimit: Int
        /// The PostgreSQL channel the triggers notify when items are added (nil: polling only).
        var channel: String? = nil
    }

    private struct Subscriber {
        let stream: ResponseStream
        let filter: Filter
        var lastID: Int64
    }
    private struct State {
        var subscribers: [ObjectIdentifier: Subscriber] = [:]
        var lastKeepAlive = Date()
    }
    private let state = Mutex(State())
    private let lock = NSLock()  // orders backlog replay against the poller, so no item is sent twice or skipped
    private var timer: DispatchSourceTimer?
    private var listener: PostgresListener?
    private let source: Source
    private let label: String
    private let interval: TimeInterval
    /// Seconds between keep-alive comments on idle streams.
    static var keepAliveInterval: TimeInterval { 15 }

    init(label: String, interval: TimeInterval, source: Source) {
        self.label = label
        self.interval = interval
        self.source = source
    }

    deinit { timer?.cancel() }

    /// Starts polling `store`.
    func start(store: Store, logger: Logger) {
        let queue = DispatchQueue(label: label)
        var every = interval
        if let channel = source.channel, case .postgres(let url) = store.location {
            every = max(interval, PostgresFeed.fallbackInterval)
            let listener = PostgresListener(url: url, channels: [channel]) { [weak self, weak store, label] _ in
                queue.async { [weak self, weak store] in
                    guard let self, let store else { return }
                    do { try self.poll(store: store) } catch { logger.error("\(label) failed: \(error)") }
                }
            }
            listener.start()
            self.listener = listener
        }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + every, repeating: every)
        // Weak: a feed left running must not keep the store (and its file descriptors) of a stopped application alive.
        timer.setEventHandler { [weak self, weak store, label] in
            guard let self, let store else { return }
            do { try poll(store: store) } catch { logger.error("\(label) failed: \(error)") }
        }
        timer.resume()
        self.timer = timer
    }

    /// Whether the feed listens for PostgreSQL notifications now (tests wait for it).
    var isListening: Bool { listener?.isListening ?? false }

    func stop() {
        listener?.stop()
        listener = nil
        timer?.cancel()
        timer = nil
        for subscriber in state.withLock({ Array($0.subscribers.values) }) { subscriber.stream.close() }
    }

    /// Open streams.
    var count: Int { state.withLock { $0.subscribers.count } }

    /// Opens a stream: replays the items after `lastEventID` that match `filter` (none when nil: from now), then follows.
    func open(store: Store, filter: Filter, lastEventID: Int64?) throws -> ResponseStream {
        let stream = ResponseStream()
        lock.lock()
        defer { lock.unlock() }
        var cursor = try lastEventID ?? source.newest(store)
        var first = Array("retry: 3000\n\n".utf8)
        var replayed = 0
        while replayed < source.replayLimit {
            let backlog = try source.after(store, cursor, filter, source.batch)
            for item in backlog { first += item.bytes }
            guard let last = backlog.last else { break }
            cursor = last.id
            replayed += backlog.count
        }
        stream.write(first)
        let key = ObjectIdentifier(stream)
        state.withLock { $0.subscribers[key] = Subscriber(stream: stream, filter: filter, lastID: cursor) }
        stream.onEnd { [weak self] in _ = self?.state.withLock { $0.subscribers.removeValue(forKey: key) } }
        return stream
    }

    /// Sends each stream its new items, and a keep-alive comment every 15 s to idle ones.
    func poll(store: Store) throws {
        lock.lock()
        defer { lock.unlock() }
        let subscribers = state.withLock { Array($0.subscribers) }
        guard let any = subscribers.first else { return }
        let keepAlive = state.withLock { s -> Bool in
            guard Date().timeIntervalSince(s.lastKeepAlive) >= Self.keepAliveInterval else { return false }
            s.lastKeepAlive = Date()
            return true
        }
        // Shared: one read from the oldest cursor, each item encoded once however many streams receive it.
        let oldest = subscribers.map(\.value.lastID).min() ?? 0
        let shared = try source.shared ? source.after(store, oldest, any.value.filter, source.batch) : []
        for (key, subscriber) in subscribers {
            let items = try source.shared ? shared.filter { $0.id > subscriber.lastID }
                : source.after(store, subscriber.lastID, subscriber.filter, source.batch)
            var bytes = items.flatMap(\.bytes)
            if bytes.isEmpty && keepAlive { bytes = Array(": keep-alive\n\n".utf8) }
            guard !bytes.isEmpty else { continue }
            subscriber.stream.write(bytes)
            if let last = items.last { state.withLock { $0.subscribers[key]?.lastID = last.id } }
        }
    }
}

/// The PostgreSQL channels the feeds listen on (the triggers of `PostgresMigrations` notify them).
enum PostgresFeed {
    /// New service-level changes (`service_level_events`): `/live/events`.
    static let levels = "forewarn_levels"
    /// New log messages (`log_messages`): `/logs?live=1`.
    static let logs = "forewarn_logs"
    /// Seconds between catch-up reads of a feed that listens (missed notifications, keep-alives).
    static let fallbackInterval: TimeInterval = 5
}
