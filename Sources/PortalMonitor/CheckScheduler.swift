import CCurl
import Foundation
import PortalCore
import PortalStore

/// Runs the checks this process holds leases on, on one thread with libcurl's multi interface: no thread per check,
/// nothing blocking the portal's HTTP workers. Finished probes become samples handed to the `SampleWriter`.
final class CheckScheduler: @unchecked Sendable {
    private let store: Store
    private let owner: String
    private let writer: SampleWriter
    private let settings: MonitorSettings
    private let report: @Sendable (String) -> Void
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    private var stopping = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    // Loop state, touched only by the scheduler thread.
    private var checks: [Int64: CheckSpecSnapshot] = [:]
    private var queue = DueQueue()
    private var inFlight: [UnsafeMutableRawPointer: Probe] = [:]
    private var runningChecks = Set<Int64>()
    private var nextReload = 0.0
    private var nextLease = 0.0
    private var held = Set<Int64>()
    /// Checks another checker held at the last claim: not worth an early claim until the next renewal.
    private var foreign = Set<Int64>()

    // Figures for benchmarks and logs, under `lock`.
    private var started = 0
    private var skipped = 0
    private var lags: [Double] = []

    init(store: Store, owner: String, writer: SampleWriter, settings: MonitorSettings, report: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.owner = owner
        self.writer = writer
        self.settings = settings
        self.report = report
        _ = CCurl_global_init_default()
        multi = curl_multi_init()
        // Many checks share few hosts; keep connections for reuse but never more than a sane number at once.
        _ = CCurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 512)
    }

    deinit { curl_multi_cleanup(multi) }

    func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "forewarn.monitor"
        thread.start()
        self.thread = thread
    }

    /// Stops the loop, abandons transfers in flight and gives up the leases so another checker takes over at once.
    func stop() {
        lock.lock()
        let wasRunning = thread != nil && !stopping
        stopping = true
        lock.unlock()
        guard wasRunning else { return }
        curl_multi_wakeup(multi)
        finished.wait()
        try? store.write { try CheckLeaseStore.release($0, owner: owner) }
        // The thread's closure holds self: drop it, or a stopped monitor (and its store's files) is never freed.
        lock.lock()
        thread = nil
        lock.unlock()
    }

    private var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    /// How many probes started, how many were skipped because the previous one of the same check still ran, and the
    /// scheduling lags (start minus due, in seconds).
    func figures() -> (started: Int, skipped: Int, lags: [Double]) {
        lock.lock()
        defer { lock.unlock() }
        return (started, skipped, lags)
    }

    private func run() {
        while !isStopping {
            let now = Date().timeIntervalSince1970
            if now >= nextReload { reload(now: now) }
            startDue(now: now)
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collect()
            let wait = max(0, min(0.2, (queue.nextDue ?? now + 0.2) - Date().timeIntervalSince1970, nextReload - now))
            var ready: Int32 = 0
            curl_multi_poll(multi, nil, 0, Int32((wait * 1000).rounded(.up)), &ready)
        }
        for (handle, probe) in inFlight {
            curl_multi_remove_handle(multi, handle)
            _ = probe
        }
        inFlight.removeAll()
    }

    /// Re-reads the checks and renews or takes leases; new checks are spread over their first interval.
    private func reload(now: Double) {
        nextReload = now + settings.reloadSeconds
        do {
            var records = try store.read { try CheckStore.list($0, paused: false) }
            // Renew on schedule, and at once when a check appeared that nobody may hold yet.
            if now >= nextLease || records.contains(where: { !held.contains($0.id) && !foreign.contains($0.id) }) {
                let until = Date(timeIntervalSince1970: now + settings.leaseSeconds)
                held = try store.write { try CheckLeaseStore.claim($0, owner: owner, until: until, now: Date(timeIntervalSince1970: now)) }
                foreign = Set(records.map(\.id)).subtracting(held)
                nextLease = now + settings.leaseSeconds / 3
                records = try store.read { try CheckStore.list($0, paused: false) }
            }
            var fresh: [Int64: CheckSpecSnapshot] = [:]
            for record in records where held.contains(record.id) {
                fresh[record.id] = CheckSpecSnapshot(id: record.id, spec: record.spec)
                if checks[record.id] == nil {
                    // Spread the first runs so 5,000 checks of one interval do not all start in the same millisecond.
                    let offset = Double(record.id % 997) / 997 * min(record.spec.intervalSeconds, 10)
                    queue.push(now + offset * 0.5, record.id)
                }
            }
            checks = fresh
            writer.update(checks: records.filter { held.contains($0.id) })
        } catch {
            report("monitor: cannot load checks: \(error)")
        }
    }

    private func startDue(now: Double) {
        while let due = queue.nextDue, due <= now, let item = queue.pop() {
            guard let check = checks[item.id] else { continue }  // deleted, paused or leased elsewhere: drop it
            var next = item.due + check.spec.intervalSeconds
            if next < now { next = now + check.spec.intervalSeconds }  // far behind (a long stall): do not burst
            queue.push(next, item.id)
            if runningChecks.contains(item.id) {
                lock.lock(); skipped += 1; lock.unlock()
                continue
            }
            guard let probe = Probe(check: check, due: item.due, started: Date()) else { continue }
            inFlight[probe.handle] = probe
            runningChecks.insert(item.id)
            curl_multi_add_handle(multi, probe.handle)
            lock.lock()
            started += 1
            if lags.count < 2_000_000 { lags.append(now - item.due) }
            lock.unlock()
        }
    }

    private func collect() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle, let probe = inFlight.removeValue(forKey: handle) else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            runningChecks.remove(probe.check.id)
            let result = probe.result(code: code)
            let verdict = SampleJudge.judge(result, spec: probe.check.spec, now: Date())
            writer.append(NewSample(checkID: probe.check.id, at: probe.started, available: verdict.available, degraded: verdict.degraded,
                                    httpStatus: result.httpStatus, responseMS: result.transportError == nil ? result.responseMS : nil,
                                    error: verdict.error, certificateExpiry: result.certificateExpiry))
        }
    }
}
