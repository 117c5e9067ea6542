import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

/// The per-minute and per-hour roll-ups must give the histogram exactly what counting the messages gives, for every
/// filter they serve and for ranges that start and end inside a minute (and an hour), after inserts, purges and a
/// deleted product.
@Suite("Log per-minute roll-up")
struct LogMinuteCountsTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// 12,000 messages over twelve days in 12 batches, out of time order, over three products (one linked to a service),
    /// four stages and none, all eight levels.
    func seeded() throws -> Store {
        let store = try Store(path: temporaryDirectory() + "/rollup.sqlite")
        var random = SplitMixGenerator(seed: 20_261_206)
        try store.write { db in
            try db.run("INSERT INTO services (name, environment, tier) VALUES ('billing', 'PROD', 1)")
            let billing = try LogProductStore.findOrCreate(db, name: "billing-api")
            try LogProductStore.link(db, product: "billing-api", serviceID: 1)
            let worker = try LogProductStore.findOrCreate(db, name: "worker")
            let cron = try LogProductStore.findOrCreate(db, name: "cron")
            let products: [Int64?] = [billing.id, worker.id, cron.id, nil]
            let stages: [Environment?] = [.prod, .int, .test, .dev, nil]
            for _ in 0..<12 {
                let batch = (0..<1_000).map { index in
                    LogInsert(message: LogMessage(time: Self.start.addingTimeInterval(Double(Int.random(in: 0..<1_036_800_000, using: &random)) / 1000),
                                                  level: LogLevel(rawValue: Int.random(in: 0...7, using: &random)) ?? .info,
                                                  message: "message \(index)", version: "1.\(index % 3)", host: "h\(index % 2)"),
                              productID: products[Int.random(in: 0..<products.count, using: &random)],
                              stage: stages[Int.random(in: 0..<stages.count, using: &random)])
                }
                try LogStore.insert(db, batch)
            }
        }
        return store
    }

    /// Queries over whole and partial minutes, with each filter the roll-up serves (and some it does not).
    func queries() -> [LogQuery] {
        let s = Self.start
        var result: [LogQuery] = []
        let ranges = [(s.addingTimeInterval(-3_600), s.addingTimeInterval(300_000)),
                      (s.addingTimeInterval(12_345.678), s.addingTimeInterval(200_000.5)),
                      (s.addingTimeInterval(60_000), s.addingTimeInterval(60_030)),
                      (s.addingTimeInterval(86_400), s.addingTimeInterval(86_460)),
                      // Over ten days: whole hours from the hourly table, the minutes around them from the per-minute one.
                      (s.addingTimeInterval(1_234.567), s.addingTimeInterval(1_000_000.5)),
                      (s.addingTimeInterval(-7_200), s.addingTimeInterval(1_100_000))]
        for (from, to) in ranges {
            var q = LogQuery(from: from, to: to)
            result.append(q)
            q.stage = .prod; result.append(q)
            q.product = "billing"; result.append(q)
            q.minimumLevel = .error; result.append(q)
            q.stage = nil; result.append(q)
            q.product = "worker"; result.append(q)
            q.minimumLevel = nil; q.product = "nobody"; result.append(q)
            q.product = nil; q.host = "h1"; result.append(q)
        }
        return result
    }

    func expectSameCounts(_ store: Store, _ label: String) throws {
        for query in queries() {
            var (fromRollup, counted) = try store.read { db in (try LogStore.perMinute(db, query), try LogStore.countedPerMinute(db, query)) }
            if query.to.timeIntervalSince(query.from) > LogStore.hourlyAbove {
                // Hours come as one entry at their first minute: compare per hour.
                if query.host == nil && !counted.isEmpty { #expect(fromRollup.count < counted.count, "\(label): read by the hour: \(query)") }
                func hourly(_ counts: [(minute: String, count: Int)]) -> [(minute: String, count: Int)] {
                    Dictionary(counts.map { (String($0.minute.prefix(13)), $0.count) }, uniquingKeysWith: +).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                }
                (fromRollup, counted) = (hourly(fromRollup), hourly(counted))
            }
            #expect(fromRollup.map(\.minute) == counted.map(\.minute), "\(label): \(query)")
            #expect(fromRollup.map(\.count) == counted.map(\.count), "\(label): \(query)")
        }
        try expectTable(store, "log_minute_counts", width: 16, label)
        try expectTable(store, "log_hour_counts", width: 13, label)
    }

    /// A roll-up table equals grouping the messages, with no row left at zero.
    func expectTable(_ store: Store, _ name: String, width: Int, _ label: String) throws {
        let (table, grouped) = try store.read { db -> ([String], [String]) in
            var table: [String] = []
            var grouped: [String] = []
            try db.forEach("SELECT * FROM \(name) WHERE count <> 0 ORDER BY 1, 2, 3, 4") {
                table.append("\($0.string(at: 0) ?? "") \($0.string(at: 1) ?? "") \($0.int64(at: 2)) \($0.int64(at: 3)) \($0.int64(at: 4))")
            }
            try db.forEach("""
                SELECT substr(at, 1, \(width)), coalesce(stage, ''), coalesce(product_id, 0), level, count(*) FROM log_messages
                 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
                """) {
                grouped.append("\($0.string(at: 0) ?? "") \($0.string(at: 1) ?? "") \($0.int64(at: 2)) \($0.int64(at: 3)) \($0.int64(at: 4))")
            }
            return (table, grouped)
        }
        #expect(table == grouped, "\(name), \(label)")
        #expect(!table.isEmpty, "\(label)")
    }

    @Test func theRollupEqualsCountingTheMessages() throws {
        let store = try seeded()
        // The whole range is answered from the hourly roll-up, three days from the per-minute one (the data spreads over them).
        let whole = try store.read { try LogStore.perMinute($0, LogQuery(from: Self.start, to: Self.start.addingTimeInterval(1_036_800))) }
        #expect(whole.reduce(0) { $0 + $1.count } == 12_000)
        #expect(whole.count > 250 && whole.count <= 288 && whole.allSatisfy { $0.minute.hasSuffix(":00") })
        let days = try store.read { try LogStore.perMinute($0, LogQuery(from: Self.start, to: Self.start.addingTimeInterval(259_200))) }
        #expect(days.count > 2_000)
        try expectSameCounts(store, "after inserts")

        let purgedTest = try store.write { try LogStore.purge($0, before: Self.start.addingTimeInterval(100_000.25), stage: .test) }
        #expect(purgedTest > 0)
        try expectSameCounts(store, "after purging TEST")
        let purgedNone = try store.write { try LogStore.purgeWithoutStage($0, before: Self.start.addingTimeInterval(150_000.5)) }
        #expect(purgedNone > 0)
        try expectSameCounts(store, "after purging messages without a stage")
        let purgedAll = try store.write { try LogStore.purge($0, before: Self.start.addingTimeInterval(43_210.987)) }
        #expect(purgedAll > 0)
        try expectSameCounts(store, "after purging every stage")
        let leftAtZero = try store.read { try $0.scalar("SELECT (SELECT count(*) FROM log_minute_counts WHERE count <= 0) + (SELECT count(*) FROM log_hour_counts WHERE count <= 0)") }
        #expect(leftAtZero == .integer(0))

        // Deleting a product deletes its messages (cascade); the trigger keeps the roll-up equal.
        try store.write { _ = try $0.run("DELETE FROM log_products WHERE name = 'worker'") }
        try expectSameCounts(store, "after deleting a product")
    }
}
