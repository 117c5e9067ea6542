import Foundation
import PortalCore
#if canImport(Glibc)
import Glibc
#endif

/// Accepts syslog TCP connections and reads them all on one thread with poll(2), framing each stream (RFC 6587).
/// When the writer's queue is full, `put` waits, so this thread stops reading and the kernel's windows push back on senders.
public final class SyslogTCPReceiver: @unchecked Sendable {
    public let port: UInt16
    /// Connections beyond this are closed at once.
    public let maxConnections: Int
    private let listener: Int32
    private let writer: LogBatchWriter
    private let loop = ReceiverLoop()

    public init(address: ListenAddress, writer: LogBatchWriter, maxConnections: Int = 256) throws {
        (listener, port) = try Sockets.bind(address, type: Int32(SOCK_STREAM.rawValue))
        self.writer = writer
        self.maxConnections = maxConnections
    }

    public func start() {
        loop.start(name: "forewarn-syslog-tcp") { [self] in run() }
    }

    public func stop() {
        loop.stop()
        close(listener)
    }

    private func run() {
        var framers: [Int32: SyslogFramer] = [:]
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        let counters = writer.counters
        while !loop.isStopping {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            for fd in framers.keys { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
            guard poll(&fds, nfds_t(fds.count), 200) > 0 else { continue }
            if fds[0].revents & Int16(POLLIN) != 0 {
                let client = accept(listener, nil, nil)
                if client >= 0 {
                    if framers.count >= maxConnections { close(client) } else { framers[client] = SyslogFramer() }
                }
            }
            for pfd in fds.dropFirst() where pfd.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { recv(pfd.fd, $0.baseAddress, $0.count, 0) }
                var events: [SyslogFramer.Event]
                if n > 0 {
                    events = framers[pfd.fd]?.push(buffer[0..<n]) ?? []
                } else {
                    events = framers[pfd.fd]?.finish() ?? []
                    framers[pfd.fd] = nil
                    close(pfd.fd)
                }
                var messages: [LogMessage] = []
                messages.reserveCapacity(events.count)
                let now = Date()
                for event in events {
                    switch event {
                    case .frame(let frame):
                        switch SyslogParser.parse(frame, receivedAt: now) {
                        case .success(let message): messages.append(message)
                        case .failure(let rejection): counters.add(IngestCounters.rejected(rejection))
                        }
                    case .rejected(let rejection):
                        counters.add(IngestCounters.rejected(rejection))
                    }
                }
                if !messages.isEmpty { writer.put(messages) }
            }
        }
        for fd in framers.keys { close(fd) }
    }
}
