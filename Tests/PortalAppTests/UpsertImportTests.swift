import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// `mode=upsert` for every inventory kind: rows matched by name are updated, new ones created, equal ones left alone;
/// one bad row refuses the whole file.
@Suite("upsert import")
struct UpsertImportTests {
    struct Case: Sendable, CustomStringConvertible {
        let kind: String
        let csv: String
        let created: Int
        let updated: Int
        let unchanged: Int
        /// A line of the export that shows the update or the new row.
        let exported: String
        /// A row that refers to something missing or breaks a rule, and the column named for it.
        let badRow: String
        let badColumn: String
        var description: String { kind }
    }

    static let cases: [Case] = [
        Case(kind: "regions", csv: "name,parent,description\r\neurope,,All of Europe\r\neu-west,europe,\"Paris, Dublin, Madrid\"\r\nasia,,\r\n",
             created: 1, updated: 1, unchanged: 1, exported: "eu-west,europe,\"Paris, Dublin, Madrid\"", badRow: "bad,nowhere,", badColumn: "parent"),
        Case(kind: "clusters", csv: "name,region,description\r\ndb-east,eu-west,Postgres pair\r\nweb-eu,eu-west,Web farm\r\ndb-west,us-east,\r\n",
             created: 1, updated: 1, unchanged: 1, exported: "web-eu,eu-west,Web farm", badRow: "c9,nowhere,", badColumn: "region"),
        Case(kind: "servers", csv: "name,region,cluster,environment,description\r\ndb-12,eu-west,db-east,PROD,primary\r\ndb-13,,db-east,PROD,standby\r\nweb-2,,web-eu,PROD,\r\n",
             created: 1, updated: 1, unchanged: 1, exported: "db-13,eu-west,db-east,PROD,standby", badRow: "s9,,nocluster,PROD,", badColumn: "cluster"),
        Case(kind: "services", csv: "name,environment,tier,description\r\npg-3,PROD,1,Postgres\r\npayroll,PROD,1,Payroll API\r\nbilling,PROD,2,\r\n",
             created: 1, updated: 1, unchanged: 1, exported: "payroll,PROD,1,Payroll API,,", badRow: "s9,PROD,9,", badColumn: "tier"),
        Case(kind: "placements", csv: "service,server,cluster,min_healthy\r\npg-3,,db-east,1\r\nportal,web-1,,2\r\npayroll,db-12,,1\r\n",
             created: 1, updated: 1, unchanged: 1, exported: "portal,web-1,,2", badRow: "pg-3,nosrv,,1", badColumn: "server"),
        Case(kind: "dependencies", csv: "service,depends_on,kind\r\npayroll,pg-3,hard\r\nportal,payroll,hard\r\nportal,pg-3,soft\r\n",
             created: 1, updated: 1, unchanged: 1, exported: "portal,payroll,hard", badRow: "payroll,nosvc,hard", badColumn: "depends_on"),
        Case(kind: "processes", csv: "name,description,services\r\nMonth-end payroll,Runs on the 28th,pg-3;payroll\r\nInvoicing,,portal\r\n",
             created: 1, updated: 0, unchanged: 1, exported: "Invoicing,,portal", badRow: "P9,,nosvc", badColumn: "services"),
        Case(kind: "datasets", csv: "name,classification,service,server,description\r\nsalaries,restricted,pg-3,,\r\nweb logs,confidential,,web-1,\r\ninvoices,internal,payroll,,\r\n",
             created: 1, updated: 1, unchanged: 1, exported: "web logs,confidential,,web-1,", badRow: "d9,secret,pg-3,,", badColumn: "classification"),
        Case(kind: "teams", csv: "name,email\r\nDBA,dba-team@example.com\r\nWeb,web@example.com\r\n",
             created: 1, updated: 1, unchanged: 0, exported: "DBA,dba-team@example.com", badRow: "T9,not-an-email", badColumn: "email"),
        Case(kind: "people", csv: "name,email,phone,time_zone,teams\r\nAna Lima,ANA@example.com,+351 21 000 0000,Europe/Lisbon,DBA\r\n山田太郎,taro@example.jp,,Asia/Tokyo,DBA\r\nBo,bo@example.com,,UTC,\r\n",
             created: 1, updated: 1, unchanged: 1, exported: "山田太郎,taro@example.jp,,Asia/Tokyo,DBA,", badRow: "P9,p9@example.com,,Mars/Base,", badColumn: "time_zone"),
        Case(kind: "assignments", csv: "contact,role,priority,region,cluster,server,service,process,dataset\r\nana@example.com,data owner,primary,,,,,,salaries\r\nDBA,technical contact,secondary,,db-east,,,,\r\nana@example.com,comms manager,primary,,,,payroll,,\r\n",
             created: 1, updated: 1, unchanged: 1, exported: "DBA,technical contact,secondary,,db-east,,,,", badRow: "ana@example.com,data owner,primary,,,,,,nodataset", badColumn: "dataset"),
    ]

