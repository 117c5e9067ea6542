import Foundation
import Logging
import PortalStore

/// Follows the stored level changes (`service_level_events`) from the moment it starts and hands each new batch to
/// `deliver` — in an instance that does not compute levels itself (it does not hold the worker lock), so that its XMPP
/// presence shows changes another instance computed. The holder is told by its level worker directly and is skipped
/// here. Reads once a second on SQLite; on PostgreSQL when the level trigger notifies (`PostgresFeed.levels`) and
/// every 5 s to catch up.
final class LevelChangeFollower: @unchecked Sendable {
    private let store: Store
    private let logger: Logger
    private let isComputingLevels: @Sendable () -> Bool
    private let deliver: @Sendable ([ServiceLevelStore.Event]) -> Void
    private let queue = DispatchQueue(label: "forewarn.level-follower")
    private var timer: DispatchSourceTimer?
    private var listener: PostgresListener?
    /// The newest change seen; touched on `queue` only.
    private var cursor: Int64 = 0

    init(store: Store, logger: Logger, isComputingLevels: @escaping @Sendable () -> Bool,
         deliver: @escaping @Sendable ([ServiceLevelStore.Event]) -> Void) {
        self.store = store
        self.logger = logger
        self.isComputingLevels = isComputingLevels
        self.deliver = deliver
    }

    func start() {
        queue.sync { cursor = (try? store.read { try ServiceLevelStore.lastEventID($0) }) ?? 0 }
        var every: TimeInterval = 1
        if case .postgres(let url) = store.location {
            every = PostgresFeed.fallbackInterval
            let listener = PostgresListener(url: url, channels: [PostgresFeed.levels]) { [weak self] _ in
                self?.queue.async { [weak self] in self?.follow() }
            }
            listener.start()
            self.listener = listener
        }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + every, repeating: every)
        timer.setEventHandler { [weak self] in self?.follow() }
        timer.resume()
        self.timer = timer
    }

    func stop() {
        listener?.stop()
        listener = nil
        timer?.cancel()
        timer = nil
    }

    /// Whether it listens for PostgreSQL notifications now (tests wait for it).
    var isListening: Bool { listener?.isListening ?? false }

    /// Reads what is new; hands it on unless this instance computed it.
    private func follow() {
        do {
            while true {
                let events = try store.read { try ServiceLevelStore.events($0, after: cursor, limit: 1000) }
                guard let last = events.last else { return }
                cursor = last.id
                if !isComputingLevels() { deliver(events) }
            }
        } catch {
            logger.error("following level changes failed: \(error)")
        }
    }
}
