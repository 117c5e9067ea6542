import ForewarnTestSupport
import Foundation
import PortalCore
import PortalIngest
import PortalStore
import Testing

@Suite("Log batch writer and store")
struct LogBatchWriterTests {
    func store() throws -> Store { try Store(path: temporaryDirectory() + "/logs.sqlite", synchronous: "NORMAL") }

    @Test func committedBatchesAreSearchableWithTheirFields() throws {
        let store = try store()
        try store.write { db in
            try db.run("INSERT INTO services (name, environment, tier) VALUES ('billing-api', 'PROD', 1)")
        }
        let writer = LogBatchWriter(store: store, indexer: LogIndexer(store: store))
        writer.start()
        defer { writer.stop() }
        let now = Date()
        let outcome = writer.submitAndWait([
            LogMessage(time: now, level: .error, message: "payment gateway timeout after 30s", product: "billing-api", version: "2.4.1", host: "web-1"),
            LogMessage(time: now, level: .info, message: "invoice 17 sent", product: "billing-api", version: "2.4.1", stage: .test),
            LogMessage(time: now, level: .warning, message: "disk almost full", product: "backup"),
        ])
        #expect(outcome == .committed(3))
        var query = LogQuery(from: now.addingTimeInterval(-60), to: now.addingTimeInterval(60))
        // Committed: found at once without a text query; searchable once the indexer has caught up.
        #expect(try store.read { try LogStore.search($0, query) }.records.count == 3)
        #expect(writer.waitUntilSearchable())
        query.text = "gateway"
        let found = try store.read { try LogStore.search($0, query) }.records
        #expect(found.count == 1)
        #expect(found.first?.stage == .prod)  // from the service of the same name
        #expect(found.first?.serviceName == "billing-api")
        #expect(found.first?.host == "web-1")
        query.text = "\"invoice 17\""
        #expect(try store.read { try LogStore.search($0, query) }.records.first?.stage == .test)
        query.text = "pay*"
        #expect(try store.read { try LogStore.search($0, query) }.records.count == 1)
        query.text = nil
        query.minimumLevel = .warning
        #expect(try store.read { try LogStore.search($0, query) }.records.count == 2)
        query.minimumLevel = nil
        query.product = "billing-api"
        query.stage = .prod
        #expect(try store.read { try LogStore.search($0, query) }.records.count == 1)
        query.text = "\"unbalanced"
        #expect(throws: LogSearchError.self) { try store.read { try LogStore.search($0, query) } }
        let versions = try store.read { db in try LogStore.versions(db, serviceID: 1) }
        #expect(versions.map(\.stage).sorted() == ["PROD", "TEST"])
    }

    @Test func aFullQueueRefusesWholeBatchesAndDropsOffers() throws {
        let writer = LogBatchWriter(store: try store(), capacity: 10)
        // Not started: nothing drains the queue.
        let message = LogMessage(time: Date(), level: .info, message: "x")
        #expect(writer.submitAndWait(Array(repeating: message, count: 11)) == .full)
        for _ in 0..<10 { #expect(writer.offer(message)) }
        #expect(!writer.offer(message))
        writer.start()
        writer.stop()
        #expect(writer.counters.value(IngestCounters.stored) == 10)
    }

    @Test func manyMessagesGoInFewTransactions() throws {
        let store = try store()
        let writer = LogBatchWriter(store: store, indexer: LogIndexer(store: store))
        writer.start()
        let message = LogMessage(time: Date(), level: .info, message: "hello world", product: "p")
        for _ in 0..<20 { #expect(writer.put(Array(repeating: message, count: 1000))) }
        writer.stop()
        #expect(try store.read { try LogStore.count($0) } == 20_000)
        #expect(try LogIndexerTests.indexedDocuments(store) == 20_000, "stop indexes what was written")
        let purged = try store.write { try LogStore.purge($0, before: Date().addingTimeInterval(60)) }
        #expect(purged == 20_000)
        var query = LogQuery(from: .distantPast, to: .distantFuture)
        query.text = "hello"
        #expect(try store.read { try LogStore.search($0, query) }.records.isEmpty)
        #expect(try LogIndexerTests.indexedDocuments(store) == 0, "the purge took the messages out of the index")
        try LogIndexerTests.checkIntegrity(store)
    }

    /// An HTTP batch is committed as soon as the writer is free, not after the gathering window (group commit); syslog
    /// messages alone still wait for the window or a full batch.
    @Test func aWaitingSubmitterDoesNotWaitOutTheGatheringWindow() throws {
        let store = try store()
        let writer = LogBatchWriter(store: store, interval: 30)
        writer.start()
        defer { writer.stop() }
        let message = LogMessage(time: Date(), level: .info, message: "streamed", product: "p")
        #expect(writer.put([message]))
        usleep(300_000)
        #expect(try store.read { try LogStore.count($0) } == 0, "a streamed message waits for the 30 s window")
        let started = Date()
        #expect(writer.submitAndWait([LogMessage(time: Date(), level: .info, message: "posted", product: "p")]) == .committed(1))
        #expect(Date().timeIntervalSince(started) < 15, "committed without waiting out the 30 s window")
        #expect(try store.read { try LogStore.count($0) } == 2, "the streamed message went in the same transaction")
    }
}
