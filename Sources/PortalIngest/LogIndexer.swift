import Foundation
import PortalStore

/// Fills the full-text index behind the batch writer's commits (`LogFullTextIndex`), on its own thread and in its own
/// transactions of up to `chunk` messages: a 202 means committed, a message is searchable a moment later. Woken by
/// the writer after each commit; gathers for `interval` so that one index transaction covers several commits (bulk
/// indexing costs a fraction of indexing row by row). At start it catches up with what a crash or another process
/// left unindexed.
public final class LogIndexer: @unchecked Sendable {
    public let store: Store
    public let chunk: Int
    public let interval: TimeInterval
    /// Called on the indexer thread after each index transaction with the ids it covered (the log rules run here, so
    /// an FTS rule sees the messages it judges). Set it before `start`.
    public var onIndexed: (@Sendable (ClosedRange<Int64>) -> Void)?

    private let life = WorkerThread()
    private var condition: NSCondition { life.condition }
    private var stopped: Bool { life.stopped }
    private var woken = true
    /// The mark as this process last saw it (after its own index transactions).
    private var indexed: Int64 = 0
    private var failures = 0
    private var exited = false

    public init(store: Store, chunk: Int = 20_000, interval: TimeInterval = 0.05) {
        self.store = store
        self.chunk = chunk
        self.interval = interval
    }

    public func start() {
        life.start(name: "forewarn-log-indexer") { [self] in run() }
    }

    /// Indexes what is committed, then stops.
    public func stop() {
        life.stop()
    }

    /// New messages were committed.
    public func wake() {
        condition.lock()
        woken = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until every message with an id up to `id` is searchable and the rules have judged it (tests: a
    /// deterministic hook, no sleeping). False after `timeout` or when the indexer stopped short of it.
    @discardableResult
    public func waitUntilIndexed(through id: Int64, timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        woken = true
        condition.broadcast()
        while indexed < id {
            if !life.running || exited { return false }
            if !condition.wait(until: deadline) { return indexed >= id }
        }
        return true
    }

    /// The id through which this process has seen every message indexed.
    public var indexedThrough: Int64 {
        condition.lock()
        defer { condition.unlock() }
        return indexed
    }

    private func run() {
        while true {
            condition.lock()
            while !woken && !stopped { condition.wait() }
            let last = !woken && stopped
            woken = false
            condition.unlock()
            if last { break }
            // Gather a few commits into one index transaction (not when stopping: write what is committed now).
            if !stopped && interval > 0 { Thread.sleep(forTimeInterval: interval) }
            catchUp()
            condition.lock()
            let done = stopped && !woken
            condition.unlock()
            if done { break }
        }
        condition.lock()
        exited = true
        condition.broadcast()
        condition.unlock()
    }

    /// Index transactions until nothing committed is left unindexed.
    private func catchUp() {
        while true {
            do {
                guard let range = try store.write({ try LogFullTextIndex.catchUp($0, limit: chunk) }) else {
                    let mark = try store.read { try LogFullTextIndex.indexedThrough($0) }
                    publish(mark)
                    return
                }
                failures = 0
                onIndexed?(range)
                publish(range.upperBound)
            } catch {
                // Storage trouble: the mark did not move, the rows stay for the next wake.
                failures += 1
                if failures > 3 { return }
                Thread.sleep(forTimeInterval: 0.1 * Double(failures))
            }
        }
    }

    private func publish(_ mark: Int64) {
        condition.lock()
        indexed = max(indexed, mark)
        condition.broadcast()
        condition.unlock()
    }
}
