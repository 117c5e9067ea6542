import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

/// `Database.together`: independent queries of one read give the rows they give alone, on PostgreSQL in one round
/// trip (libpq pipeline mode); a failing one throws and leaves the connection and its prepared statements usable.
/// Both engines (`make test` and `make test-postgres`).
@Suite("Queries run together")
struct TogetherTests {
    static func store() throws -> Store { try Store(path: testDatabase(in: temporaryDirectory())) }

    static func texts(_ s: Statement) throws -> [String] {
        var values: [String] = []
        while try s.step() { values.append(s.string(at: 0) ?? "") }
        return values
    }

    @Test func togetherGivesTheRowsOfEachQueryAloneInOneRoundTrip() throws {
        let store = try Self.store()
        defer { store.close() }
        try store.write { db in
            for name in ["emea", "apac", "amer"] { try db.run("INSERT INTO regions (name) VALUES (?)", [name]) }
            try db.run("INSERT INTO clusters (name, region_id) VALUES ('c1', (SELECT id FROM regions WHERE name = 'emea'))")
        }
        let regions = "SELECT name FROM regions WHERE name <> ? ORDER BY name", clusters = "SELECT name FROM clusters ORDER BY name"
        let empty = "SELECT name FROM regions WHERE name = ?"
        try store.read { db in
            let alone = (try db.query(regions, ["apac"]).map { $0.string("name") ?? "" }, try db.query(clusters).map { $0.string("name") ?? "" })
            #expect(alone.0 == ["amer", "emea"] && alone.1 == ["c1"])
            let before = db.roundTrips
            let both = try db.together([(regions, ["apac"]), (clusters, []), (empty, ["none"])]) { s in
                (try Self.texts(s[0]), try Self.texts(s[1]), try Self.texts(s[2]))
            }
            #expect(both.0 == alone.0 && both.1 == alone.1 && both.2.isEmpty)
            if db.dialect == .postgres {
                #expect(db.roundTrips - before == 1, "\(db.roundTrips - before) round trips for three queries")
            } else {
                #expect(db.roundTrips == 0)
            }
            // Again, with every statement prepared: still one, and the same rows.
            let again = try db.together([(clusters, []), (regions, ["emea"])]) { s in (try Self.texts(s[0]), try Self.texts(s[1])) }
            #expect(again.0 == ["c1"] && again.1 == ["amer", "apac"])
            if db.dialect == .postgres { #expect(db.roundTrips - before == 2) }
        }
    }

    @Test func aFailingQueryThrowsAndTheConnectionGoesOn() throws {
        let store = try Self.store()
        defer { store.close() }
        _ = try store.write { db in try db.run("INSERT INTO regions (name) VALUES ('emea')") }
        // Fails when run (division by zero), not when prepared; the second is new to the connection.
        let failing = "SELECT 1 / count(*) FROM regions WHERE name = ?"
        let fresh = "SELECT name FROM regions WHERE name = ? AND id > 0"
        try store.read { db in
            if db.dialect == .postgres {
                #expect(throws: DatabaseError.self) {
                    try db.together([(failing, ["nowhere"]), (fresh, ["emea"])]) { s in try Self.texts(s[1]) }
                }
            }
            // Both statements work afterwards on the same connection (the second was never prepared there).
            let after = try db.together([(fresh, ["emea"]), (failing, ["emea"])]) { s in (try Self.texts(s[0]), try Self.texts(s[1])) }
            #expect(after.0 == ["emea"] && after.1 == ["1"])
            #expect(try db.query(fresh, ["emea"]).count == 1)
        }
    }

    @Test func theOverlappingReadIsTheActiveDowntimesAndTheFreezes() throws {
        let store = try Self.store()
        defer { store.close() }
        let start = Date(timeIntervalSince1970: 1_900_000_000)
        let window = DateInterval(start: start, duration: 4 * 3600)
        let ids = try store.write { db -> [Int64] in
            try db.run("INSERT INTO regions (name) VALUES ('emea')")
            let region = db.lastInsertRowID
            var ids: [Int64] = []
            for offset: TimeInterval in [0, 3600, 36_000] { // the third is outside the window
                let draft = DowntimeDraft(title: "dt \(Int(offset))", kind: .planned,
                                          window: try TimeWindow(start: start.addingTimeInterval(offset), end: start.addingTimeInterval(offset + 7200), timeZone: "UTC"),
                                          targets: [ObjectRef(kind: .region, id: region)])
                ids.append(try DowntimeStore.insert(db, draft, actor: "test"))
            }
            try BlackoutStore.insert(db, name: "freeze", regionID: region, window: DateInterval(start: start.addingTimeInterval(1800), duration: 600), reason: "r")
            try BlackoutStore.insert(db, name: "later", regionID: nil, window: DateInterval(start: start.addingTimeInterval(86_400), duration: 600), reason: "r")
            return ids
        }
        try store.read { db in
            let together = try DowntimeStore.overlapping(db, window, excluding: ids[1])
            let alone = (try DowntimeStore.active(db, overlapping: window, excluding: ids[1]), try BlackoutStore.list(db, overlapping: window).map(\.0))
            #expect(together.downtimes == alone.0)
            #expect(together.blackouts == alone.1)
            #expect(together.downtimes.map(\.id) == [ids[0]])
            #expect(together.downtimes.first?.targets.count == 1)
            #expect(together.blackouts.map(\.name) == ["freeze"])
        }
    }
}
