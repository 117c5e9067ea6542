import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalIngest
import PortalStore
import Testing

@Suite("Log ingest survives kill -9", .serialized)
struct LogIngestCrashTests {
    /// Posts batches of 100 until the server dies; prints the number of every batch answered 202.
    static let poster = """
        import json, sys, urllib.request
        port, token = sys.argv[1], sys.argv[2]
        n = 0
        while True:
            batch = [{"level": "info", "message": "crash test %d %d" % (n, i), "product": "crashy", "version": "b%d" % n} for i in range(100)]
            request = urllib.request.Request("http://127.0.0.1:%s/api/v1/logs" % port, data=json.dumps(batch).encode(), method="POST",
                headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 202:
                        print(n, flush=True)
            except Exception:
                break
            n += 1
        """

    @Test func everyBatchAnswered202IsStoredAfterKill9() throws {
        let folder = temporaryDirectory()
        let database = try testDatabase(in: folder, name: "crash.sqlite")
        let token = try {
            let store = try Store(path: database)
            return try store.write { db -> String in
                try db.run("INSERT INTO users (login, display_name, role, password_hash, created_at, password_changed_at) VALUES ('ingest', 'Ingest', 'engineer', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
                return try AccountStore.createToken(db, userID: db.lastInsertRowID, name: "ingest", scope: "write")
            }
        }()
        let server = try WorkerOwnershipTests.Server(database: database, smtp: "smtp://127.0.0.1:9", secretKey: folder + "/crash.key")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.poster, String(server.port), token]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 2)
        server.kill9()
        let acknowledged = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
        process.waitUntilExit()
        #expect(acknowledged.count > 3, "the poster got few answers before the kill")
        let store = try Store(path: database)
        for batch in acknowledged {
            var query = LogQuery(from: .distantPast, to: .distantFuture)
            query.version = "b\(batch)"
            query.perPage = 1000
            let stored = try store.read { try LogStore.search($0, query) }.records.count
            #expect(stored == 100, "batch \(batch) was acknowledged with 202 but \(stored) of its 100 messages are stored")
        }
        // The restarted process's indexer resumes at the committed mark: every stored message becomes searchable,
        // none is indexed twice (FTS5's integrity check against the messages), whatever the kill interrupted.
        let newest = try store.read { try LogStore.lastID($0) }
        let indexer = LogIndexer(store: store)
        indexer.start()
        defer { indexer.stop() }
        #expect(indexer.waitUntilIndexed(through: newest))
        for batch in acknowledged {
            var query = LogQuery(from: .distantPast, to: .distantFuture)
            query.text = "\"crash test \(batch)\""
            query.perPage = 1000
            let found = try store.read { try LogStore.search($0, query) }.records.count
            #expect(found == 100, "batch \(batch): \(found) of its 100 messages are found by the full-text search")
        }
        // FTS5's own check (SQLite only: PostgreSQL's GIN index is kept by the database and has no index table to drift).
        if store.dialect == .sqlite {
            try store.write { db in _ = try db.run("INSERT INTO log_messages_fts (log_messages_fts, rank) VALUES ('integrity-check', 1)") }
        }
    }
}

@Suite("forewarn bridge")
struct BridgeCommandTests {
    /// A running `forewarn bridge` process on `database`, with the TCP port it printed.
    final class Bridge {
        let process = Process()
        let output = Pipe()
        let text = Locked("")
        var port = ""

