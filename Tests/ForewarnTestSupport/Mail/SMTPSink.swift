import Foundation

/// The real SMTP server of Support/smtp_sink.py, run as a child process for one test; `stop()` (or deinit) ends it,
/// and it also ends by itself after `timeout` seconds or when this process dies (its stdin closes).
public final class SMTPSink {
    public struct Envelope: Decodable {
        public let mailFrom: String
        public let rcptTos: [String]
        public enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from"
            case rcptTos = "rcpt_tos"
        }
    }

    public struct StartFailure: Error, CustomStringConvertible {
        public let description: String
    }

    public let port: Int
    public let folder: URL
    private let process: Process
    private let input: Pipe
    private let removesFolder: Bool

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// Starts the sink; addresses containing `reject` get 550 and those containing `deferring` get 451 at RCPT.
    public init(reject: String? = nil, deferring: String? = nil, timeout: Int = 25, port: Int? = nil, delay: Double = 0,
                folder existing: URL? = nil) throws {
        folder = existing ?? FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        removesFolder = existing == nil
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py")
        var arguments = ["python3", script.path, folder.path, "--timeout", String(timeout), "--stop-on-eof"]
        if let reject { arguments += ["--reject", reject] }
        if let deferring { arguments += ["--defer", deferring] }
        if let port { arguments += ["--port", String(port)] }
        if delay > 0 { arguments += ["--delay", String(delay)] }

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        input = Pipe()
        let output = Pipe()
        let errorFile = folder.appendingPathComponent("sink.err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()

        var firstLine = Data()
        while !firstLine.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // EOF: the sink died before printing its port.
            firstLine.append(chunk)
        }
        let text = String(decoding: firstLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            process.terminate()
            let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
            throw StartFailure(description: "smtp_sink.py did not print its port (got '\(text)'): \(stderr)")
        }
        self.port = port
    }

    deinit { stop() }

    /// Ends the sink and removes its folder; safe to call twice.
    public func stop() {
        // Closing stdin alone stops the sink (--stop-on-eof); SIGTERM and finally SIGKILL make sure of it.
        try? input.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        if removesFolder { try? FileManager.default.removeItem(at: folder) }
    }

    /// The stored messages, oldest first.
    public func messages() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "eml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// How many TCP connections the sink accepted.
    public func connections() -> Int {
        Int((try? String(contentsOf: folder.appendingPathComponent("connections"), encoding: .utf8)) ?? "0") ?? 0
    }

    /// The SMTP envelope recorded beside `message`.
    public func envelope(of message: URL) throws -> Envelope {
        let data = try Data(contentsOf: message.deletingPathExtension().appendingPathExtension("json"))
        return try JSONDecoder().decode(Envelope.self, from: data)
    }
}
