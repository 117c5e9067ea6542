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
    private let script: LoopbackScript

    public var url: String { "http://127.0.0.1:\(port)/hook" }

    /// Starts the receiver; the first `failFirst` requests get 503; with `redirectTo` every request gets 307 there.
    public init(failFirst: Int = 0, redirectTo: String? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("webhooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        script = try LoopbackScript("webhook_receiver.py", arguments: [folder.path, "--fail", String(failFirst)] + (redirectTo.map { ["--redirect", $0] } ?? []),
                                  folder: folder)
        self.port = script.port
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
        script.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { stop() }
}
