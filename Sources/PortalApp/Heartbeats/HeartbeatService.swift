import Foundation
import PortalCore
import PortalStore
import Synchronization

/// Heartbeats: create and delete them, take pings, and let the clock move them. Every state move and every alert goes
/// through the pure rules (`HeartbeatRules`, then the monitoring `AlertRules` for silence and "still down").
enum HeartbeatService {
    enum Failure: Error { case invalid([String: String]) }

    /// The fields of the form and the API, in order.
    static let fields = ["name", "service", "period_seconds", "grace_seconds"]

    /// Validates and creates a heartbeat; returns its id.
    static func create(_ store: Store, values: [String: String], actor: AuditActor, now: Date = Date()) throws -> Int64 {
        var errors: [String: String] = [:]
        let name = (values["name"] ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 200 { errors["name"] = "Name is required (at most 200 characters)." }
        let serviceName = (values["service"] ?? "").trimmingCharacters(in: .whitespaces)
        let period = Int((values["period_seconds"] ?? "").trimmingCharacters(in: .whitespaces))
        if period == nil || period! < 1 || period! > 31_622_400 { errors["period_seconds"] = "Period must be a whole number of seconds from 1 to 31622400." }
        let grace = Int((values["grace_seconds"] ?? "").trimmingCharacters(in: .whitespaces))
        if grace == nil || grace! < 0 || grace! > 31_622_400 { errors["grace_seconds"] = "Grace must be a whole number of seconds from 0 to 31622400." }
        return try store.write { db in
            var serviceID: Int64?
            if serviceName.isEmpty {
                errors["service"] = "Service is required."
            } else if case .service(let id)? = try CheckStore.target(db, kind: "service", name: serviceName) {
                serviceID = id
            } else {
                errors["service"] = "There is no service named \(serviceName)."
            }
            if errors["name"] == nil, try HeartbeatStore.fetch(db, name: name) != nil { errors["name"] = "A heartbeat named \(name) exists already." }
            guard errors.isEmpty, let serviceID, let period, let grace else { throw Failure.invalid(errors) }
            let id = try HeartbeatStore.insert(db, name: name, serviceID: serviceID, periodSeconds: period, graceSeconds: grace,
                                               uuid: UUID().uuidString.lowercased(), now: now)
            try AuditLog.record(db, actor: actor.name, action: "create", objectKind: "heartbeat", objectID: id, objectName: name, at: now)
            return id
        }
    }

    static func delete(_ store: Store, id: Int64, actor: AuditActor, now: Date = Date()) throws {
        try store.write { db in
            guard let heartbeat = try HeartbeatStore.fetch(db, id: id) else { return }
            try HeartbeatStore.delete(db, id: id)
            try AuditLog.record(db, actor: actor.name, action: "delete", objectKind: "heartbeat", objectID: id, objectName: heartbeat.name, at: now)
        }
    }
}

/// Applies pings and the clock to heartbeats, and raises and closes their alerts through the outbox with the same
/// delivery as the monitor's (`MonitoringEffects`).
final class HeartbeatEngine: @unchecked Sendable {
    let store: Store
    let effects: MonitoringEffects
    /// How long after a downtime ends a heartbeat still down raises the "still down" alert (nil: the monitoring setting).
    let graceSeconds: Double?
    /// The clock's share when several instances run it (PostgreSQL): only leased heartbeats are judged. nil: all of them.
    let lease: HeartbeatLease?

    init(environment: SignalEnvironment, lease: HeartbeatLease? = nil) {
        self.store = environment.store
        self.effects = environment.effects()
        self.graceSeconds = environment.maintenanceGraceSeconds
        self.lease = lease
    }

    convenience init(context: AppContext, lease: HeartbeatLease? = nil) { self.init(environment: SignalEnvironment(context: context), lease: lease) }

    private func maintenanceGrace() throws -> Double {
        try graceSeconds ?? store.read { db in
            (try SettingsStore.value(db, "monitoring.maintenance_grace_seconds")).flatMap(Double.init) ?? 300
        }
    }

