import ForewarnTestSupport
import Foundation
import PortalApp
import PortalStore
import Testing

/// The heartbeat clock shared out by lease among instances on one PostgreSQL database: a killed instance's heartbeats
/// are judged by another one after its lease, and no missed heartbeat is alerted twice. Runs under `make test-postgres`.
@Suite("Heartbeats across instances", .serialized, .enabled(if: testPostgresURL != nil))
struct HeartbeatInstancesTests {
    /// `count` heartbeats of pg-3 named `prefix N`; returns (id, uuid) pairs.
    static func addHeartbeats(_ store: Store, prefix: String, count: Int, period: Int, grace: Int) throws -> [(id: Int64, uuid: String)] {
        try store.write { db in
            guard case .integer(let service)? = try db.scalar("SELECT id FROM services WHERE name = 'pg-3'") else { throw ClientError("no pg-3") }
            return try (1...count).map { n in
                let uuid = UUID().uuidString.lowercased()
                let id = try HeartbeatStore.insert(db, name: "\(prefix) \(n)", serviceID: service, periodSeconds: period, graceSeconds: grace, uuid: uuid, now: Date())
                return (id, uuid)
            }
        }
    }

    static func count(_ store: Store, _ sql: String) throws -> Int64 {
        guard case .integer(let n)? = try store.read({ try $0.scalar(sql) }) else { return -1 }
        return n
    }

    static let openNotices = "SELECT count(*) FROM notice_events WHERE event_key LIKE 'heartbeat-alert:%:open'"

    @Test func twoInstancesSweepingTheSameHeartbeatsAtOnceAlertEachOnce() throws {
        let first = try TestApp.start { $0.clockInterval = 0; $0.deliversMail = false; $0.runsMonitor = false; $0.watchesHeartbeats = false }
        defer { first.stop() }
        try first.importFixture()
        var configuration = first.app.context.configuration
        configuration.server.port = 0
        let second = try Application(configuration: configuration, logger: .init(label: "second"))
        try second.start()
        defer { second.shutdown() }
        let store = first.app.context.store
        let beats = try Self.addHeartbeats(store, prefix: "race", count: 20, period: 1, grace: 1)
        for beat in beats { #expect(try fetch(port: first.port, "GET", "/ping/\(beat.uuid)").status == 200) }

        // Both instances judge every heartbeat (no leases) at the same moments, each on its own connections.
        let failures = Locked([String]())
        for round in 0..<4 {
            let now = Date().addingTimeInterval(5 + Double(round))
            let group = DispatchGroup()
            for app in [first.app, second] {
                group.enter()
                Thread {
                    defer { group.leave() }
                    do { try app.sweepHeartbeats(now: now) } catch { failures.mutate { $0.append("\(error)") } }
                }.start()
            }
            group.wait()
        }
        #expect(failures.value.isEmpty, "no sweep failed (a second open alert would be refused by the unique index): \(failures.value.prefix(2))")
        for beat in beats {
            let alerts = try store.read { try HeartbeatStore.alerts($0, heartbeatID: beat.id) }
            #expect(alerts.count == 1, "heartbeat \(beat.id): \(alerts.count) alerts")
            #expect(try store.read { try HeartbeatStore.transitions($0, heartbeatID: beat.id) }.map { "\($0.from)>\($0.to)" } == ["up>down", "new>up"])
        }
        #expect(try Self.count(store, Self.openNotices) == 20, "one alert notice per heartbeat")
    }

    @Test func aKilledInstancesHeartbeatsAreTakenOverAfterItsLeaseAndAlertedOnce() throws {
        let setup = try TestApp.start { $0.clockInterval = 0; $0.deliversMail = false; $0.runsMonitor = false; $0.watchesHeartbeats = false }
        try setup.importFixture()
        let database = setup.app.context.store.path
        let secretKey = setup.folder + "/forewarn.sqlite.key"
        setup.stop()
        let store = try Store(path: database)
        defer { store.close() }
        let beats = try Self.addHeartbeats(store, prefix: "nightly", count: 10, period: 3, grace: 2)

        let sink = try SMTPSink(timeout: 120)
        defer { sink.stop() }
        let extra = ["--no-monitor"]
        var servers = [try WorkerOwnershipTests.Server(database: database, smtp: sink.url, secretKey: secretKey, extra: extra),
                       try WorkerOwnershipTests.Server(database: database, smtp: sink.url, secretKey: secretKey, extra: extra)]
        defer { servers.forEach { $0.stop() } }
        let waitFor = WorkerOwnershipTests().waitFor
        func owners() throws -> Set<String> { Set(try store.read { try HeartbeatLeaseStore.owners($0) }.values) }
        func pid(_ owner: String) -> Int32? { owner.split(separator: ":").dropLast().last.flatMap { Int32($0) } }
        #expect(try waitFor(15) { try owners().count == 1 && (try store.read { try HeartbeatLeaseStore.owners($0) }.count) == 10 },
                "one instance leases all ten heartbeats")
        let holder = try #require(try owners().first)
        let held = try #require(servers.firstIndex { $0.process.processIdentifier == pid(holder) }, "the lease owner \(holder) is one of the two")

        // Pinged through the other instance, then the holder is killed before any heartbeat is late.
        let pingedAt = Date()
        for beat in beats { #expect(try fetch(port: servers[1 - held].port, "GET", "/ping/\(beat.uuid)").status == 200) }
        servers[held].kill9()
        let killedAt = Date()
        #expect(try waitFor(45) { try Self.count(store, "SELECT count(*) FROM heartbeats WHERE state = 'down'") == 10 },
                "the survivor judges the killed instance's heartbeats once their lease ran out")
        let tookOver = Date().timeIntervalSince(killedAt)
        let survivor = try #require(try owners().first)
        #expect(try owners() == [survivor] && pid(survivor) == servers[1 - held].process.processIdentifier)
        let firstAlerts = try store.read { db in try beats.flatMap { try HeartbeatStore.alerts(db, heartbeatID: $0.id) } }
        #expect(firstAlerts.count == 10, "one alert per heartbeat: \(firstAlerts.count)")
        #expect(firstAlerts.allSatisfy { $0.startedAt >= pingedAt.addingTimeInterval(5) }, "none before period and grace passed")
        #expect(tookOver < 15 + 5 + 5, "taken over within the lease (15 s) and a sweep: \(tookOver) s")

        // The killed one comes back: both run, and the next outage is again alerted once per heartbeat.
        servers[held] = try WorkerOwnershipTests.Server(database: database, smtp: sink.url, secretKey: secretKey, extra: extra)
        for beat in beats { #expect(try fetch(port: servers[held].port, "GET", "/ping/\(beat.uuid)").status == 200) }
        #expect(try Self.count(store, "SELECT count(*) FROM heartbeats WHERE state = 'up'") == 10)
        #expect(try waitFor(20) { try Self.count(store, "SELECT count(*) FROM heartbeats WHERE state = 'down'") == 10 }, "down again")
        sleep(3)
        #expect(try Self.count(store, "SELECT count(*) FROM heartbeat_alerts") == 20, "two outages, one alert each")
        #expect(try Self.count(store, Self.openNotices) == 20)
        #expect(try owners().count == 1, "the leases stay with one instance while it lives")
        print("heartbeats across instances: taken over \(String(format: "%.1f", tookOver)) s after the SIGKILL, \(firstAlerts.count) alerts for 10 heartbeats")
    }
}
