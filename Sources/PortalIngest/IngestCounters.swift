import Foundation

/// What the receivers and the writer did since start: shown on `/logs` and in the bridge's log. Thread-safe.
public final class IngestCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Int] = [:]

    public init() {}

    public func add(_ name: String, _ amount: Int = 1) {
        lock.lock()
        values[name, default: 0] += amount
        lock.unlock()
    }

    public func value(_ name: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return values[name] ?? 0
    }

    /// Every counter, sorted by name.
    public var snapshot: [(name: String, value: Int)] {
        lock.lock()
        defer { lock.unlock() }
        return values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Counter names.
    public static let received = "received"
    public static let stored = "stored"
    public static let droppedUDP = "dropped (UDP, queue full)"
    public static let refusedHTTP = "refused (HTTP, queue full)"
    public static let writeFailures = "lost (write failed)"
    public static func rejected(_ rejection: SyslogRejection) -> String { "skipped: \(rejection.counter)" }
}
