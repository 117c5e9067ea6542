import Foundation

/// The webhook receiver of webhook_receiver.py as a child process: records each POST and whether its signature verified.
public final class WebhookReceiver {
    public struct Delivery: Decodable {
        public let headers: [String: String]
        public let body: String
        public let valid: Bool
    }

    public let port: Int
    public let folder: URL
    private let process: Process
    private let input = Pipe()

    public var url: String { "http://127.0.0.1:\(port)/hook" }

    public init(failFirst: Int = 0) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("webhooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("webhook_receiver.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, folder.path, "--fail", String(failFirst)]
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw SMTPSink.StartFailure(description: "webhook_receiver.py did not print its port")
        }
        self.port = port
    }

    /// The secret the receiver checks signatures with.
    public func setSecret(_ secret: String) throws {
        try Data(secret.utf8).write(to: folder.appendingPathComponent("secret"))
    }

    public func deliveries() throws -> [Delivery] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { try JSONDecoder().decode(Delivery.self, from: Data(contentsOf: $0)) }
    }

    public func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate(); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }
}
