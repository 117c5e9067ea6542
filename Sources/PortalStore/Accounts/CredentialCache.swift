import Foundation

/// A credential as read from the database, which can tell by its own clock whether it is still usable.
public protocol CachedCredential: Sendable {
    /// Usable at `now` by what the row said (expiry, idle time, user not disabled).
    func isLive(at now: Date) -> Bool
    /// Records that its last-use time was written at `now`.
    mutating func markUsed(at now: Date)
}

/// Sessions (by cookie value) or API tokens (by token) kept in memory for `lifetime` seconds, so a signed-in request
/// neither hashes its credential nor reads the table. An entry is used only while the database's sessions `DatabaseSignal` has
/// not moved since it was read (a sign-out, token revocation, password change, role change or disabling anywhere
/// drops every entry at once) and while the credential is still live by its own clock (checked on every use).
public final class CredentialCache<Credential: CachedCredential>: @unchecked Sendable {
    private struct Entry {
        var session: Credential
        let signal: UInt64
        let readAt: Date
    }
    private let signal: DatabaseSignal?
    private let lifetime: TimeInterval
    private let capacity: Int
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    /// `lifetime`: seconds an entry is used without reading the row again (the safety net under the signal).
    public init(signal: DatabaseSignal?, lifetime: TimeInterval = 5, capacity: Int = 50_000) {
        self.signal = signal
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The live session with this cookie value: from memory when still valid, else from `load` (kept for next time).
    public func find(_ id: String, now: Date = Date(), load: () throws -> Credential?) rethrows -> Credential? {
        // Read the counter before the row: a change committed in between moves it, and the entry is not used again.
        guard let mark = signal?.current() else { return try load() }
        lock.lock()
        if let entry = entries[id], entry.signal == mark, now.timeIntervalSince(entry.readAt) < lifetime, entry.session.isLive(at: now) {
            lock.unlock()
            return entry.session
        }
        lock.unlock()
        let session = try load()
        lock.lock()
        defer { lock.unlock() }
        if let session {
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = Entry(session: session, signal: mark, readAt: now)
        } else {
            entries[id] = nil
        }
        return session
    }

    /// Records that the credential's last-use time was written (so the next requests do not write it again).
    public func touched(_ id: String, at now: Date = Date()) {
        lock.lock()
        entries[id]?.session.markUsed(at: now)
        lock.unlock()
    }

    /// Whether entries can be used now (PostgreSQL: once the listener is connected).
    public var isTrusted: Bool { signal?.current() != nil }

    func close() { signal?.stop() }

    /// Entries held now (tests).
    public var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }
}
