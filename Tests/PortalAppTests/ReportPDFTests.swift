import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

/// Runs a command and returns its standard output.
@discardableResult
func runTool(_ tool: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

@Suite("The change-impact report as PDF")
struct ReportPDFTests {
    func start() throws -> TestApp {
        let app = try TestApp.start { $0.clockInterval = 0 }
        try app.importFixture()
        let body = """
            {"title":"Patch db-east","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"2027-01-12T22:00:00",
             "ends_at":"2027-01-13T02:00:00","time_zone":"Europe/Paris","change_ticket":"CHG0012345","change_url":"https://tickets.example.com/CHG0012345",
             "coordinator":"ana@example.com","comms_manager":"taro@example.jp"}
            """
        _ = try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8))
        _ = try app.fetch("POST", "/api/v1/downtimes/1/announce")
        return app
    }

    func save(_ response: RawResponse, _ name: String) throws -> String {
        let path = temporaryDirectory() + "/" + name
        try Data(response.body).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func pdfHasEverySectionInOrderAndItsMetadata() throws {
        let app = try start()
        defer { app.stop() }
        let response = try app.get("/downtimes/1/report.pdf")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/pdf")
        #expect(response.header("Content-Disposition") == "attachment; filename=\"forewarn-DT-1-impact.pdf\"")
        #expect(Array(response.body.prefix(5)) == Array("%PDF-".utf8))
        let path = try save(response, "dt1.pdf")
        let text = try runTool("pdftotext", ["-layout", path, "-"])
        var cursor = text.startIndex
        for section in ["Change-impact report DT-1", "Summary", "Conflicts and overrides", "Affected services by severity", "Business processes",
                        "Data sets and their owners", "Notification list", "Audit trail"] {
            guard let range = text.range(of: section, range: cursor..<text.endIndex) else {
                Issue.record("section \(section) missing or out of order")
                continue
            }
            cursor = range.upperBound
        }
        for sample in ["pg-3", "payroll", "Month-end payroll", "salaries", "Ana Lima", "山田太郎", "CHG0012345", "21:00", "CET", "Page 1 of"] {
            #expect(text.contains(sample), "\(sample) missing from the PDF text")
        }
        let info = try runTool("pdfinfo", [path])
        #expect(info.contains("Title:           Change-impact report DT-1: Patch db-east"))
        #expect(info.contains("Author:          Forewarn"))
        #expect(info.contains("(A4)"))
        let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
        #expect(text.contains("Page 1 of \(pages)"))
        let letter = try save(try app.get("/downtimes/1/report.pdf?paper=letter"), "letter.pdf")
        #expect(try runTool("pdfinfo", [letter]).contains("612 x 792 pts (letter)"))
        #expect(try app.get("/downtimes/1/report.pdf?paper=a3").status == 400)
        // A picture of page 1 for people to look at.
        let artifacts = repositoryRoot + "/test-artifacts"
        try? FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        try runTool("pdftoppm", ["-png", "-r", "70", "-f", "1", "-l", "1", path, artifacts + "/report-DT-1-page"])
        #expect(FileManager.default.fileExists(atPath: artifacts + "/report-DT-1-page-1.png"))
    }

    @Test func theSameSnapshotGivesTheSameBytes() throws {
        let app = try start()
        defer { app.stop() }
        let first = try app.get("/downtimes/1/report.pdf")
        Thread.sleep(forTimeInterval: 1.1)
        let second = try app.get("/downtimes/1/report.pdf")
        #expect(first.body == second.body)
        #expect(first.body.count > 1000)
    }

    @Test func outlineHasTheSections() throws {
        let app = try start()
        defer { app.stop() }
        let path = try save(try app.get("/downtimes/1/report.pdf"), "outline.pdf")
        _ = try? runTool("python3", ["-m", "pip", "install", "--quiet", "pypdf"])
        let titles = try runTool("python3", ["-c", "import pypdf,sys\nr=pypdf.PdfReader(sys.argv[1])\ndef walk(o):\n  for i in o:\n    if isinstance(i,list): walk(i)\n    else: print(i.title)\nwalk(r.outline)", path])
        for section in ["Summary", "Affected services by severity", "Notification list", "Audit trail"] {
            #expect(titles.contains(section), "outline lacks \(section): \(titles)")
        }
    }

    @Test func aLargeReportRepeatsTableHeadersAndCountsPages() throws {
        let app = try TestApp.start { $0.clockInterval = 0 }
        defer { app.stop() }
        let inventory = InventoryGenerator(servers: 3000, seed: 3).generate()
        try app.app.context.store.write { db in
            try InventoryLoader.insert(db, inventory)
            try AuditLog.record(db, actor: "test", action: "demo-data", objectKind: "inventory", objectID: nil, objectName: "3000")
        }
        let region = inventory.regions.first { $0.parentID == nil }!.name
        let body = """
            {"title":"Region move","kind":"planned","targets":[{"kind":"region","name":"\(region)"}],"starts_at":"2027-01-12T22:00:00","ends_at":"2027-01-13T02:00:00","time_zone":"UTC"}
            """
        _ = try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8))
        _ = try app.fetch("POST", "/api/v1/downtimes/1/announce")
        let path = try save(try app.get("/downtimes/1/report.pdf"), "large.pdf")
        let info = try runTool("pdfinfo", [path])
        let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
        #expect(pages > 5, "\(pages) pages")
        #expect(pages < 200, "\(pages) pages")
        let lastPage = try runTool("pdftotext", ["-layout", "-f", "\(pages)", "-l", "\(pages)", path, "-"])
        #expect(lastPage.contains("Page \(pages) of \(pages)"))
        // A continued table starts its page with the header row again.
        var repeated = 0
        for page in 2...min(pages, 8) {
            let text = try runTool("pdftotext", ["-layout", "-f", "\(page)", "-l", "\(page)", path, "-"])
            if text.contains("Explanation") || text.contains("Person or team") { repeated += 1 }
        }
        #expect(repeated >= 5)
    }

    @Test func cliWritesTheReportAndExplainsMistakes() throws {
        let folder = temporaryDirectory()
        let db = folder + "/r.sqlite"
        #expect(try runForewarn(["demo-data", "--db", db, "--servers", "200"]).status == 0)
        let app = try TestApp.start { $0.databasePath = db; $0.clockInterval = 0 }
        let cluster = try app.app.context.store.read { try $0.scalar("SELECT name FROM clusters ORDER BY id LIMIT 1") }
        guard case .text(let name)? = cluster else { Issue.record("no cluster"); return }
        let body = """
            {"title":"CLI","kind":"planned","targets":[{"kind":"cluster","name":"\(name)"}],"starts_at":"2027-01-12T22:00:00","ends_at":"2027-01-13T02:00:00","time_zone":"UTC"}
            """
        _ = try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array(body.utf8))
        app.stop()
        let pdf = folder + "/dt.pdf"
        let result = try runForewarn(["report", "1", "--db", db, "--pdf", pdf, "--paper", "letter"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try runTool("pdfinfo", [pdf]).contains("(letter)"))
        let missing = try runForewarn(["report", "99", "--db", db, "--pdf", folder + "/x.pdf"])
        #expect(missing.status != 0)
        #expect(missing.stderr == "forewarn: there is no downtime DT-99\n")
    }

    @Test func everyReportTypeDownloadsAsPDF() throws {
        let app = try start()
        defer { app.stop() }
        for (path, expected) in [("/reports/forward-schedule?from=2027-01-01&to=2027-01-31&format=pdf", "Forward schedule of change"),
                                 ("/reports/owner-digest?from=2027-01-01&to=2027-01-31&contact=ana@example.com&format=pdf", "Data-owner digest"),
                                 ("/reports/coordinator-schedule?from=2027-01-01&to=2027-01-31&format=pdf", "Coordinator schedule")] {
            let response = try app.get(path)
            #expect(response.header("Content-Type") == "application/pdf", "\(path)")
            let text = try runTool("pdftotext", ["-layout", try save(response, "r.pdf"), "-"])
            #expect(text.contains(expected))
            #expect(text.contains("Patch db-east"))
        }
    }
}
