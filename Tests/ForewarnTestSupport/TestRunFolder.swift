import Foundation

/// One folder under the system's temporary folder per test process, `forewarn-run-<pid>-<random>`: every test's
/// temporary files go inside it, it is removed when the process exits, and folders of test processes that are gone
/// (killed, crashed) are removed by the next run. Before this, each test left its folder behind: 50,000 folders and
/// 70 GB in /tmp after a day of runs.
public enum TestRunFolder {
    public static let path: String = {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).path
        sweepFoldersOfEndedRuns(in: base)
        let path = base + "/forewarn-run-\(getpid())-" + UUID().uuidString.prefix(8)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        // Registered only once the path exists, so reading it at exit finds it set.
        atexit { try? FileManager.default.removeItem(atPath: TestRunFolder.path) }
        return path
    }()

    /// A file path inside the run's folder (the file is not created).
    public static func file(_ name: String) -> URL {
        URL(fileURLWithPath: path + "/" + name)
    }

    /// Removes `forewarn-run-<pid>-*` folders whose process no longer runs.
    public static func sweepFoldersOfEndedRuns(in base: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix("forewarn-run-") {
            let parts = name.split(separator: "-")
            guard parts.count >= 4, let pid = Int32(parts[2]), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: base + "/" + name) }
        }
    }
}
