import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// Runs the built `forewarn` binary, which sits next to the test bundle.
func runForewarn(_ arguments: [String], environment: [String: String] = [:], directory: String = repositoryRoot) throws -> (status: Int32, stdout: String, stderr: String) {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("forewarn").path
    let fallback = repositoryRoot + "/.build/debug/forewarn"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: FileManager.default.fileExists(atPath: binary) ? binary : fallback)
    process.arguments = arguments
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

@Suite("forewarn command line")
struct CLITests {
    @Test func versionAndHelpReadWell() throws {
        let version = try runForewarn(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("forewarn "))
        let help = try runForewarn(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("serve"))
        #expect(help.stdout.contains("migrate"))
        #expect(help.stdout.contains("--db"))
    }

    @Test func migrateCreatesAndReportsTheSchema() throws {
        let path = temporaryDirectory() + "/nested/folder/forewarn.sqlite"
        let first = try runForewarn(["migrate", "--db", path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("migrated"))
        let second = try runForewarn(["migrate", "--db", path])
        #expect(second.stdout.contains("up to date"))
    }

    @Test func corruptDatabaseIsOneClearLine() throws {
        let path = temporaryDirectory() + "/corrupt.sqlite"
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let result = try runForewarn(["migrate", "--db", path])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("forewarn: cannot use database"))
        #expect(result.stderr.contains("not a SQLite database"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!result.stderr.contains("Fatal"))
    }

    @Test func unwritableDatabasePathIsOneClearLine() throws {
        let blocker = temporaryDirectory() + "/file"
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        // A folder cannot be created under a regular file.
        let result = try runForewarn(["serve", "--db", blocker + "/sub/forewarn.sqlite", "--port", "0"])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("forewarn: cannot use database"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func lockedDatabaseIsOneClearLine() throws {
        let path = temporaryDirectory() + "/locked.sqlite"
        let holder = try Database(path: path)
        try holder.execute("BEGIN EXCLUSIVE; CREATE TABLE held (x INTEGER) STRICT;")
        defer { try? holder.execute("ROLLBACK") }
        let result = try runForewarn(["migrate", "--db", path])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("forewarn: "))
        #expect(result.stderr.contains("locked"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func badFlagsExitNonZeroWithAMessage() throws {
        let result = try runForewarn(["serve", "--port", "99999"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--port must be between 0 and 65535"))
        let badURL = try runForewarn(["serve", "--public-url", "ftp://example.com"])
        #expect(badURL.status != 0)
        #expect(badURL.stderr.contains("--public-url must be a full http:// or https:// address"))
        let badEnvironment = try runForewarn(["serve"], environment: ["FOREWARN_PUBLIC_URL": "javascript:alert(1)"])
        #expect(badEnvironment.status != 0)
        #expect(badEnvironment.stderr.contains("FOREWARN_PUBLIC_URL must be a full http:// or https:// address"))
        let unknown = try runForewarn(["serve", "--no-such-flag"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no-such-flag"))
    }
}

@Suite("forewarn user and token")
struct CLIAccountTests {
    @Test func userAddReadsThePasswordFromStandardInputAndTokenCreatePrintsOnlyTheToken() throws {
        let db = temporaryDirectory() + "/u.sqlite"
        let process = Process()
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("forewarn").path
        process.executableURL = URL(fileURLWithPath: FileManager.default.fileExists(atPath: binary) ? binary : repositoryRoot + "/.build/debug/forewarn")
        process.arguments = ["user", "add", "--admin", "--db", db, "alice"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        input.fileHandleForWriting.write(Data("a long enough password\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).contains("created user alice with role admin"))
        let token = try runForewarn(["token", "create", "--db", db, "--user", "alice", "--scope", "write"])
        #expect(token.status == 0)
        #expect(token.stdout.hasPrefix("fw_"))
        #expect(token.stdout.split(separator: "\n").count == 1)
        let store = try Store(path: db)
        #expect(try store.read { try AccountStore.findToken($0, token: token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) }?.user.login == "alice")
        let missing = try runForewarn(["token", "create", "--db", db, "--user", "nobody"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("there is no user nobody"))
    }

    @Test func demoActivityAddsDowntimesIncidentsAndQueuedNoticesOnce() throws {
        let db = temporaryDirectory() + "/activity.sqlite"
        let first = try runForewarn(["demo-data", "--db", db, "--servers", "300", "--with-activity"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("demo activity: 4 downtimes"))
        let store = try Store(path: db)
        func count(_ sql: String) throws -> Int64 {
            if case .integer(let n)? = try store.read({ try $0.scalar(sql) }) { return n }
            return -1
        }
        #expect(try count("SELECT count(*) FROM downtimes") == 4)
        #expect(try count("SELECT count(*) FROM downtimes WHERE state = 'in_progress' AND kind = 'unplanned'") == 1)
        #expect(try count("SELECT count(*) FROM incidents") == 2)
        #expect(try count("SELECT count(*) FROM incidents WHERE status <> 'resolved' AND downtime_id IS NOT NULL") == 1, "the open incident links the outage")
        #expect(try count("SELECT count(*) FROM incidents WHERE root_cause <> ''") == 1)
        #expect(try count("SELECT count(*) FROM outbox WHERE status = 'queued'") > 0, "without SMTP the notices wait")
        let again = try runForewarn(["demo-data", "--db", db, "--if-empty", "--with-activity"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("no demo activity added"))
        #expect(try count("SELECT count(*) FROM downtimes") == 4)
    }
}