    /// A ping: recorded, then the state machine and the alert rules. Returns nil for an unknown UUID.
    @discardableResult
    func ping(uuid: String, kind: HeartbeatPing.Kind, body: String, source: String, now: Date = Date()) throws -> HeartbeatRecord? {
        guard let known = try store.read({ try HeartbeatStore.fetch($0, uuid: uuid) }) else { return nil }
        let cover = try effects.coveringDowntimes(of: [.service(known.serviceID)], now: now)[.service(known.serviceID)]
        let grace = try maintenanceGrace()
        return try store.write { db in
            guard let heartbeat = try HeartbeatStore.fetchLocked(db, uuid: uuid) else { return nil }
            try HeartbeatStore.recordPing(db, heartbeatID: heartbeat.id, HeartbeatPing(at: now, kind: kind, source: source, body: body))
            let signal: HeartbeatSignal = switch kind {
            case .success, .log: .ping
            case .start: .start
            case .fail: .fail
            }
            try apply(db, heartbeat, signal: signal, covering: cover, grace: grace, now: now)
            return try HeartbeatStore.fetch(db, id: heartbeat.id)
        }
    }

    /// The clock: moves heartbeats whose period or grace passed, re-judges those in or just out of maintenance.
    /// With a lease, first renews and takes leases and judges only the heartbeats it holds.
    /// Returns when it must run next (nil: nothing is waiting).
    @discardableResult
    func sweep(now: Date = Date()) throws -> Date? {
        let held = try lease.map { lease in
            try store.write { try HeartbeatLeaseStore.claim($0, owner: lease.owner, until: now.addingTimeInterval(lease.seconds), now: now) }
        }
        let all = try store.read { try HeartbeatStore.list($0) }.filter { held?.contains($0.id) ?? true }
        guard !all.isEmpty else { return lease.map { _ in now.addingTimeInterval(HeartbeatLease.renewEvery) } }
        let cover = try effects.coveringDowntimes(of: all.map { .service($0.serviceID) }, now: now)
        let grace = try maintenanceGrace()
        try store.write { db in
            for listed in all where needsJudging(listed, covering: cover[.service(listed.serviceID)], now: now) {
                // Read again with its row locked: a ping (or, after a lease ran out, another instance's clock) may have
                // moved it since the list was read; the decision is taken on what is stored now.
                guard let heartbeat = try HeartbeatStore.fetchLocked(db, id: listed.id) else { continue }
                let covering = cover[.service(heartbeat.serviceID)]
                guard needsJudging(heartbeat, covering: covering, now: now) else { continue }
                try apply(db, heartbeat, signal: clockMove(heartbeat, now: now), covering: covering, grace: grace, now: now)
            }
        }
        let after = try store.read { try HeartbeatStore.list($0) }.filter { held?.contains($0.id) ?? true }
        var next: [Date] = after.compactMap {
            HeartbeatRules.nextDeadline(state: $0.state, lastPing: $0.lastPingAt, period: Double($0.periodSeconds), grace: Double($0.graceSeconds))
        }
        for heartbeat in after {
            switch heartbeat.phase {
            case .normal: break
            case .maintenance: next.append(now.addingTimeInterval(1))
            case .afterMaintenance(_, let endedAt): next.append(endedAt.addingTimeInterval(grace))
            }
        }
        // A lease is renewed well before it runs out, whatever the heartbeats wait for.
        if lease != nil { next.append(now.addingTimeInterval(HeartbeatLease.renewEvery)) }
        return next.min()
    }

    /// The clock's signal for a heartbeat when it changes its state, else nil.
    private func clockMove(_ heartbeat: HeartbeatRecord, now: Date) -> HeartbeatSignal? {
        let signal = HeartbeatRules.clockSignal(lastPing: heartbeat.lastPingAt, period: Double(heartbeat.periodSeconds),
                                                grace: Double(heartbeat.graceSeconds), now: now)
        return signal.flatMap { HeartbeatRules.next(heartbeat.state, $0) != heartbeat.state ? $0 : nil }
    }

    /// Nothing to decide for a heartbeat that stays put, outside any downtime, with its alert as it should be.
    private func needsJudging(_ heartbeat: HeartbeatRecord, covering: Int64?, now: Date) -> Bool {
        clockMove(heartbeat, now: now) != nil || heartbeat.phase != .normal || covering != nil || heartbeat.state == .down
    }

    /// Gives up this engine's leases (a clean stop), so another instance judges its heartbeats at once.
    func releaseLeases() {
        guard let lease else { return }
        try? store.write { try HeartbeatLeaseStore.release($0, owner: lease.owner) }
    }

