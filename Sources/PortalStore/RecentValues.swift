import Foundation

/// Values kept for `lifetime` seconds by key, shared by threads.
final class RecentValues: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: (at: Date, value: Int64)] = [:]
    private let lifetime: TimeInterval

    init(lifetime: TimeInterval) { self.lifetime = lifetime }

    func value(for key: String) -> Int64? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = values[key], Date().timeIntervalSince(entry.at) < lifetime else { return nil }
        return entry.value
    }

    func set(_ value: Int64, for key: String) {
        lock.lock()
        defer { lock.unlock() }
        values[key] = (Date(), value)
    }
}
