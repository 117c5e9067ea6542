import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fixed number of threads with a bounded queue for slow work (argon2id sign-in, PDFs, CSV imports, big reports),
/// so the libmicrohttpd threads keep answering everyone else. When every thread is busy and the queue is full,
/// `submit` refuses at once: the caller answers 503 rather than letting requests pile up.
public final class WorkPool: @unchecked Sendable {
    /// The work threads' nice value above the process's: below the request threads, but not so far that a busy machine starves slow work
    /// past its clients' patience (10 let a large PDF wait over 15 s while the whole test suite ran).
    static let niceness: Int32 = 5
    /// Linux's SCHED_BATCH (3); Glibc does not export the constant to Swift.
    static let batchPolicy: Int32 = 3
    public let threadCount: Int
    public let queueLimit: Int
    private let condition = NSCondition()
    private var queue: [@Sendable () -> Void] = []
    private var running = 0
    private var stopping = false
    private var alive = 0

    /// `threads` workers; at most `queueLimit` jobs wait for one.
    public init(threads: Int, queueLimit: Int) {
        self.threadCount = max(1, threads)
        self.queueLimit = max(0, queueLimit)
        alive = threadCount
        for index in 0..<threadCount {
            // The threads hold the pool until `stop()` ends them.
            let thread = Thread { self.work() }
            thread.name = "forewarn-work-\(index)"
            thread.start()
        }
    }

    /// Runs `job` on a pool thread; false (and `job` never runs) when every thread is busy and the queue is full.
    public func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping, running + queue.count < threadCount + queueLimit else { return false }
        queue.append(job)
        condition.signal()
        return true
    }

    /// Jobs running and waiting now.
    public var load: (running: Int, queued: Int) {
        condition.lock()
        defer { condition.unlock() }
        return (running, queue.count)
    }

    /// Finishes the queued and running jobs, then ends the threads.
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while alive > 0 { condition.wait() }
        condition.unlock()
    }

    private func work() {
        // Below the request threads: on a busy machine the scheduler serves page requests first. Relative to the
        // process's own value, so a service started with `Nice=-5` keeps the same gap.
        // (On Linux the nice value of `who == 0` is the calling thread's own; a new thread starts with its creator's.)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let inherited = getpriority(which, 0)
        _ = setpriority(which, 0, (errno == 0 ? inherited : 0) + WorkPool.niceness)
        // SCHED_BATCH (no privilege needed, keeps the nice value): the scheduler treats the thread as CPU-bound and
        // never lets its wake-up preempt a running request thread, which shortens the request threads' waits.
        var parameters = sched_param(sched_priority: 0)
        _ = pthread_setschedparam(pthread_self(), WorkPool.batchPolicy, &parameters)
        condition.lock()
        while true {
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping { break }
            let job = queue.removeFirst()
            running += 1
            condition.unlock()
            job()
            condition.lock()
            running -= 1
        }
        alive -= 1
        condition.broadcast()
        condition.unlock()
    }
}