        init(database: String, extra: [String] = []) throws {
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("forewarn").path
            process.executableURL = URL(fileURLWithPath: FileManager.default.fileExists(atPath: binary) ? binary : repositoryRoot + "/.build/debug/forewarn")
            process.arguments = ["bridge", "--db", database, "--syslog-tcp", "127.0.0.1:0"] + extra
            process.standardOutput = output
            try process.run()
            PipeReader.start(output.fileHandleForReading) { [text] data in
                let chunk = String(decoding: data, as: UTF8.self)
                text.mutate { $0 += chunk }
            }
            for _ in 0..<250 where port.isEmpty {
                if let range = text.value.range(of: #"tcp 127\.0\.0\.1:\d+"#, options: .regularExpression) { port = String(text.value[range].split(separator: ":").last!) }
                usleep(20_000)
            }
        }

        /// SIGTERM, then the exit status.
        func stop() -> Int32 {
            process.terminate()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    @Test func theBridgeAloneReceivesSyslogIntoTheDatabase() throws {
        let database = temporaryDirectory() + "/bridge.sqlite"
        let bridge = try Bridge(database: database)
        let port = bridge.port
        #expect(!port.isEmpty, "\(bridge.text.value)")
        #expect(try runClient("logger", ["--rfc5424", "--tcp", "--server", "127.0.0.1", "--port", port, "--tag", "cronjob", "-p", "user.notice", "bridged aardvarkword"]).status == 0)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(bridge.stop() == 0)
        #expect(bridge.text.value.contains("stored 1"), "\(bridge.text.value)")
        var query = LogQuery(from: .distantPast, to: .distantFuture)
        query.text = "aardvarkword"
        let records = try Store(path: database).read { try LogStore.search($0, query) }.records
        #expect(records.first?.product == "cronjob")
        #expect(records.first?.level == .notice)
    }

    /// The rules run in the bridge as in `serve`: a burst of 50 PROD errors from `logger` through a real bridge process
    /// queues one notice for pg-3's contacts and a named person; the same burst in TEST queues nothing; a message that
    /// counts as a beat moves the heartbeat up; the portal's outbox worker then delivers the notice to a real SMTP sink.
    @Test func theBridgeRunsTheLogRulesAfterEachBatch() throws {
        let sink = try SMTPSink(timeout: 90)
        defer { sink.stop() }
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.smtpURL = sink.url
            $0.mailFrom = "forewarn@ops.example.com"
            $0.deliversMail = false
            $0.runsMonitor = false
            $0.watchesHeartbeats = false
        }
        defer { app.stop() }
        try app.importFixture()
        let store = app.app.context.store
        let beat = try app.postJSON("/api/v1/heartbeats", #"{"name": "nightly-vacuum", "target": {"kind": "service", "name": "pg-3"}, "period_seconds": 3600, "grace_seconds": 600}"#)
        #expect(beat.status == 201, "\(beat.text)")
        let rules = #"{"stage": "PROD", "rules": [{"name": "pg-3 errors", "service": "pg-3", "minimum_level": "error", "text_kind": "any", "text": "", "count": 1, "window_seconds": 60, "notify_contacts": true, "notify": "Ana Lima"}, {"name": "vacuum done", "service": "pg-3", "minimum_level": "info", "text_kind": "fts", "text": "\"vacuum finished\"", "count": 1, "window_seconds": 60, "heartbeat": "nightly-vacuum"}]}"#
        #expect(try LogRulesFile.load(store, stage: .prod, data: Data(rules.utf8)) == 2)

        // The test's database: the SQLite file, or its PostgreSQL schema under `make test-postgres`.
        let bridge = try Bridge(database: store.path, extra: ["--public-url", "https://forewarn.example.com"])
        #expect(!bridge.port.isEmpty, "\(bridge.text.value)")
        func send(_ script: String) throws { #expect(try runClient("sh", ["-c", script]).status == 0) }
        let logger = "logger --rfc5424 --tcp --server 127.0.0.1 --port \(bridge.port) --tag pg-3 --sd-id forewarn@32473"
        try send("seq 50 | sed 's/^/bridgetest payment failed /' | \(logger) --sd-param 'stage=\"TEST\"' -p user.err")
        #expect(try LogRuleAppTests.eventually(10) {
            var query = LogQuery(from: .distantPast, to: .distantFuture)
            query.text = "bridgetest"
            return try store.read { try LogStore.search($0, query) }.records.count == 50
        })
        usleep(300_000)
        #expect(try LogRuleAppTests.rule(app).window == nil, "TEST messages do not match a PROD rule")
        #expect(try LogRuleAppTests.ruleNotices(app).isEmpty)

        try send("seq 50 | sed 's/^/bridgeprod payment failed /' | \(logger) --sd-param 'stage=\"PROD\"' -p user.err")
        try send("\(logger) --sd-param 'stage=\"PROD\"' -p user.info 'nightly vacuum finished in 12 s'")
        #expect(try LogRuleAppTests.eventually(10) { try LogRuleAppTests.rule(app).window?.count == 50 }, "all 50 counted in the bridge's window")
        #expect(try LogRuleAppTests.rule(app).window?.fired == true)
        #expect(try LogRuleAppTests.eventually(10) {
            try store.read { try HeartbeatStore.fetch($0, name: "nightly-vacuum") }?.state == .up
        }, "the bridge's rule counted the message as a beat")
        #expect(bridge.stop() == 0)

        let notices = try LogRuleAppTests.ruleNotices(app)
        #expect(Set(notices.map(\.noticeEventID)).count == 1, "one notice per rule per window")
        #expect(Set(notices.map(\.recipient)) == ["dba@example.com", "taro@example.jp", "ana@example.com"], "\(notices.map(\.recipient))")
        #expect(notices.allSatisfy { $0.payloadJSON.contains("forewarn.example.com") }, "links use the bridge's --public-url")

        // The portal that owns the workers delivers what the bridge queued.
        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: sink.messages())
        #expect(Set(mails.flatMap(\.to)) == ["dba@example.com", "taro@example.jp", "ana@example.com"], "\(mails.map(\.to))")
        #expect(mails.allSatisfy { $0.subject.hasPrefix("[Alert] Rule \"pg-3 errors\" (PROD)") }, "\(mails.map(\.subject))")
    }
}
