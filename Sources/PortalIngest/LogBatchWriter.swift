import Foundation
import PortalCore
import PortalStore

/// Writes log messages in batches through the store's one writer: one transaction per 100 ms or 5,000 messages,
/// whichever comes first. The queue is bounded: UDP drops when full (counted), TCP waits (stops reading), HTTP is
/// told to come back later (503) — memory never grows without bound.
public final class LogBatchWriter: @unchecked Sendable {
    /// How an all-or-nothing submission ended.
    public enum Outcome: Sendable, Equatable {
        /// Committed: every message is in the database.
        case committed(Int)
        /// The queue has no room for the whole batch; nothing was taken.
        case full
        /// The transaction failed (storage full, ...); nothing of the batch is stored.
        case failed(String)
    }

    public let store: Store
    public let counters: IngestCounters
    public let capacity: Int
    public let maxBatch: Int
    public let interval: TimeInterval
    /// Fills the full-text index behind the commits (woken after each one; started and stopped with the writer); nil:
    /// nobody indexes (tests of the writer).
    public let indexer: LogIndexer?
    /// Called on the writer thread right after each commit with the messages written and their row ids. Set it before
    /// `start`. (The log rules run after indexing: `LogIndexer.onIndexed`.)
    public var onCommit: (@Sendable ([LogInsert], ClosedRange<Int64>) -> Void)?

    private let life = WorkerThread()
    private var condition: NSCondition { life.condition }
    private var stopped: Bool { life.stopped }
    private var queue: [LogMessage] = []
    private var queueHead = 0
    /// Sequence number of the next message queued, and of the last one whose batch is finished (written or failed).
    private var nextSequence: Int64 = 0
    private var doneThrough: Int64 = -1
    private var failedRanges: [(ClosedRange<Int64>, String)] = []
    /// HTTP submitters waiting for their commit: the writer then commits what is queued at once instead of gathering
    /// for `interval` (group commit: requests arriving during a commit share the next transaction).
    private var waiting = 0
    /// The id of the newest message this writer committed.
    private var lastCommitted: Int64 = 0
    private var products: [String: LogProductRecord] = [:]
    private var productsLoadedAt = Date.distantPast

    public init(store: Store, counters: IngestCounters = IngestCounters(), capacity: Int = 100_000, maxBatch: Int = 5_000, interval: TimeInterval = 0.1,
                indexer: LogIndexer? = nil) {
        self.store = store
        self.indexer = indexer
        self.counters = counters
        self.capacity = capacity
        self.maxBatch = maxBatch
        self.interval = interval
    }

    /// Starts the writer (and its indexer).
    public func start() {
        indexer?.start()
        life.start(name: "forewarn-log-writer") { [self] in run() }
    }

    /// Writes what is queued, then stops; its indexer indexes what was written, then stops too.
    public func stop() {
        if life.stop() { indexer?.stop() }
    }

    private var pending: Int { queue.count - queueHead }

    /// The id of the newest message this writer has committed (0: none yet).
    public var lastCommittedID: Int64 {
        condition.lock()
        defer { condition.unlock() }
        return lastCommitted
    }

    /// Waits until every message this writer has committed so far is searchable and judged by the rules (a
    /// deterministic hook for tests). False without an indexer, after `timeout`, or when the indexer stopped.
    @discardableResult
    public func waitUntilSearchable(timeout: TimeInterval = 30) -> Bool {
        guard let indexer else { return false }
        return indexer.waitUntilIndexed(through: lastCommittedID, timeout: timeout)
    }

