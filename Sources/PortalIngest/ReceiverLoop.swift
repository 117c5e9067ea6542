import Foundation

/// A receiver's own thread: runs its loop until `stop()` asks it to end, then waits until the loop has returned
/// (so the socket can be closed safely). Shared by the UDP and TCP syslog receivers.
final class ReceiverLoop: @unchecked Sendable {
    private let lock = NSLock()
    private var stopping = false
    private var started = false
    private let finished = DispatchSemaphore(value: 0)

    /// True once `stop()` was called: the loop checks it on every turn.
    var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    func start(name: String, _ body: @escaping @Sendable () -> Void) {
        lock.lock()
        started = true
        lock.unlock()
        let thread = Thread { [finished] in
            body()
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Asks the loop to end and waits until it has (at once when it never started).
    func stop() {
        lock.lock()
        stopping = true
        let wait = started
        lock.unlock()
        if wait { finished.wait() }
    }
}
