import ForewarnTestSupport
import Foundation
import PortalCore
import PortalIngest
import PortalStore
import Testing

/// The full-text index is filled behind the commit: every committed message becomes searchable exactly once, also
/// when indexing stops half way (a crash inside or between index transactions) and another indexer resumes.
@Suite("Log full-text indexer")
struct LogIndexerTests {
    func store(_ path: String) throws -> Store { try Store(path: path, synchronous: "NORMAL") }

    /// How many messages the FTS5 index holds (one `_docsize` row per indexed message: a message indexed twice or
    /// not at all shows here).
    static func indexedDocuments(_ store: Store) throws -> Int {
        Int(try store.read { db -> Int64 in
            if case .integer(let n)? = try db.scalar("SELECT count(*) FROM log_messages_fts_docsize") { return n }
            return -1
        })
    }

    /// FTS5's own check that the index holds exactly the stored messages' words (external content: against `log_messages`).
    static func checkIntegrity(_ store: Store) throws {
        try store.write { db in _ = try db.run("INSERT INTO log_messages_fts (log_messages_fts, rank) VALUES ('integrity-check', 1)") }
    }

    static func messages(_ count: Int, word: String, start: Date) -> [LogInsert] {
        (0..<count).map { i in
            LogInsert(message: LogMessage(time: start.addingTimeInterval(Double(i) / 10), level: .info, message: "\(word) number\(i) tail"),
                      productID: nil, stage: .prod)
        }
    }

    static func found(_ store: Store, _ text: String) throws -> Int {
        var query = LogQuery(from: .distantPast, to: .distantFuture)
        query.text = text
        query.perPage = 1000
        return try store.read { try LogStore.search($0, query) }.records.count
    }

    @Test func committedMessagesAreNotFoundUntilIndexedThenExactlyOnce() throws {
        let store = try store(temporaryDirectory() + "/logs.sqlite")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try store.write { _ = try LogStore.insert($0, Self.messages(2_500, word: "alpha", start: start)) }
        // Stored, not yet searchable: a text query finds nothing of it, a query without text finds it all.
        #expect(try Self.found(store, "alpha") == 0)
        var all = LogQuery(from: .distantPast, to: .distantFuture)
        all.perPage = 1000
        #expect(try store.read { try LogStore.search($0, all) }.hasMore)
        #expect(try store.read { try LogFullTextIndex.pending($0) } == 2_500)
        // Three index transactions of at most 1,000.
        var ranges: [ClosedRange<Int64>] = []
        while let range = try store.write({ try LogFullTextIndex.catchUp($0, limit: 1_000) }) { ranges.append(range) }
        #expect(ranges == [1...1_000, 1_001...2_000, 2_001...2_500])
        #expect(try Self.found(store, "alpha") == 1000)
        #expect(try Self.found(store, "number2499") == 1)
        #expect(try Self.indexedDocuments(store) == 2_500)
        try Self.checkIntegrity(store)
    }

    /// A live tail with a text query reads only up to the mark: it never steps past a match that is not indexed yet,
    /// and shows it once it is (without a query it sees every committed message at once).
    @Test func aTailWithATextQueryWaitsForTheIndex() throws {
        let store = try store(temporaryDirectory() + "/logs.sqlite")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try store.write { _ = try LogStore.insert($0, Self.messages(30, word: "theta", start: start)) }
        var query = LogQuery(from: .distantPast, to: .distantFuture)
        #expect(try store.read { try LogStore.after($0, id: 0, query) }.count == 30)
        query.text = "theta"
        #expect(try store.read { try LogStore.after($0, id: 0, query) }.isEmpty)
        #expect(try store.write { try LogFullTextIndex.catchUp($0, limit: 10) } == 1...10)
        #expect(try store.read { try LogStore.after($0, id: 0, query) }.map(\.id) == Array(1...10))
        while try store.write({ try LogFullTextIndex.catchUp($0) }) != nil {}
        #expect(try store.read { try LogStore.after($0, id: 10, query) }.map(\.id) == Array(11...30))
    }

    /// Deleting the newest messages must not let new ones reuse ids at or below the mark (they would never be indexed),
    /// and deleting messages not yet indexed must not touch the index.
    @Test func deletesBeforeAndAfterIndexingKeepTheIndexExact() throws {
        let store = try store(temporaryDirectory() + "/logs.sqlite")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try store.write { _ = try LogStore.insert($0, Self.messages(300, word: "beta", start: start)) }
        while try store.write({ try LogFullTextIndex.catchUp($0) }) != nil {}
        // Every message goes (the newest included), then new ones come.
        #expect(try store.write { try LogStore.purge($0, before: .distantFuture) } == 300)
        #expect(try Self.indexedDocuments(store) == 0)
        let last = try store.write { try LogStore.insert($0, Self.messages(50, word: "gamma", start: start)) }
        #expect(last == 350, "ids continue above the mark (300), not at 1")
        // Some of the unindexed ones are deleted before the indexer comes: the index is not asked to remove them.
        #expect(try store.write { try LogStore.purge($0, before: start.addingTimeInterval(2)) } == 20)
        while try store.write({ try LogFullTextIndex.catchUp($0) }) != nil {}
        #expect(try Self.found(store, "gamma") == 30)
        #expect(try Self.found(store, "beta") == 0)
        #expect(try Self.indexedDocuments(store) == 30)
        try Self.checkIntegrity(store)
    }

