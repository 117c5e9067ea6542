import Foundation

/// The life of one background thread: started once, stopped once by a flag its loop reads under `condition`, and
/// waited for until its body has returned. The batch writer and the indexer each run one.
final class WorkerThread: @unchecked Sendable {
    let condition = NSCondition()
    /// Read and written under `condition`.
    private(set) var running = false
    private(set) var stopped = false
    private let finished = DispatchSemaphore(value: 0)

    /// Runs `body` on a thread named `name`; false (and nothing runs) when it was started before.
    @discardableResult
    func start(name: String, _ body: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        guard !running else { condition.unlock(); return false }
        running = true
        condition.unlock()
        let thread = Thread { [finished] in
            body()
            finished.signal()
        }
        thread.name = name
        thread.start()
        return true
    }

    /// Sets `stopped`, wakes the loop and waits until the body has returned; false when it was not running or was
    /// stopped before.
    @discardableResult
    func stop() -> Bool {
        condition.lock()
        guard running, !stopped else { condition.unlock(); return false }
        stopped = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
        return true
    }
}
