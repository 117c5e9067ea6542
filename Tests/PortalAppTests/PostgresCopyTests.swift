import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// `forewarn copy` with the real binary: SQLite → PostgreSQL → SQLite (and file to file without PostgreSQL) keeps
/// every row, and the CSV exports of every kind and the report PDFs come out the same, byte for byte.
@Suite("forewarn copy")
struct PostgresCopyTests {
    /// Every CSV export of `db`, by kind.
    func exports(_ db: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for kind in InventorySpecs.all.map(\.kind.rawValue) + ["checks"] {
            let export = try runForewarn(["export", "--db", db, "--kind", kind])
            #expect(export.status == 0, "export \(kind) from \(db): \(export.stderr)")
            result[kind] = export.stdout
        }
        return result
    }

    /// The change-impact report PDF of every downtime in `db` (`forewarn report`), by downtime id, as bytes.
    /// On PostgreSQL the secret key is not beside a file: `FOREWARN_SECRET_KEY_FILE`, as for `serve`.
    func reports(_ db: String, ids: [Int64]) throws -> [Int64: [UInt8]] {
        var result: [Int64: [UInt8]] = [:]
        let folder = temporaryDirectory()
        for id in ids {
            let file = folder + "/DT-\(id).pdf"
            let report = try runForewarn(["report", "--db", db, String(id), "--pdf", file, "--public-url", "https://forewarn.example.com"],
                                         environment: ["FOREWARN_SECRET_KEY_FILE": folder + "/forewarn.key"])
            #expect(report.status == 0, "report DT-\(id) from \(db): \(report.stderr)")
            result[id] = Array(FileManager.default.contents(atPath: file) ?? Data())
        }
        return result
    }

    func downtimeIDs(_ location: String) throws -> [Int64] {
        let store = try Store(path: location, migrate: false)
        defer { store.close() }
        return try store.read { try $0.query("SELECT id FROM downtimes ORDER BY id").compactMap { $0.int("id") } }
    }

    func seededDatabase() throws -> String {
        let original = temporaryDirectory() + "/original.sqlite"
        let demo = try runForewarn(["demo-data", "--db", original, "--servers", "60", "--seed", "7", "--with-activity"])
        #expect(demo.status == 0, "\(demo.stderr)")
        return original
    }

    func tableCounts(_ location: String) throws -> [String: Int] {
        let store = try Store(path: location, migrate: false)
        defer { store.close() }
        return try DatabaseCopy.tableCounts(store)
    }

    @Test func fileToFileKeepsEveryRowAndRefusesAFullTarget() throws {
        let original = try seededDatabase()
        let copy = temporaryDirectory() + "/copy.sqlite"
        let result = try runForewarn(["copy", "--from", original, "--to", copy])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("row counts match"))
        #expect(try tableCounts(copy) == (try tableCounts(original)))
        #expect(try tableCounts(original).values.reduce(0, +) > 300, "the demo data fills many tables")
        #expect(try exports(copy) == (try exports(original)))
        let again = try runForewarn(["copy", "--from", original, "--to", copy])
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("forewarn: cannot copy: the target is not empty"), "\(again.stderr)")
        #expect(again.stderr.split(separator: "\n").count == 1)
    }

    @Test(.enabled(if: testPostgresURL != nil)) func sqliteToPostgresAndBackGivesTheSameExports() throws {
        let original = try seededDatabase()
        let postgres = try freshPostgresSchema(in: testPostgresURL!)
        let there = try runForewarn(["copy", "--from", original, "--to", postgres])
        #expect(there.status == 0, "\(there.stderr)")
        let back = temporaryDirectory() + "/back.sqlite"
        let home = try runForewarn(["copy", "--from", postgres, "--to", back])
        #expect(home.status == 0, "\(home.stderr)")
        let expected = try exports(original)
        #expect(try exports(postgres) == expected, "the exports read from PostgreSQL")
        #expect(try exports(back) == expected, "the exports after the round trip")
        let counts = try tableCounts(original)
        #expect(try tableCounts(back) == counts)
        // The report PDFs, byte for byte (their dates come from the data): from PostgreSQL and after the round trip.
        let ids = try downtimeIDs(original)
        #expect(ids.count >= 3, "the demo activity has downtimes to report on")
        let pdfs = try reports(original, ids: ids)
        #expect(pdfs.values.allSatisfy { $0.starts(with: Array("%PDF-".utf8)) && $0.count > 5000 }, "real PDFs")
        #expect(try reports(original, ids: ids) == pdfs, "a report is the same PDF when written twice")
        #expect(try reports(postgres, ids: ids) == pdfs, "the report PDFs written from PostgreSQL")
        #expect(try reports(back, ids: ids) == pdfs, "the report PDFs after the round trip")
        // Ids are kept, and new rows on PostgreSQL get fresh ids after the copied ones (sequences moved on).
        let store = try Store(path: postgres)
        let (maxID, newID) = try store.write { db -> (Int64, Int64) in
            guard case .integer(let max)? = try db.scalar("SELECT max(id) FROM servers") else { return (0, 0) }
            try db.run("INSERT INTO regions (name) VALUES ('copied-then-new')")
            let region = db.lastInsertRowID
            try db.run("INSERT INTO servers (name, region_id, environment) VALUES ('new-after-copy', ?, 'PROD')", [region])
            return (max, db.lastInsertRowID)
        }
        #expect(newID == maxID + 1)
        let refused = try runForewarn(["copy", "--from", original, "--to", postgres])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("the target is not empty"), "\(refused.stderr)")
    }
}