    /// Queues one message unless the queue is full (UDP: the caller counts the drop).
    public func offer(_ message: LogMessage) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped, pending < capacity else { return false }
        append([message])
        return true
    }

    /// Queues messages, waiting while the queue is full (TCP: the receiver stops reading meanwhile). False once stopped.
    @discardableResult
    public func put(_ messages: [LogMessage]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        var rest = messages[...]
        while !rest.isEmpty {
            while !stopped && pending >= capacity { condition.wait() }
            if stopped { return false }
            let room = capacity - pending
            append(Array(rest.prefix(room)))
            rest = rest.dropFirst(room)
        }
        return true
    }

    /// Queues the whole batch or nothing, and waits until its transaction has committed (HTTP: 202 means stored).
    public func submitAndWait(_ messages: [LogMessage]) -> Outcome {
        guard !messages.isEmpty else { return .committed(0) }
        condition.lock()
        defer { condition.unlock() }
        guard !stopped, pending + messages.count <= capacity else { return .full }
        let first = nextSequence
        append(messages)
        let last = nextSequence - 1
        waiting += 1
        condition.broadcast()
        while doneThrough < last { condition.wait() }
        waiting -= 1
        if let failure = failedRanges.first(where: { $0.0.overlaps(first...last) }) { return .failed(failure.1) }
        return .committed(messages.count)
    }

    private func append(_ messages: [LogMessage]) {
        let wasEmpty = pending == 0
        queue.append(contentsOf: messages)
        nextSequence += Int64(messages.count)
        counters.add(IngestCounters.received, messages.count)
        if wasEmpty || pending >= maxBatch { condition.broadcast() }
    }

    private func run() {
        while true {
            condition.lock()
            while pending == 0 && !stopped { condition.wait() }
            if pending == 0 && stopped {
                condition.unlock()
                break
            }
            // Gather for up to `interval` after the first message, until a batch is full, or until someone waits for a commit.
            let deadline = Date().addingTimeInterval(interval)
            while !stopped && pending < maxBatch && waiting == 0 && Date() < deadline { _ = condition.wait(until: deadline) }
            let take = min(maxBatch, pending)
            let batch = Array(queue[queueHead..<(queueHead + take)])
            queueHead += take
            if queueHead > 50_000 || queueHead == queue.count {
                queue.removeSubrange(0..<queueHead)
                queueHead = 0
            }
            let firstSequence = doneThrough + 1
            condition.broadcast()  // room for TCP senders waiting on a full queue
            condition.unlock()

            var failure: String?
            var written: [LogInsert] = []
            var lastID: Int64 = 0
            do {
                (written, lastID) = try write(batch)
                counters.add(IngestCounters.stored, batch.count)
            } catch {
                failure = "\(error)"
                counters.add(IngestCounters.writeFailures, batch.count)
            }
            condition.lock()
            if failure == nil { lastCommitted = max(lastCommitted, lastID) }
            doneThrough = firstSequence + Int64(batch.count) - 1
            if let failure {
                failedRanges.append((firstSequence...doneThrough, failure))
                if failedRanges.count > 1000 { failedRanges.removeFirst(500) }
            }
            condition.broadcast()
            condition.unlock()
            if failure == nil, !written.isEmpty {
                indexer?.wake()
                onCommit?(written, (lastID - Int64(written.count) + 1)...lastID)
            }
        }
    }

    /// One transaction: products resolved (created on first sight), stage decided, messages and versions inserted.
    private func write(_ batch: [LogMessage]) throws -> ([LogInsert], Int64) {
        let now = Date()
        if now.timeIntervalSince(productsLoadedAt) > 30 {
            // Links made since (a product mapped to its service) reach the writer within 30 s.
            products = try store.read { try LogProductStore.all($0) }
            productsLoadedAt = now
        }
        var created: [String: LogProductRecord] = [:]
        let (inserts, lastID) = try store.write { db -> ([LogInsert], Int64) in
            var inserts: [LogInsert] = []
            inserts.reserveCapacity(batch.count)
            for message in batch {
                var product: LogProductRecord?
                if !message.product.isEmpty {
                    product = products[message.product] ?? created[message.product]
                    if product == nil {
                        let found = try LogProductStore.findOrCreate(db, name: message.product, now: now)
                        created[message.product] = found
                        product = found
                    }
                }
                inserts.append(LogInsert(message: message, productID: product?.id, stage: message.stage ?? product?.serviceEnvironment))
            }
            // One writer: the batch's rows get consecutive ids ending at the last one inserted.
            return (inserts, try LogStore.insert(db, inserts))
        }
        products.merge(created) { _, new in new }
        return (inserts, lastID)
    }
}
