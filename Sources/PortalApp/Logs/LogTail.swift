import Foundation
import Logging
import PortalCore
import PortalHTTP
import PortalStore

/// The live tail of `/logs?live=1`: Server-Sent Events of new log messages matching each client's filters (those of
/// `/logs`, except the time range), with the message id as the event id, so a client that reconnects with
/// `Last-Event-ID` gets exactly what it missed. Messages are read from the database twice a second, so every serve
/// process streams what any of them (or a bridge) stored. The server's stream cap (`maxStreams`) covers these streams too.
public final class LogTail: @unchecked Sendable {
    /// At most this many missed messages are replayed on a reconnect (the newest are kept out: the client asks again).
    static let replayLimit = 5000
    private let feed = EventFeed<LogQuery>(label: "forewarn.logtail", interval: 0.5, source: .init(
        newest: { store in try store.read { try LogStore.lastID($0) } },
        after: { store, id, query, limit in try store.read { try LogStore.after($0, id: id, query, limit: limit) }.map { EventFeed<LogQuery>.Item(id: $0.id, bytes: LogTail.format($0)) } },
        shared: false, batch: 1000, replayLimit: LogTail.replayLimit, channel: PostgresFeed.logs))

    public init() {}

    func start(store: Store, logger: Logger) { feed.start(store: store, logger: logger) }

    func stop() { feed.stop() }

    /// Open streams.
    public var count: Int { feed.count }

    /// On PostgreSQL: whether the tail listens for the log triggers' notifications now.
    public var isListening: Bool { feed.isListening }

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
        try feed.open(store: store, filter: Self.unbounded(query), lastEventID: lastEventID)
    }

    /// Sends each stream its new matching messages, and a keep-alive comment every 15 s.
    func poll(store: Store) throws { try feed.poll(store: store) }

    /// `id: 42` / `event: log` / `data: {...}` (the item of `GET /api/v1/logs`, on one line).
    static func format(_ record: LogRecord) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: LogsController.json(record), options: [.sortedKeys, .withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Array("id: \(record.id)\nevent: log\ndata: \(data)\n\n".utf8)
    }
}
