import Foundation
import Logging
import PortalCore
import PortalHTTP
import PortalStore
import Synchronization

/// Pushes service-level changes to `/live/events` clients. Changes come from the stored change log
/// (`service_level_events`), read once a second, so every serve process on the database streams them whichever one
/// computes them, and a client that reconnects with `Last-Event-ID` gets exactly what it missed. Every stream gets
/// every change: one read per second serves them all (`EventFeed`).
public final class LiveFeed: @unchecked Sendable {
    private let feed = EventFeed<Void>(label: "forewarn.live", interval: 1, source: .init(
        newest: { store in try store.read { try ServiceLevelStore.lastEventID($0) } },
        after: { store, id, _, limit in try store.read { try ServiceLevelStore.events($0, after: id, limit: limit) }.map { EventFeed<Void>.Item(id: $0.id, bytes: LiveFeed.format($0)) } },
        shared: true, batch: 5000, replayLimit: .max, channel: PostgresFeed.levels))

    public init() {}

    /// Starts polling the change log for `store` (once a second).
    func start(store: Store, logger: Logger) { feed.start(store: store, logger: logger) }

    func stop() { feed.stop() }

    /// Open streams.
    public var count: Int { feed.count }

    /// On PostgreSQL: whether the feed listens for the level triggers' notifications now.
    public var isListening: Bool { feed.isListening }

    /// Opens a stream: replays the changes after `lastEventID` (none when nil: the client starts from now), then follows.
    func open(store: Store, lastEventID: Int64?) throws -> ResponseStream {
        try feed.open(store: store, filter: (), lastEventID: lastEventID)
    }

    /// Sends new changes to every stream and a keep-alive comment every 15 s.
    func poll(store: Store) throws { try feed.poll(store: store) }

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
