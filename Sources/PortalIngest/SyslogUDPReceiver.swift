import Foundation
import PortalCore
#if canImport(Glibc)
import Glibc
#endif

/// Receives syslog datagrams (one message each) on its own thread; a full queue drops the message and counts it.
public final class SyslogUDPReceiver: @unchecked Sendable {
    public let port: UInt16
    private let fd: Int32
    private let writer: LogBatchWriter
    private let loop = ReceiverLoop()

    public init(address: ListenAddress, writer: LogBatchWriter) throws {
        (fd, port) = try Sockets.bind(address, type: Int32(SOCK_DGRAM.rawValue))
        self.writer = writer
    }

    public func start() {
        loop.start(name: "forewarn-syslog-udp") { [self] in run() }
    }

    public func stop() {
        loop.stop()
        close(fd)
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let counters = writer.counters
        while !loop.isStopping {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 200) > 0 else { continue }
            while true {
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                guard n > 0 else { break }
                switch SyslogParser.parse(buffer[0..<n], receivedAt: Date()) {
                case .success(let message):
                    if !writer.offer(message) { counters.add(IngestCounters.droppedUDP) }
                case .failure(let rejection):
                    counters.add(IngestCounters.rejected(rejection))
                }
            }
        }
    }
}
