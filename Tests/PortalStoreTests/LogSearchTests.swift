import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

/// `LogStore.search` walks a common full-text query through the time range in slices: its pages must be exactly those
/// of sorting every match by time, however out of order the messages arrived.
@Suite("Log search by slices")
struct LogSearchTests {
    @Test(arguments: [("common word", "common", 1, 0.0), ("common word, page 4", "common", 4, 0.0), ("phrase", "\"rare phrase\"", 1, 0.0),
                      ("prefix", "comm*", 2, 0.0), ("common word after two quiet days", "common", 2, 172_800.0)])
    func pagesEqualSortingEveryMatch(name: String, text: String, page: Int, quiet: Double) throws {
        let store = try Store(path: temporaryDirectory() + "/logs.sqlite")
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var generator = SystemRandomNumberGenerator()
        // 7,000 messages over 6 hours stored in a shuffled order (ids do not follow time); a few share a timestamp.
        let offsets = (0..<7_000).map { _ in Double(Int.random(in: 0..<21_600, using: &generator)) }
        try store.write { db in
            let inserts = offsets.enumerated().map { index, offset in
                LogInsert(message: LogMessage(time: start.addingTimeInterval(offset), level: .error,
                                              message: "common message \(index)" + (index % 50 == 0 ? " rare phrase" : "")),
                          productID: nil, stage: .prod)
            }
            try LogStore.insert(db, inserts)
            while try LogFullTextIndex.catchUp(db) != nil {}
        }
        var query = LogQuery(from: start.addingTimeInterval(-60), to: start.addingTimeInterval(22_000 + quiet))
        query.text = text
        query.page = page
        query.perPage = 100
        let found = try store.read { try LogStore.search($0, query) }
        // The truth: every stored message that matches, by time then id, newest first.
        let all = try store.read { db -> [LogRecord] in
            var everything = LogQuery(from: query.from, to: query.to)
            everything.perPage = 10_000
            return try LogStore.search(db, everything).records
        }
        let phrase = text == "\"rare phrase\""
        let truth = all.filter { phrase ? $0.message.hasSuffix("rare phrase") : true }
        let expected = Array(truth.dropFirst((page - 1) * 100).prefix(100))
        #expect(found.records.map(\.id) == expected.map(\.id), "\(name)")
        #expect(found.hasMore == (truth.count > page * 100), "\(name)")
    }
}
