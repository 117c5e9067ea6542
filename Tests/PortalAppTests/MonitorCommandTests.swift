import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalStore
import Testing

/// `forewarn monitor` as a separate process on the same database: classic configuration, restart mid-outage, kill -9,
/// and never the same check twice next to a running portal.
@Suite("Monitoring: forewarn monitor", .serialized)
struct MonitorCommandTests {
    final class Checker {
        let process = Process()
        let output = Pipe()

        init(_ arguments: [String]) throws {
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("forewarn").path
            process.executableURL = URL(fileURLWithPath: FileManager.default.fileExists(atPath: binary) ? binary : repositoryRoot + "/.build/debug/forewarn")
            process.arguments = ["monitor"] + arguments
            process.standardOutput = output
            process.standardError = output
            try process.run()
        }

        func stop(signal: Int32 = SIGTERM) -> String {
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
    }

    func store(_ path: String) throws -> Store { try Store(path: path) }

    func samples(_ path: String) throws -> Int {
        try store(path).read { db in
            if case .integer(let n)? = try db.scalar("SELECT count(*) FROM check_samples") { return Int(n) }
            return 0
        }
    }

    func alerts(_ path: String) throws -> [AlertRecord] { try store(path).read { try AlertStore.list($0, AlertFilter()) } }

    @Test func classicConfigRestartMidOutageAndKillNine() throws {
        let peer = try MonitorPeer()
        defer { peer.stop() }
        let folder = temporaryDirectory()
        let db = folder + "/forewarn.sqlite"
        let config = folder + "/config.json"
        try Data("""
            {"websites": [{"URL": "\(peer.url)", "checkInterval": 1}, {"checkInterval": 3}], "defaultCheckInterval": 2}
            """.utf8).write(to: URL(fileURLWithPath: config))
        // The database exists before the checker starts: the test's own polling connections must not race the
        // checker's first open (creating the file and switching it to WAL), which fails with "database is locked".
        _ = try store(db)
        // Short alert window for the test: the classic checks take the defaults, then one is tightened.
        let first = try Checker(["--db", db, "--config", config, "--lease-seconds", "3"])
        #expect(try MonitoringAlertTests.eventually(30) { try samples(db) >= 2 })
        let check = try #require(try store(db).read { try CheckStore.fetch($0, name: peer.url) })
        #expect(check.spec.intervalSeconds == 1 && check.spec.targetName == "websites")
        var spec = check.spec
        spec.alertWindowSeconds = 4
        try store(db).write { _ = try CheckStore.update($0, id: check.id, spec, target: check.target) }
        try peer.set(.error)
        #expect(try MonitoringAlertTests.eventually(30) { try alerts(db).count == 1 }, "the alert fires")
        let firstOutput = first.stop()
        #expect(firstOutput.contains("warning: website 2 has no URL and is skipped"), "\(firstOutput)")

        // Restart mid-outage: the open alert is in the database, so the new checker raises no second one.
        let second = try Checker(["--db", db, "--lease-seconds", "3"])
        let before = try samples(db)
        #expect(try MonitoringAlertTests.eventually(30) { try samples(db) >= before + 4 })
        #expect(try alerts(db).count == 1, "no duplicate alert after a restart")
        try peer.set(.ok)
        #expect(try MonitoringAlertTests.eventually(30) { try alerts(db).first?.endedAt != nil }, "the new checker records the recovery")
        let notices = try store(db).read { try NoticeStore.list($0, limit: 100) }.map(\.event)
        #expect(notices.filter { $0 == "check_alert" }.count == notices.filter { $0 == "check_recover" }.count, "one alert and one recovery notice per recipient")

        // kill -9: whatever was committed before stays, and the database is sound.
        usleep(1_500_000)
        _ = second.stop(signal: SIGKILL)
        let kept = try samples(db)
        #expect(kept > before + 4)
        let reopened = try store(db)
        #expect(try samples(db) == kept)
        let integrity = try reopened.read { try $0.scalar("PRAGMA integrity_check") }
        #expect(integrity == .text("ok"))
        // The killed checker's lease expires, then a new checker takes the check over.
        let third = try Checker(["--db", db, "--lease-seconds", "3"])
        #expect(try MonitoringAlertTests.eventually(30) { try samples(db) >= kept + 2 }, "taken over after the lease expired")
        _ = third.stop()
    }