    /// A store with the fixture inventory and a trigger per table that counts the rows an UPDATE touches.
    static func fixtureStore() throws -> Store {
        let store = try Store(path: temporaryDirectory() + "/upsert.sqlite")
        try store.write { db in
            for (kind, csv) in InventoryFixture.files { try PortalStoreImport.importRows(db, kind: kind, csv: csv) }
            try db.execute("CREATE TABLE touched (tbl TEXT NOT NULL)")
            for spec in InventorySpecs.all {
                try db.execute("CREATE TRIGGER touched_\(spec.table) AFTER UPDATE ON \(spec.table) BEGIN INSERT INTO touched VALUES ('\(spec.table)'); END")
            }
        }
        return store
    }

    static func export(_ store: Store, _ kind: String) throws -> String {
        var text = ""
        try store.read { db in try InventoryCSV.export(db, InventorySpecs.spec(kind)!) { text += $0 } }
        return text
    }

    @Test(arguments: cases)
    func upsertCreatesUpdatesAndLeavesEqualRowsAlone(_ test: Case) throws {
        let store = try Self.fixtureStore()
        defer { store.close() }
        let spec = InventorySpecs.spec(test.kind)!
        let summary = try store.write { db in try InventoryCSV.importFile(db, spec, bytes: Array(test.csv.utf8), mode: .upsert) }
        #expect(summary.created == test.created && summary.updated == test.updated && summary.unchanged == test.unchanged, "\(summary.counts(done: true))")
        let expected = Array(repeating: ImportAction.unchanged, count: test.unchanged) + Array(repeating: .update, count: test.updated)
            + Array(repeating: .create, count: test.created)
        #expect(summary.preview.map(\.action) == expected)
        let touched: Int64 = try store.read { db in try db.query("SELECT count(*) AS n FROM touched WHERE tbl = ?", [spec.table]).first?.int("n") ?? -1 }
        #expect(touched == Int64(test.updated), "only the updated row is rewritten")
        let exported = try Self.export(store, test.kind)
        #expect(exported.contains(test.exported + "\r\n"), "\(exported)")

        // The same file again: every row is now unchanged and nothing is rewritten.
        let again = try store.write { db in try InventoryCSV.importFile(db, spec, bytes: Array(test.csv.utf8), mode: .upsert) }
        #expect(again.unchanged == again.total && again.total == test.created + test.updated + test.unchanged)
        #expect(try Self.export(store, test.kind) == exported)
    }

    @Test(arguments: cases)
    func oneBadRowRefusesTheWholeFileWithItsLineAndColumn(_ test: Case) throws {
        let store = try Self.fixtureStore()
        defer { store.close() }
        let before = try InventorySpecs.all.map { try Self.export(store, $0.kind.rawValue) }
        let file = test.csv + test.badRow + "\r\n"
        let badLine = file.components(separatedBy: "\r\n").count - 1
        do {
            _ = try store.write { db in try InventoryCSV.importFile(db, InventorySpecs.spec(test.kind)!, bytes: Array(file.utf8), mode: .upsert) }
            Issue.record("a file with a bad row was imported")
        } catch let error as InventoryCSV.ImportError {
            #expect(error.problems.map(\.line) == [badLine] && error.problems.map(\.column) == [test.badColumn], "\(error.problems)")
        }
        #expect(try InventorySpecs.all.map { try Self.export(store, $0.kind.rawValue) } == before, "the database is unchanged")
    }

    @Test func createOnlyStillRefusesAnExistingNameAndUpsertRefusesANameTwice() throws {
        let store = try Self.fixtureStore()
        defer { store.close() }
        do {
            _ = try store.write { db in try InventoryCSV.importFile(db, InventorySpecs.regions, bytes: Array("name,parent,description\r\nasia,,\r\neurope,,x\r\n".utf8), mode: .create) }
            Issue.record("create-only accepted an existing name")
        } catch let error as InventoryCSV.ImportError {
            #expect(error.problems == [.init(line: 3, column: "name", message: "A region named 'europe' already exists.")])
        }
        do {
            _ = try store.write { db in try InventoryCSV.importFile(db, InventorySpecs.regions, bytes: Array("name,parent,description\r\nasia,,\r\nasia,,x\r\n".utf8), mode: .upsert) }
            Issue.record("upsert accepted a name twice")
        } catch let error as InventoryCSV.ImportError {
            #expect(error.problems == [.init(line: 3, column: "name", message: "'asia' appears twice in the file (first on line 2).")])
        }
        #expect(!(try Self.export(store, "regions")).contains("asia"))
    }

    @Test func upsertKeepsColumnsTheFileLeavesOut() throws {
        let store = try Self.fixtureStore()
        defer { store.close() }
        _ = try store.write { db in
            try InventoryCSV.importFile(db, InventorySpecs.services, bytes: Array("name,environment,tier,description,sla_percent,sla_period\r\npg-3,PROD,1,Postgres,99.9,month\r\n".utf8), mode: .upsert)
        }
        let summary = try store.write { db in
            try InventoryCSV.importFile(db, InventorySpecs.services, bytes: Array("name,environment,tier,description\r\npg-3,PROD,2,Postgres\r\n".utf8), mode: .upsert)
        }
        #expect(summary.updated == 1)
        #expect(try Self.export(store, "services").contains("pg-3,PROD,2,Postgres,99.9,month\r\n"))
    }
}
