import Foundation

/// A Python test server from this folder run as a child process: it prints its port on the first line, writes what it
/// receives into `folder`, and stops when its stdin closes (this process died), on SIGTERM, or finally on SIGKILL.
final class LoopbackScript {
    let port: Int
    private let process = Process()
    private let input = Pipe()

    /// Runs `script` (a file beside this one) with `arguments`; its stderr goes to `folder/<script>.err`.
    init(_ script: String, arguments: [String], folder: URL) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(script).path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path] + arguments
        let output = Pipe()
        let errorFile = folder.appendingPathComponent(script + ".err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()

        var firstLine = Data()
        while !firstLine.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // EOF: the script died before printing its port.
            firstLine.append(chunk)
        }
        let text = String(decoding: firstLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            process.terminate()
            let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw SMTPSink.StartFailure(description: "\(script) did not print its port (got '\(text)'): \(stderr)")
        }
        self.port = port
    }

    /// Ends the script; safe to call twice.
    func stop() {
        try? input.fileHandleForWriting.close()
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
