import Foundation

/// A worker thread that runs a pass, then sleeps until the deadline the pass returned or until `wake()`; `stop()` ends
/// the thread, waits for the pass in progress, and drops the closure (so what it captured, a store with its
/// database files, is released with the worker and not kept by a forgotten thread).
final class BackgroundLoop: @unchecked Sendable {
    private let name: String
    private let condition = NSCondition()
    private var pass: (() -> Date)?
    private var woken = false
    private var stopping = false
    private var running = false
    private var thread: Thread?

    init(name: String) {
        self.name = name
    }

    /// Starts the thread; `pass` runs at once, then again at the deadline it returns (or earlier when woken).
    func start(_ pass: @escaping () -> Date) {
        condition.lock()
        defer { condition.unlock() }
        guard !running else { return }
        self.pass = pass
        stopping = false
        running = true
        let thread = Thread { [self] in loop() }
        thread.name = name
        self.thread = thread
        thread.start()
    }

    /// Runs the next pass now instead of at its deadline.
    func wake() {
        condition.lock()
        woken = true
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread and waits until it has (unless called from the pass itself); the closure is dropped.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        if Thread.current !== thread {
            while running { condition.wait() }
        }
        pass = nil
        condition.unlock()
    }

    deinit { stop() }

    private func loop() {
        while true {
            condition.lock()
            let current = stopping ? nil : pass
            condition.unlock()
            guard let current else { break }
            let deadline = current()
            condition.lock()
            while !woken && !stopping && Date() < deadline { _ = condition.wait(until: deadline) }
            woken = false
            condition.unlock()
        }
        condition.lock()
        running = false
        pass = nil
        thread = nil
        condition.broadcast()
        condition.unlock()
    }
}
