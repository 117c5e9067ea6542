import ForewarnTestSupport
import Foundation
import Testing

/// The tests' own temporary files: one folder per test process, and folders of ended runs swept away.
@Suite("Test support: temporary folders")
struct TestRunFolderTests {
    @Test func testFoldersLiveInsideThisRunsFolder() {
        let folder = temporaryDirectory()
        #expect(folder.hasPrefix(TestRunFolder.path + "/"))
        #expect(TestRunFolder.path.contains("/forewarn-run-\(getpid())-"))
        #expect(FileManager.default.fileExists(atPath: folder))
    }

    @Test func foldersOfEndedRunsAreSweptAndLiveOnesKept() throws {
        let base = temporaryDirectory()
        // A child that has exited and been reaped: its pid names no process now.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let ended = base + "/forewarn-run-\(child.processIdentifier)-DEADBEEF"
        let live = base + "/forewarn-run-\(getppid())-CAFEBABE"
        let other = base + "/forewarn-runner-notes"
        for path in [ended, live, other] { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        TestRunFolder.sweepFoldersOfEndedRuns(in: base)
        #expect(!FileManager.default.fileExists(atPath: ended), "the ended run's folder is removed")
        #expect(FileManager.default.fileExists(atPath: live), "a running process's folder is kept")
        #expect(FileManager.default.fileExists(atPath: other), "other names are left alone")
    }
}
