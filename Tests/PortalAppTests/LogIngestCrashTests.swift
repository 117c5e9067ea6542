import ForewarnTestSupport
import Foundation
import PortalCore
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
    }
}

@Suite("forewarn bridge")
struct BridgeCommandTests {
    @Test func theBridgeAloneReceivesSyslogIntoTheDatabase() throws {
        let database = temporaryDirectory() + "/bridge.sqlite"
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("forewarn").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: FileManager.default.fileExists(atPath: binary) ? binary : repositoryRoot + "/.build/debug/forewarn")
        process.arguments = ["bridge", "--db", database, "--syslog-tcp", "127.0.0.1:0"]
        let output = Pipe()
        process.standardOutput = output
        let text = Locked("")
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = String(decoding: handle.availableData, as: UTF8.self)
            text.mutate { $0 += chunk }
        }
        try process.run()
        var port = ""
        for _ in 0..<200 where port.isEmpty {
            if let range = text.value.range(of: #"tcp 127\.0\.0\.1:\d+"#, options: .regularExpression) { port = String(text.value[range].split(separator: ":").last!) }
            usleep(20_000)
        }
        #expect(!port.isEmpty, "\(text.value)")
        #expect(try runClient("logger", ["--rfc5424", "--tcp", "--server", "127.0.0.1", "--port", port, "--tag", "cronjob", "-p", "user.notice", "bridged aardvarkword"]).status == 0)
        Thread.sleep(forTimeInterval: 0.5)
        process.terminate()
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        #expect(process.terminationStatus == 0)
        #expect(text.value.contains("stored 1"), "\(text.value)")
        var query = LogQuery(from: .distantPast, to: .distantFuture)
        query.text = "aardvarkword"
        let records = try Store(path: database).read { try LogStore.search($0, query) }.records
        #expect(records.first?.product == "cronjob")
        #expect(records.first?.level == .notice)
    }
}
