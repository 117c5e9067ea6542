import Foundation

/// The real SMTP server of smtp_sink.py (beside this file), run as a child process for one test; `stop()` (or deinit) ends it,
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
    private let script: LoopbackScript

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// Starts the sink; addresses containing `reject` get 550 and those containing `deferring` get 451 at RCPT;
    /// `port` reuses a port (a restarted "same server"), `delay` waits before storing each message.
    public init(reject: String? = nil, deferring: String? = nil, timeout: Int = 25, port: Int? = nil, delay: Double = 0) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var arguments = [folder.path, "--timeout", String(timeout), "--stop-on-eof"]
        if let reject { arguments += ["--reject", reject] }
        if let deferring { arguments += ["--defer", deferring] }
        if let port { arguments += ["--port", String(port)] }
        if delay > 0 { arguments += ["--delay", String(delay)] }
        script = try LoopbackScript("smtp_sink.py", arguments: arguments, folder: folder)
        self.port = script.port
    }

    deinit { stop() }

    /// Ends the sink and removes its folder; safe to call twice.
    public func stop() {
        script.stop()
        try? FileManager.default.removeItem(at: folder)
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
