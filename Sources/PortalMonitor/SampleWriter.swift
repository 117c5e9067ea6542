import Foundation
import PortalCore
import PortalStore

/// Collects samples and writes them in batches: one transaction per flush holds the samples, their rollups, the alert
/// rules' decisions, the alerts and the notices they cause, so a crash loses at most the last unflushed second.
final class SampleWriter: @unchecked Sendable {
    private let store: Store
    private let effects: MonitorEffects?
    private let settings: MonitorSettings
    private let report: @Sendable (String) -> Void
    private let condition = NSCondition()
    private var pending: [NewSample] = []
    private var checks: [Int64: CheckRecord] = [:]
    private var stopping = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    private var written = 0

    init(store: Store, effects: MonitorEffects?, settings: MonitorSettings, report: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.effects = effects
        self.settings = settings
        self.report = report
    }

    func append(_ sample: NewSample) {
        condition.lock()
        pending.append(sample)
        condition.unlock()
    }

    func update(checks records: [CheckRecord]) {
        condition.lock()
        checks = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
        condition.unlock()
    }

    var samplesWritten: Int {
        condition.lock()
        defer { condition.unlock() }
        return written
    }

    func start() {
        let thread = Thread { [self] in
            while true {
                condition.lock()
                let deadline = Date().addingTimeInterval(settings.flushSeconds)
                while !stopping, condition.wait(until: deadline) {}
                let done = stopping
                condition.unlock()
                flushLogged()
                if done { break }
            }
            finished.signal()
        }
        thread.name = "forewarn.monitor.writer"
        thread.start()
        self.thread = thread
    }

    /// Writes what is pending, then stops.
    func stop() {
        condition.lock()
        let wasRunning = thread != nil && !stopping
        stopping = true
        condition.broadcast()
        condition.unlock()
        if wasRunning { finished.wait() }
        // The thread's closure holds self: drop it, or a stopped writer (and its store's files) is never freed.
        condition.lock()
        thread = nil
        condition.unlock()
    }

    private var nextPurge = Date().addingTimeInterval(60)

    private func flushLogged() {
        do { try flush(now: Date()) } catch { report("monitor: cannot write samples: \(error)") }
        if Date() >= nextPurge {
            nextPurge = Date().addingTimeInterval(3600)
            do { try Retention.purge(store) } catch { report("monitor: cannot purge old samples: \(error)") }
        }
    }

    /// Writes the pending samples and evaluates the alert rules of every check they belong to.
    func flush(now: Date) throws {
        condition.lock()
        var batch = pending
        pending.removeAll(keepingCapacity: true)
        let known = checks
        condition.unlock()
        guard !batch.isEmpty else { return }
        let touched = Array(Set(batch.map(\.checkID))).compactMap { known[$0] }
        let cover = try effects?.maintenanceCover(touched, now: now) ?? [:]
        for index in batch.indices { batch[index].downtimeID = cover[batch[index].checkID] }
        var latest: [Int64: NewSample] = [:]
        for sample in batch where latest[sample.checkID].map({ $0.at <= sample.at }) ?? true { latest[sample.checkID] = sample }
        let grace = try settings.graceSeconds ?? store.read { db in
            (try SettingsStore.value(db, "monitoring.maintenance_grace_seconds")).flatMap(Double.init) ?? 300
        }
        try store.write { db in
            let existing = try CheckStore.existing(db, ids: Array(Set(batch.map(\.checkID))))
            try SampleStore.insert(db, batch.filter { existing.contains($0.checkID) })
            for check in touched where existing.contains(check.id) {
                guard let newest = latest[check.id] else { continue }
                try evaluate(db, check: check, newest: newest, covering: cover[check.id], grace: grace, now: now)
            }
        }
        condition.lock()
        written += batch.count
        condition.unlock()
    }

