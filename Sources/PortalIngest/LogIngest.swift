import Foundation
import PortalStore

/// The log bridge of one process: the batch writer, the full-text indexer behind it, and the syslog receivers that
/// feed it (each optional).
public final class LogIngest: @unchecked Sendable {
    public let writer: LogBatchWriter
    public let indexer: LogIndexer
    public let udp: SyslogUDPReceiver?
    public let tcp: SyslogTCPReceiver?

    /// Binds the receivers asked for (nil: off); nothing runs until `start`.
    public init(store: Store, udp udpAddress: ListenAddress?, tcp tcpAddress: ListenAddress?, capacity: Int = 100_000) throws {
        let indexer = LogIndexer(store: store)
        let writer = LogBatchWriter(store: store, capacity: capacity, indexer: indexer)
        self.indexer = indexer
        self.writer = writer
        udp = try udpAddress.map { try SyslogUDPReceiver(address: $0, writer: writer) }
        tcp = try tcpAddress.map { try SyslogTCPReceiver(address: $0, writer: writer) }
    }

    public var counters: IngestCounters { writer.counters }

    public func start() {
        writer.start()
        udp?.start()
        tcp?.start()
    }

    /// Stops receiving, then writes what is queued and indexes what is written.
    public func stop() {
        udp?.stop()
        tcp?.stop()
        writer.stop()
    }
}
