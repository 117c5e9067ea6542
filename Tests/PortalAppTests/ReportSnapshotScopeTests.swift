import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

/// `forewarn report <id> --pdf` of an announced downtime reads its snapshot and only the inventory rows the report
/// names: proven by making the whole inventory impossible to load (two unrelated regions that are each other's parent)
/// after the announcement. The report still comes out, with the same text as before the break.
@Suite("The report of a snapshot without the whole inventory")
struct ReportSnapshotScopeTests {
    @Test func anAnnouncedReportIsWrittenWhileTheWholeInventoryCannotLoad() throws {
        let folder = temporaryDirectory()
        let db = folder + "/scope.sqlite"
        let app = try TestApp.start { $0.databasePath = db; $0.clockInterval = 0 }
        try app.importFixture()
        let body = """
            {"title":"Patch db-east","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"2027-01-12T22:00:00",
             "ends_at":"2027-01-13T02:00:00","time_zone":"Europe/Paris","change_ticket":"CHG0012345","coordinator":"ana@example.com","comms_manager":"taro@example.jp"}
            """
        #expect(try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8)).status == 201)
        #expect(try app.fetch("POST", "/api/v1/downtimes/1/announce").status == 200)
        let before = folder + "/before.pdf"
        try Data(try app.get("/downtimes/1/report.pdf").body).write(to: URL(fileURLWithPath: before))
        let store = app.app.context.store
        try store.write { db in
            try db.run("INSERT INTO regions (name) VALUES ('loop-a')")
            let a = db.lastInsertRowID
            try db.run("INSERT INTO regions (name, parent_id) VALUES ('loop-b', ?)", [a])
            try db.run("UPDATE regions SET parent_id = ? WHERE id = ?", [db.lastInsertRowID, a])
        }
        #expect(throws: (any Error).self, "the whole inventory must no longer load") { try store.read { try InventoryLoader.load($0) } }
        app.stop()

        let after = folder + "/after.pdf"
        let result = try runForewarn(["report", "1", "--db", db, "--pdf", after])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try runTool("pdftotext", ["-layout", after, "-"])
        for sample in ["Change-impact report DT-1", "Snapshot 1", "pg-3", "payroll", "salaries", "Ana Lima", "山田太郎", "CHG0012345"] {
            #expect(text.contains(sample), "\(sample) missing from the PDF text")
        }
        #expect(text == (try runTool("pdftotext", ["-layout", before, "-"])))
    }
}
