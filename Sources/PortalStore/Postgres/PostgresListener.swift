import CPostgres
import Foundation
import Glibc

/// A connection of its own that `LISTEN`s on PostgreSQL channels and calls `onNotify` with the channel's name for every
/// notification (`NOTIFY`, sent by the triggers in `PostgresMigrations`: a change committed by any instance). A thread
/// waits on the connection's socket (`poll` on `PQsocket`, then `PQconsumeInput`/`PQnotifies`). When the connection
/// breaks, it connects again after a second and calls `onNotify` for every channel, since changes may have been missed.
public final class PostgresListener: @unchecked Sendable {
    public let channels: [String]
    private let url: String
    private let onNotify: @Sendable (String) -> Void
    private let lock = NSLock()
    private var running = false
    private var connected = false
    private let finished = DispatchSemaphore(value: 0)

    /// `channels`: plain lower-case names (letters, digits, `_`).
    public init(url: String, channels: [String], onNotify: @escaping @Sendable (String) -> Void) {
        self.url = url
        self.channels = channels.filter { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !$0.isEmpty }
        self.onNotify = onNotify
    }

    deinit { stop() }

    /// Whether the listening connection is up (tests wait for it before changing anything).
    public var isListening: Bool {
        lock.lock()
        defer { lock.unlock() }
        return connected
    }

    public func start() {
        lock.lock()
        guard !running else { lock.unlock(); return }
        running = true
        lock.unlock()
        let thread = Thread { [self] in
            var first = true
            while isRunning {
                if let connection = connect() {
                    if !first { for channel in channels { onNotify(channel) } }
                    first = false
                    setConnected(true)
                    listen(on: connection)
                    setConnected(false)
                    PQfinish(connection)
                }
                if isRunning { Thread.sleep(forTimeInterval: 1) }
            }
            finished.signal()
        }
        thread.name = "forewarn-pg-listen"
        thread.start()
    }

    public func stop() {
        lock.lock()
        let wasRunning = running
        running = false
        lock.unlock()
        if wasRunning { finished.wait() }
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    private func setConnected(_ value: Bool) {
        lock.lock()
        connected = value
        lock.unlock()
    }

    private func connect() -> OpaquePointer? {
        guard let connection = PQconnectdb(url) else { return nil }
        guard PQstatus(connection) == CONNECTION_OK else {
            PQfinish(connection)
            return nil
        }
        for channel in channels {
            let result = PQexec(connection, "LISTEN \(channel)")
            let ok = PQresultStatus(result) == PGRES_COMMAND_OK
            PQclear(result)
            if !ok {
                PQfinish(connection)
                return nil
            }
        }
        return connection
    }

    /// Waits for notifications until the connection breaks or `stop` is called (looked at every 200 ms).
    private func listen(on connection: OpaquePointer) {
        let socket = PQsocket(connection)
        guard socket >= 0 else { return }
        while isRunning {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 200)
            if ready < 0 && errno != EINTR { return }
            guard ready > 0 else { continue }
            guard PQconsumeInput(connection) == 1 else { return }
            var seen = Set<String>()
            while let notification = PQnotifies(connection) {
                seen.insert(String(cString: notification.pointee.relname))
                PQfreemem(notification)
            }
            // One call per channel however many notifications arrived together.
            for channel in seen { onNotify(channel) }
        }
    }
}
