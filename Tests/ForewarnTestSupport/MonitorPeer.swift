import Foundation

/// A local HTTP(S) server for the monitoring tests (monitor_peer.py as a child process): the test makes it answer 200,
/// 500, or hang past the check's timeout, to make a check flap for real.
public final class MonitorPeer {
    public enum Mode: String { case ok = "200", error = "500", hang }

    public let port: Int
    public let folder: URL
    private let script: LoopbackScript

    public var url: String { "http://127.0.0.1:\(port)/" }

    /// Starts the server; `hangSeconds` is how long a hanging answer takes; `certificate` (cert, key) makes it HTTPS.
    public init(hangSeconds: Double = 3, certificate: (cert: String, key: String)? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("monitor-peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var arguments = [folder.path, "--hang", String(hangSeconds)]
        if let certificate { arguments += ["--cert", certificate.cert, "--key", certificate.key] }
        script = try LoopbackScript("monitor_peer.py", arguments: arguments, folder: folder)
        port = script.port
    }

    deinit { stop() }

    /// Switches what the server answers from now on.
    public func set(_ mode: Mode) throws {
        _ = try fetch(port: UInt16(port), "GET", "/_mode?set=\(mode.rawValue)")
    }

    /// How many checks reached it.
    public func hits() -> Int {
        Int((try? String(contentsOf: folder.appendingPathComponent("hits"), encoding: .utf8)) ?? "0") ?? 0
    }

    public func stop() {
        script.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// A self-signed certificate for 127.0.0.1 made by openssl, valid for `days`; returns the cert and key paths.
    public static func makeCertificate(days: Int, in folder: String) throws -> (cert: String, key: String) {
        let cert = folder + "/cert.pem", key = folder + "/key.pem"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", String(days),
                             "-subj", "/CN=127.0.0.1"]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SMTPSink.StartFailure(description: "openssl req failed (\(process.terminationStatus))") }
        return (cert, key)
    }
}