    @Test func aPortalAndAMonitorNeverRunTheSameCheckTwice() throws {
        let peer = try MonitorPeer()
        defer { peer.stop() }
        let app = try MonitoringAlertTests.start()
        defer { app.stop() }
        let id = try MonitoringAlertTests.addCheck(app, url: peer.url)
        let checker = try Checker(["--db", app.app.context.store.path, "--lease-seconds", "3"])
        // Who holds the check's lease, every quarter second for 6 s: one holder throughout, no hand-over.
        var holders = Set<String>()
        for _ in 0..<24 {
            usleep(250_000)
            if let owner = try app.app.context.store.read({ try CheckLeaseStore.owners($0) })[id] { holders.insert(owner) }
        }
        let portal = app.app.monitorFigures
        let output = checker.stop()
        let checkerStarted = try #require(output.firstMatch(of: /probes started=(\d+)/).flatMap { Int($0.1) }, "\(output)")
        let samples = try app.app.context.store.read { try SampleStore.list($0, checkID: id, from: nil, to: nil) }.count
        #expect(holders.count == 1, "one lease holder throughout, not \(holders)")
        // Exactly one of the two probed the check: the other started nothing. (Sample times are stored to the second, and
        // one checker's probes can share a second when one starts late, so the probe counts are what tells the two apart.)
        #expect(min(portal.figures.started, checkerStarted) == 0, "portal started \(portal.figures.started), the monitor \(checkerStarted)")
        #expect((4...8).contains(max(portal.figures.started, checkerStarted)), "one probe a second for about 6 s")
        #expect(samples >= 4 && samples <= 8, "\(samples) samples in about 6 s; two checkers would give about two a second")
    }

    @Test func importAndExportChecksOnTheCommandLine() throws {
        let folder = temporaryDirectory()
        let db = folder + "/forewarn.sqlite"
        for (kind, csv) in InventoryFixture.files {
            let path = folder + "/\(kind).csv"
            try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
            #expect(try runForewarn(["import", "--db", db, "--kind", kind, path]).status == 0)
        }
        let checks = folder + "/checks.csv"
        try Data("name,kind,target_kind,target_name,url,interval_seconds\npg web,http,service,pg-3,http://127.0.0.1:9/,15\nbad,http,service,nope,,0\n".utf8)
            .write(to: URL(fileURLWithPath: checks))
        let refused = try runForewarn(["import", "--db", db, "--kind", "checks", checks])
        #expect(refused.status == 1 && refused.stderr.contains("line 3, column interval_seconds: Interval must be at least 1 second."), "\(refused.stderr)")
        try Data("name,kind,target_kind,target_name,url,interval_seconds\npg web,http,service,pg-3,http://127.0.0.1:9/,15\n".utf8).write(to: URL(fileURLWithPath: checks))
        let imported = try runForewarn(["import", "--db", db, "--kind", "checks", checks])
        #expect(imported.status == 0 && imported.stdout.contains("imported 1 checks"), "\(imported.stderr)")
        let exported = try runForewarn(["export", "--db", db, "--kind", "checks"])
        #expect(exported.stdout.contains("pg web,http,service,pg-3,http://127.0.0.1:9/,,,15,10000,200-399,,,80,120"), "\(exported.stdout)")
        let purged = try runForewarn(["monitor", "purge", "--db", db])
        #expect(purged.status == 0 && purged.stdout.contains("purged 0 samples"))
    }

    @Test func theConsoleTableIsAligned() throws {
        let app = try MonitoringAlertTests.start()
        defer { app.stop() }
        let web = try MonitoringAlertTests.addCheck(app, name: "portal home", url: "http://127.0.0.1:9/")
        let db = try MonitoringAlertTests.addCheck(app, name: "pg", kind: .tcp, host: "127.0.0.1", port: 9)
        try app.app.context.store.write { store in
            try CheckStore.setPaused(store, id: web, paused: true)
            try CheckStore.setPaused(store, id: db, paused: true)
            let now = Date()
            try SampleStore.insert(store, (0..<10).map { NewSample(checkID: web, at: now.addingTimeInterval(Double(-$0)), available: $0 != 3,
                                                                    httpStatus: $0 == 3 ? 500 : 200, responseMS: 10 + $0) })
        }
        let table = try MonitoringConsole.table(app.app.context.store, window: 120)
        let lines = table.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(table)")
        #expect(lines[1].hasPrefix("CHECK") && lines[2].hasPrefix("pg ") && lines[3].hasPrefix("portal home"))
        #expect(lines[3].contains("90.0 %") && lines[3].contains("200×9 500×1"), "\(table)")
        // Columns line up: the availability column ends at the same place on every row.
        let header = lines[1].range(of: "AVAILABILITY")!.upperBound.utf16Offset(in: lines[1])
        #expect(lines[3].range(of: "90.0 %")!.upperBound.utf16Offset(in: lines[3]) == header)
    }
}