    /// A crash inside an index transaction rolls it back (mark and index together); a crash between transactions keeps
    /// what was committed. A new indexer (the restarted process) resumes at the mark: every message indexed, none twice.
    @Test func aRestartMidIndexingResumesAtTheMark() throws {
        let path = temporaryDirectory() + "/logs.sqlite"
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        struct Crash: Error {}
        do {
            let store = try store(path)
            try store.write { _ = try LogStore.insert($0, Self.messages(5_000, word: "delta", start: start)) }
            #expect(try store.write { try LogFullTextIndex.catchUp($0, limit: 2_000) } == 1...2_000)
            #expect(throws: Crash.self) {
                try store.write { db in
                    _ = try LogFullTextIndex.catchUp(db, limit: 2_000)
                    throw Crash()  // the process dies before this index transaction commits
                }
            }
            #expect(try store.read { try LogFullTextIndex.indexedThrough($0) } == 2_000)
            store.close()
        }
        let store = try store(path)
        #expect(try Self.indexedDocuments(store) == 2_000)
        let indexer = LogIndexer(store: store, chunk: 1_500)
        let judged = Locked<[ClosedRange<Int64>]>([])
        indexer.onIndexed = { range in judged.mutate { $0.append(range) } }
        indexer.start()
        defer { indexer.stop() }
        #expect(indexer.waitUntilIndexed(through: 5_000), "the restarted indexer catches up at start")
        #expect(judged.value == [2_001...3_500, 3_501...5_000], "the rules see every message not judged before, once")
        #expect(try Self.indexedDocuments(store) == 5_000)
        #expect(try Self.found(store, "number4999") == 1)
        #expect(try Self.found(store, "number0") == 1)
        try Self.checkIntegrity(store)
    }

    /// Through the batch writer: each HTTP-style batch is committed, then searchable once the indexer reports it.
    @Test func everyCommittedBatchBecomesSearchable() throws {
        let store = try store(temporaryDirectory() + "/logs.sqlite")
        let writer = LogBatchWriter(store: store, indexer: LogIndexer(store: store))
        writer.start()
        defer { writer.stop() }
        let now = Date()
        for batch in 0..<20 {
            let messages = (0..<250).map { LogMessage(time: now, level: .info, message: "epsilon batch\(batch) item\($0)") }
            #expect(writer.submitAndWait(messages) == .committed(250))
        }
        #expect(writer.waitUntilSearchable())
        #expect(writer.indexer?.indexedThrough == writer.lastCommittedID)
        #expect(writer.lastCommittedID == 5_000)
        for batch in [0, 7, 19] { #expect(try Self.found(store, "batch\(batch)") == 250) }
        #expect(try Self.indexedDocuments(store) == 5_000)
        try Self.checkIntegrity(store)
    }
}

@Suite("Log full-text index in a copied database")
struct LogIndexCopyTests {
    /// `forewarn copy` leaves the FTS5 table out: the target indexes what the source had indexed (up to the copied
    /// mark) in the copy's transaction, and its own indexer the rest, so the rules judge only what the source had not.
    @Test func aCopyIndexesWhatTheSourceHadIndexedAndLeavesTheRestToItsIndexer() throws {
        let source = try Store(path: temporaryDirectory() + "/source.sqlite", synchronous: "NORMAL")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try source.write { _ = try LogStore.insert($0, LogIndexerTests.messages(1_000, word: "zeta", start: start)) }
        #expect(try source.write { try LogFullTextIndex.catchUp($0, limit: 600) } == 1...600)
        let target = try Store(path: temporaryDirectory() + "/target.sqlite", synchronous: "NORMAL")
        _ = try DatabaseCopy.copy(from: source, to: target)
        #expect(try target.read { try LogFullTextIndex.indexedThrough($0) } == 600)
        #expect(try LogIndexerTests.indexedDocuments(target) == 600)
        #expect(try LogIndexerTests.found(target, "number599") == 1)
        #expect(try LogIndexerTests.found(target, "number600") == 0, "not indexed in the source: left to the target's indexer")
        let indexer = LogIndexer(store: target)
        let judged = Locked<[ClosedRange<Int64>]>([])
        indexer.onIndexed = { range in judged.mutate { $0.append(range) } }
        indexer.start()
        defer { indexer.stop() }
        #expect(indexer.waitUntilIndexed(through: 1_000))
        #expect(judged.value == [601...1_000])
        #expect(try LogIndexerTests.indexedDocuments(target) == 1_000)
        try LogIndexerTests.checkIntegrity(target)
    }
}
