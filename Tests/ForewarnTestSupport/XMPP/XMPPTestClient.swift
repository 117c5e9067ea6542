import Foundation

/// A real XMPP client for tests: `xmpp_client.py` (slixmpp) signed in to a test Prosody, driven line by line.
public final class XMPPTestClient {
    /// One thing the client saw: a presence or a message from `from`, or its own session events.
    public struct Event: Decodable, Sendable {
        public let event: String
        public let from: String?
        public let type: String?
        public let show: String?
        public let status: String?
        public let body: String?
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let events = Locked<[Event]>([])
    private let buffer = Locked(Data())

    public init(jid: String, password: String, port: Int) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("xmpp_client.py").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, jid, password, String(port)]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        PipeReader.start(output.fileHandleForReading) { [events, buffer] chunk in
            var lines: [Data] = []
            buffer.mutate { data in
                data.append(chunk)
                while let newline = data.firstIndex(of: UInt8(ascii: "\n")) {
                    lines.append(data[data.startIndex..<newline])
                    data.removeSubrange(data.startIndex...newline)
                }
            }
            let decoded = lines.compactMap { try? JSONDecoder().decode(Event.self, from: $0) }
            if !decoded.isEmpty { events.mutate { $0 += decoded } }
        }
        guard waitFor(timeout: 20, { $0.event == "session_start" }) != nil else {
            stop()
            throw ClientError("the XMPP client \(jid) did not sign in to 127.0.0.1:\(port)")
        }
    }

    public var seen: [Event] { events.value }

    /// The first event (from now on or already seen, as `after` says) matching `predicate`, waiting up to `timeout`.
    @discardableResult
    public func waitFor(timeout: TimeInterval, after: Int = 0, _ predicate: (Event) -> Bool) -> Event? {
        let end = Date().addingTimeInterval(timeout)
        repeat {
            if let found = events.value.dropFirst(after).first(where: predicate) { return found }
            usleep(20_000)
        } while Date() < end
        return nil
    }

    public func subscribe(to jid: String) throws { try send(["op": "subscribe", "to": jid]) }

    public func say(_ body: String, to jid: String) throws { try send(["op": "send", "to": jid, "body": body]) }

    private func send(_ command: [String: String]) throws {
        var line = try JSONSerialization.data(withJSONObject: command)
        line.append(UInt8(ascii: "\n"))
        try input.fileHandleForWriting.write(contentsOf: line)
    }

    public func stop() {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