    private func apply(_ db: Database, _ heartbeat: HeartbeatRecord, signal: HeartbeatSignal?, covering: Int64?, grace: Double, now: Date) throws {
        var state = heartbeat.state
        if let signal {
            let next = HeartbeatRules.next(state, signal)
            if next != state {
                try HeartbeatStore.move(db, heartbeatID: heartbeat.id, from: state, to: next, signal: signal, at: now)
                state = next
            }
        }
        let open = try HeartbeatStore.openAlert(db, heartbeatID: heartbeat.id)
        let decision = AlertRules.decide(HeartbeatRules.alertInput(state: state, phase: heartbeat.phase, alertOpen: open != nil,
                                                                    coveringDowntime: covering, graceSeconds: grace, now: now))
        if decision.phase != heartbeat.phase { try HeartbeatStore.savePhase(db, heartbeatID: heartbeat.id, phase: decision.phase) }
        let target = ObjectRef.service(heartbeat.serviceID)
        func notice(alertID: Int64, opened: Bool, message: String) throws {
            try effects.queueAlertNotice(db, MonitoringEffects.AlertNotice(
                target: target, targetName: heartbeat.serviceName, opened: opened, state: opened ? "down" : "recovered", message: message, at: now,
                eventKey: "heartbeat-alert:\(alertID):\(opened ? "open" : "recover")", subjectID: alertID, checkAlertID: nil,
                heartbeatAlertID: alertID, path: "/heartbeats/\(heartbeat.id)"))
        }
        switch decision.action {
        case .none:
            break
        case .alert:
            let message = AlertText.heartbeatDown(name: heartbeat.name, target: heartbeat.serviceName, lastPing: heartbeat.lastPingAt,
                                                  failed: signal == .fail, period: heartbeat.periodSeconds, grace: heartbeat.graceSeconds, at: now)
            let id = try HeartbeatStore.openAlert(db, heartbeatID: heartbeat.id, kind: .down, downtimeID: nil, at: now, message: message)
            try notice(alertID: id, opened: true, message: message)
        case .stillDown(let downtime, let endedAt):
            let message = AlertText.stillDown(downtimeID: downtime, endedAt: endedAt, target: heartbeat.serviceName, checkName: heartbeat.name, at: now,
                                              probe: "heartbeat")
            let id = try HeartbeatStore.openAlert(db, heartbeatID: heartbeat.id, kind: .stillDown, downtimeID: downtime, at: now, message: message)
            try notice(alertID: id, opened: true, message: message)
        case .recover:
            guard let open else { break }
            let message = AlertText.heartbeatRecovered(name: heartbeat.name, target: heartbeat.serviceName, at: now, since: open.startedAt)
            try HeartbeatStore.closeAlert(db, id: open.id, at: now, message: message)
            try notice(alertID: open.id, opened: false, message: message)
        }
    }
}

/// An instance's share of the heartbeat clock on PostgreSQL: its lease owner name and how long a lease lasts.
struct HeartbeatLease {
    /// How often a lease is renewed; a lease lasts three times that.
    static let renewEvery: Double = 5
    let owner: String
    var seconds: Double = HeartbeatLease.renewEvery * 3
}

/// The heartbeat clock: one thread that sleeps until the next deadline (a period or a grace ending), so a missed
/// heartbeat is seen within a second of its grace ending; pings and new heartbeats wake it to look again.
/// On PostgreSQL every instance runs it for the heartbeats it holds leases on (`HeartbeatLeaseStore`); a killed
/// instance's heartbeats are judged by another one once its leases ran out (15 s).
public final class HeartbeatWatcher: @unchecked Sendable {
    private let loop = BackgroundLoop(name: "forewarn.heartbeats")
    private let engine = Mutex<HeartbeatEngine?>(nil)
    /// The longest sleep, so downtimes declared or ended meanwhile are seen.
    let longestSleep: Double = 5

    public init() {}

    /// Wakes the clock (after a ping or a change).
    public func wake() { loop.wake() }

    /// Starts the clock; `shared`: several instances run it, each on the heartbeats it leases.
    func start(_ context: AppContext, shared: Bool) {
        let engine = HeartbeatEngine(context: context, lease: shared ? HeartbeatLease(owner: NoticeWorker.instanceName()) : nil)
        self.engine.withLock { $0 = engine }
        loop.start { [longestSleep] in
            var next: Date?
            do { next = try engine.sweep(now: Date()) } catch { context.logger.error("heartbeats: \(error)") }
            return min(next ?? .distantFuture, Date().addingTimeInterval(longestSleep))
        }
    }

    func stop() {
        loop.stop()
        engine.withLock { $0 }?.releaseLeases()
    }
}

extension Application {
    /// One pass of the heartbeat clock over every heartbeat, unleased (tests move time this way).
    public func sweepHeartbeats(now: Date = Date()) throws { try HeartbeatEngine(context: context).sweep(now: now) }
}
