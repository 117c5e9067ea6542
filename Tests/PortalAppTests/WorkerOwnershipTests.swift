import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// Two `forewarn serve` processes on one database file: only one runs the clock (SQLite) and the other workers; both
/// deliver the outbox by lease; when the owner dies, the other takes over and nothing is sent twice (real binaries,
/// real SMTP sink).
@Suite("One worker owner per database", .serialized)
struct WorkerOwnershipTests {
    /// A `forewarn serve` child process with its output captured, and the port it reports.
    final class Server {
        let process = Process()
        private let output = Pipe()
        private let text = Locked("")
        private(set) var port: UInt16 = 0

        init(database: String, smtp: String, secretKey: String? = nil, port fixedPort: UInt16 = 0, extra: [String] = []) throws {
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("forewarn").path
            process.executableURL = URL(fileURLWithPath: FileManager.default.fileExists(atPath: binary) ? binary : repositoryRoot + "/.build/debug/forewarn")
            process.arguments = ["serve", "--db", database, "--port", "\(fixedPort)", "--smtp-url", smtp, "--mail-from", "forewarn@ops.example.com", "--log-level", "notice"]
                + (secretKey.map { ["--secret-key-file", $0] } ?? []) + extra
            process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
            process.standardOutput = output
            process.standardError = output
            try process.run()
            PipeReader.start(output.fileHandleForReading) { [text] data in
                let chunk = String(decoding: data, as: UTF8.self)
                text.mutate { $0 += chunk }
            }
            let deadline = Date().addingTimeInterval(20)
            while port == 0 && Date() < deadline {
                if let range = log.range(of: #"is running at http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                    port = UInt16(log[range].split(separator: ":").last!.dropLast()) ?? 0
                }
                usleep(20_000)
            }
            guard port != 0 else { throw ClientError("forewarn serve did not start: \(log)") }
        }

        var log: String { text.value }

        /// What `/healthz` says about the background workers: running, standby or off.
        func workers() throws -> String {
            let health = try fetch(port: port, "GET", "/healthz")
            return (health.json as? [String: Any])?["workers"] as? String ?? "?"
        }

        func kill9() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    func waitFor(_ seconds: TimeInterval, _ condition: () throws -> Bool) throws -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try condition() { return true }
            usleep(50_000)
        }
        return false
    }

    @Test func twoProcessesSendEachNoticeOnceAndTheSecondTakesOverWhenTheOwnerDies() throws {
        // The outbox as an announcement leaves it, plus one event for 200 more people: 203 notices.
        let setup = try TestApp.start { $0.clockInterval = 0; $0.deliversMail = false }
        try setup.importFixture()
        let start = NotificationTests.local(Date().addingTimeInterval(3 * 86_400), zone: "Europe/Paris")
        let end = NotificationTests.local(Date().addingTimeInterval(3 * 86_400 + 7200), zone: "Europe/Paris")
        let created = try setup.postJSON("/api/v1/downtimes", """
            {"title":"Two instances","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\(start)","ends_at":"\(end)","time_zone":"Europe/Paris"}
            """)
        let id = try #require((created.json as? [String: Any])?["id"] as? Int, "\(created.text)")
        #expect(try setup.postJSON("/api/v1/downtimes/\(id)/announce", "{}").status == 200)
        try setup.app.context.store.write { db in
            guard case .text(let payload)? = try db.scalar("SELECT payload_json FROM notice_events WHERE downtime_id = ?", [Int64(id)]) else {
                throw ClientError("the announcement queued no event")
            }
            let recipients = (1...200).map { NoticeRecipient(address: "person-\($0)@example.com", name: "Person \($0)", reasons: ["data owner of payroll-db"]) }
            let draft = NoticeDraft(eventKey: "load-test:\(id)", event: "announce", downtimeID: Int64(id), payloadJSON: payload, actor: "test",
                                    recipients: recipients)
            _ = try NoticeStore.enqueue(db, draft, messageDomain: "ops.example.com")
        }
        let expected = try setup.app.context.store.read { try NoticeStore.list($0, limit: 1000) }
        #expect(expected.count == 203)
        // The test's database: the SQLite file, or its PostgreSQL schema under `make test-postgres`.
        let database = setup.app.context.store.path
        let secretKey = setup.folder + "/forewarn.sqlite.key"
        setup.stop()

        let sink = try SMTPSink(timeout: 90, delay: 0.02)
        defer { sink.stop() }
        // Both deliver (rows are leased); the killed one's claims are taken over 10 s after their last renewal.
        let owner = try Server(database: database, smtp: sink.url, secretKey: secretKey, extra: ["--outbox-lease", "10"])
        defer { owner.stop() }
        #expect(try waitFor(10) { try owner.workers() == "running" })
        let standby = try Server(database: database, smtp: sink.url, secretKey: secretKey, extra: ["--outbox-lease", "10"])
        defer { standby.stop() }
        #expect(try standby.workers() == "standby")
        #expect(try waitFor(5) { standby.log.contains("this one serves pages and shares the outbox") }, "\(standby.log)")
        #expect(try fetch(port: standby.port, "GET", "/login").status == 200, "the second process serves pages")

        #expect(try waitFor(60) { try sink.messages().count >= 40 })
        #expect(try standby.workers() == "standby", "still only one owner while it lives")
        owner.kill9()
        let atKill = try sink.messages().count
        #expect(atKill < expected.count, "killed while notices were still queued")
        #expect(try waitFor(10) { try standby.workers() == "running" }, "the second process takes over within the retry interval")
        // /healthz says "running" as soon as the lock is held; the log line is written a moment later.
        #expect(try waitFor(5) { standby.log.contains("took over the background workers") }, "\(standby.log)")

        let store = try Store(path: database)
        #expect(try waitFor(60) {
            try store.read { try $0.scalar("SELECT count(*) FROM outbox WHERE status = 'sent'") } == .integer(Int64(expected.count))
        })
        usleep(300_000)
        let received = try ParsedEmail.parse(files: try sink.messages())
        let ids = received.compactMap(\.messageID)
        #expect(Set(ids) == Set(expected.map { "<\($0.messageID)>" }), "every notice arrived")
        #expect(ids.count <= expected.count + 1, "each arrived once; at most the one in flight at the kill twice: \(ids.count)")
    }
}
