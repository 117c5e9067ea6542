import Foundation

/// A real Prosody (Debian's package) on loopback for the tests, with a generated config: one virtual host
/// `example.org` for people and one external component (XEP-0114) whose domain and secret the test chooses.
/// Runs as the `prosody` user, as Prosody insists when started by root.
public final class ProsodyServer {
    public let folder: String
    public let clientPort: Int
    public let componentPort: Int
    public let componentDomain: String
    public let componentSecret: String
    private var process: Process?

    public init(componentDomain: String = "services.example.org", componentSecret: String = "component-secret-for-tests") throws {
        folder = temporaryDirectory() + "/prosody"
        self.componentDomain = componentDomain
        self.componentSecret = componentSecret
        clientPort = try Self.freePort()
        componentPort = try Self.freePort()
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        let config = """
            pidfile = "\(folder)/prosody.pid"
            data_path = "\(folder)/data"
            log = { { levels = { min = "info" }, to = "file", filename = "\(folder)/prosody.log" } }
            interfaces = { "127.0.0.1" }
            c2s_ports = { \(clientPort) }
            s2s_ports = { }
            component_ports = { \(componentPort) }
            component_interfaces = { "127.0.0.1" }
            http_ports = { }
            https_ports = { }
            c2s_require_encryption = false
            allow_unencrypted_plain_auth = true
            authentication = "internal_plain"
            modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "presence"; "message" }
            modules_disabled = { "s2s"; "tls"; "offline" }
            VirtualHost "example.org"
            Component "\(componentDomain)"
                component_secret = "\(componentSecret)"
            """
        try config.write(toFile: folder + "/prosody.cfg.lua", atomically: true, encoding: .utf8)
        // Every folder above must be traversable by the prosody user.
        var path = folder
        while path != "/" && !path.isEmpty {
            chmod(path, 0o755)
            path = (path as NSString).deletingLastPathComponent
        }
        try Self.run("/bin/chown", ["-R", "prosody", folder])
        try start()
    }

    /// Registers a person's account on `example.org`.
    public func register(_ user: String, password: String) throws {
        let status = try Self.run("/usr/sbin/runuser", ["-u", "prosody", "--", "prosodyctl", "--config", folder + "/prosody.cfg.lua",
                                                        "register", user, "example.org", password])
        guard status == 0 else { throw ClientError("prosodyctl register \(user) failed: \(log)") }
    }

    /// Creates many accounts on `example.org` at once (`prefix0`…), written straight into Prosody's internal storage
    /// (one `prosodyctl register` takes a good part of a second; the benchmark needs a thousand).
    public func registerMany(prefix: String, count: Int, password: String) throws {
        let folder = self.folder + "/data/example%2eorg/accounts"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<count {
            try "return {\n\t[\"password\"] = \"\(password)\";\n};\n".write(toFile: "\(folder)/\(prefix)\(index).dat", atomically: false, encoding: .utf8)
        }
        try Self.run("/bin/chown", ["-R", "prosody", self.folder + "/data"])
    }

    public func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        process.arguments = ["-u", "prosody", "--", "prosody", "--config", folder + "/prosody.cfg.lua", "-F"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if Self.accepts(port: clientPort) && Self.accepts(port: componentPort) { return }
            usleep(50_000)
        }
        stop()
        throw ClientError("Prosody did not start on 127.0.0.1:\(clientPort)/\(componentPort): \(log)")
    }

    /// Stops Prosody (all its connections drop); `start()` brings it back on the same ports.
    public func stop() {
        guard let process, process.isRunning else { return }
        // runuser forwards the signal; Prosody's own pid is in the pidfile.
        if let text = try? String(contentsOfFile: folder + "/prosody.pid", encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
        }
        // runuser does not pass SIGTERM on to Prosody in every case: end every process started with this config.
        _ = try? Self.run("/usr/bin/pkill", ["-TERM", "-f", folder + "/prosody.cfg.lua"])
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        _ = try? Self.run("/usr/bin/pkill", ["-KILL", "-f", folder + "/prosody.cfg.lua"])
        while Self.accepts(port: clientPort), Date() < deadline.addingTimeInterval(5) { usleep(20_000) }
    }

    public var log: String { (try? String(contentsOfFile: folder + "/prosody.log", encoding: .utf8)) ?? "" }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ClientError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