    private func evaluate(_ db: Database, check: CheckRecord, newest: NewSample, covering: Int64?, grace: Double, now: Date) throws {
        let window = try SampleStore.window(db, checkID: check.id, since: now.addingTimeInterval(-Double(check.spec.alertWindowSeconds)),
                                            excludingMaintenance: true)
        let phase = try CheckStateStore.phase(db, checkID: check.id)
        let open = try AlertStore.openAlert(db, checkID: check.id)
        let decision = AlertRules.decide(AlertInput(
            phase: phase, alertOpen: open != nil, availability: window.availability ?? 100, samples: window.samples,
            latestFailed: !newest.available, coveringDowntime: covering, thresholdPercent: check.spec.alertBelowPercent, graceSeconds: grace, now: now))
        if decision.phase != phase { try CheckStateStore.save(db, checkID: check.id, phase: decision.phase, now: now) }
        let availability = window.availability ?? 0
        switch decision.action {
        case .none:
            break
        case .alert:
            let message = AlertText.down(kind: check.spec.kind, url: check.spec.url, name: check.name, availability: availability, at: now)
            let id = try AlertStore.open(db, checkID: check.id, kind: .down, downtimeID: nil, at: now, availability: availability, message: message)
            try effects?.alertChanged(db, AlertChange(event: .opened, check: check, alertID: id, message: message, at: now, downtimeID: nil))
        case .stillDown(let downtime, let endedAt):
            let message = AlertText.stillDown(downtimeID: downtime, endedAt: endedAt, target: check.spec.targetName, checkName: check.name, at: now)
            let id = try AlertStore.open(db, checkID: check.id, kind: .stillDown, downtimeID: downtime, at: now, availability: availability, message: message)
            try effects?.alertChanged(db, AlertChange(event: .opened, check: check, alertID: id, message: message, at: now, downtimeID: downtime))
        case .recover:
            guard let open else { break }
            try recover(db, check: check, open: open, availability: availability, now: now)
        }
        if check.spec.kind == .tls { try certificate(db, check: check, newest: newest, now: now) }
    }

    private func recover(_ db: Database, check: CheckRecord, open: AlertRecord, availability: Double, now: Date) throws {
        let message = AlertText.recovered(kind: check.spec.kind, url: check.spec.url, name: check.name, availability: availability, at: now,
                                          since: open.startedAt)
        try AlertStore.close(db, id: open.id, at: now, message: message)
        try effects?.alertChanged(db, AlertChange(event: .recovered, check: check, alertID: open.id, message: message, at: now,
                                                  downtimeID: open.downtimeID))
    }

    /// A TLS check's certificate: one warning (a notice like an alert) when it gets too close to its expiry, closed when renewed.
    private func certificate(_ db: Database, check: CheckRecord, newest: NewSample, now: Date) throws {
        let open = try AlertStore.openCertificateAlert(db, checkID: check.id)
        let address = "\(check.spec.host):\(check.spec.port.map(String.init) ?? "")"
        switch AlertRules.certificate(warningOpen: open != nil, expiry: newest.certificateExpiry, minimumDays: check.spec.certMinDays, now: now) {
        case .none:
            break
        case .warn(let days):
            guard let expiry = newest.certificateExpiry else { break }
            let message = AlertText.certificateExpiring(name: check.name, address: address, daysLeft: days, expiry: expiry, minimumDays: check.spec.certMinDays)
            let id = try AlertStore.open(db, checkID: check.id, kind: .certificate, downtimeID: nil, at: now, availability: 100, message: message)
            try effects?.alertChanged(db, AlertChange(event: .opened, check: check, alertID: id, message: message, at: now, downtimeID: nil,
                                                      kind: .certificate))
        case .renewed:
            guard let open, let expiry = newest.certificateExpiry else { break }
            let message = AlertText.certificateRenewed(name: check.name, address: address, expiry: expiry)
            try AlertStore.close(db, id: open.id, at: now, message: message)
            try effects?.alertChanged(db, AlertChange(event: .recovered, check: check, alertID: open.id, message: message, at: now, downtimeID: nil,
                                                      kind: .certificate))
        }
    }
}
