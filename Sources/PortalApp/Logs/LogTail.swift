import Foundation
import Logging
import PortalCore
import PortalHTTP
import PortalStore
import Synchronization

/// The live tail of `/logs?live=1`: Server-Sent Events of new log messages matching each client's filters (those of
/// `/logs`, except the time range), with the message id as the event id, so a client that reconnects with
/// `Last-Event-ID` gets exactly what it missed. Messages are read from the database twice a second, so every serve
/// process streams what any of them (or a bridge) stored. The server's stream cap (`maxStreams`) covers these streams too.
public final class LogTail: @unchecked Sendable {
    private struct Subscriber {
        let stream: ResponseStream
        let query: LogQuery
        var lastID: Int64
    }
    private struct State {
        var subscribers: [ObjectIdentifier: Subscriber] = [:]
        var lastKeepAlive = Date()
    }
    private let state = Mutex(State())
    private let lock = NSLock()  // orders backlog replay against the poller, so no message is sent twice or skipped
    private var timer: DispatchSourceTimer?
    /// At most this many missed messages are replayed on a reconnect (the newest are kept out: the client asks again).
    static let replayLimit = 5000

    public init() {}

    deinit { timer?.cancel() }

    func start(store: Store, logger: Logger) {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "forewarn.logtail"))
        timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
        timer.setEventHandler { [weak self, weak store] in
            guard let self, let store else { return }
            do { try poll(store: store) } catch { logger.error("log tail failed: \(error)") }
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

    /// The filters without their time range or paging: the tail follows ids.
    static func unbounded(_ query: LogQuery) -> LogQuery {
        var query = query
        query.from = Date(timeIntervalSince1970: 0)
        query.to = Date(timeIntervalSince1970: 32_503_680_000)  // year 3000
        query.page = 1
        return query
    }

    /// A query matching every message, for tests.
    public static func unboundedForTests() -> LogQuery { unbounded(LogQuery(from: Date(), to: Date())) }

    /// Opens a stream: replays the matching messages after `lastEventID` (none when nil: from now), then follows.
    func open(store: Store, query: LogQuery, lastEventID: Int64?) throws -> ResponseStream {
        let query = Self.unbounded(query)
        let stream = ResponseStream()
        lock.lock()
        defer { lock.unlock() }
        var cursor = try lastEventID ?? store.read { try LogStore.lastID($0) }
        var first = Array("retry: 3000\n\n".utf8)
        var replayed = 0
        while replayed < Self.replayLimit {
            let backlog = try store.read { try LogStore.after($0, id: cursor, query, limit: 1000) }
            for record in backlog { first += Self.format(record) }
            guard let last = backlog.last else { break }
            cursor = last.id
            replayed += backlog.count
        }
        stream.write(first)
        let key = ObjectIdentifier(stream)
        state.withLock { $0.subscribers[key] = Subscriber(stream: stream, query: query, lastID: cursor) }
        stream.onEnd { [weak self] in _ = self?.state.withLock { $0.subscribers.removeValue(forKey: key) } }
        return stream
    }

    /// Sends each stream its new matching messages, and a keep-alive comment every 15 s.
    func poll(store: Store) throws {
        lock.lock()
        defer { lock.unlock() }
        let subscribers = state.withLock { Array($0.subscribers) }
        guard !subscribers.isEmpty else { return }
        let keepAlive = state.withLock { s -> Bool in
            guard Date().timeIntervalSince(s.lastKeepAlive) >= LiveFeed.keepAliveInterval else { return false }
            s.lastKeepAlive = Date()
            return true
        }
        for (key, subscriber) in subscribers {
            let records = try store.read { try LogStore.after($0, id: subscriber.lastID, subscriber.query, limit: 1000) }
            var bytes = records.flatMap(Self.format)
            if bytes.isEmpty && keepAlive { bytes = Array(": keep-alive\n\n".utf8) }
            guard !bytes.isEmpty else { continue }
            subscriber.stream.write(bytes)
            if let last = records.last { state.withLock { $0.subscribers[key]?.lastID = last.id } }
        }
    }

    /// `id: 42` / `event: log` / `data: {...}` (the item of `GET /api/v1/logs`, on one line).
    static func format(_ record: LogRecord) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: LogsController.json(record), options: [.sortedKeys, .withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Array("id: \(record.id)\nevent: log\ndata: \(data)\n\n".utf8)
    }
}
