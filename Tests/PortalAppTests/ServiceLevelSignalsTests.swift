import Foundation
import ForewarnTestSupport
import PortalApp
import PortalCore
import PortalStore
import Testing

/// Heartbeats, log rules and incidents feed service levels (real server, real SQLite, curl and logger as clients); the
/// hourly and daily roll-ups answer exactly as the minutes do; retention of the level tables.
@Suite(.serialized) struct ServiceLevelSignalsTests {
    static func serviceID(_ app: TestApp, _ name: String) throws -> Int64 {
        let value = try app.app.context.store.read { try $0.scalar("SELECT id FROM services WHERE name = ?", [name]) }
        guard case .integer(let id)? = value else { throw TestFailure("no service \(name)") }
        return id
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func aHeartbeatGoingDownDropsTheLevelAndTheStreamSaysWhy() throws {
        let app = try HeartbeatTests.start()
        defer { app.stop() }
        let created = try HeartbeatTests.create(app, name: "nightly backup", period: 3600, grace: 300)
        let uuid = try #require(created["uuid"] as? String)
        let now = Date()
        #expect(try HeartbeatTests.curlPing(app, uuid) == "200")
        try app.app.recomputeServiceLevels(now: now)
        let up = try LiveServiceLevelTests.level(app, "pg-3")
        #expect(up["mood"] as? String == "ok", "a heartbeat that is up is a good signal: \(up)")
        #expect(up["level"] as? String == "100%")

        let client = try LiveServiceLevelTests.openStream(app)
        #expect(LiveServiceLevelTests.read(client, until: "retry: 3000").contains("200 OK"))
        #expect(try HeartbeatTests.curlPing(app, uuid, "/fail", data: "disk full") == "200")
        try app.app.recomputeServiceLevels(now: Date())
        let down = try LiveServiceLevelTests.level(app, "pg-3")
        #expect(down["mood"] as? String == "down")
        #expect((down["reason"] as? String)?.contains("bad minute in the last 10 min: heartbeat nightly backup down") == true, "\(down)")
        let streamed = LiveServiceLevelTests.read(client, until: "heartbeat nightly backup down")
        #expect(streamed.contains("\"mood\":\"down\""))
        #expect(streamed.contains("\"name\":\"pg-3\""))
        // The stored minute says why, and its hour and day roll-ups count it.
        let serviceID = try Self.serviceID(app, "pg-3")
        let minute = Int(Date().timeIntervalSince1970 / 60)
        let stored = try app.app.context.store.read { try ServiceLevelStore.observations($0, fromMinute: minute - 1, toMinute: minute) }
        #expect(stored[serviceID]?.values.contains { $0.signal == .bad && $0.cause == "heartbeat nightly backup down" } == true)
        let hourly = try app.app.context.store.read { try ServiceLevelStore.counts($0, now: minute, minutes: 1440) }
        #expect((hourly[serviceID]?.bad ?? 0) >= 1)
    }

    @Test func aFiringLogRuleMakesItsMinutesBadAndAnIncidentDegradesTheService() throws {
        let app = try LogRuleAppTests.start()
        defer { app.stop() }
        try LogRuleAppTests.addRule(app)
        try app.app.recomputeServiceLevels(now: Date())
        let quiet = try LiveServiceLevelTests.level(app, "pg-3")
        #expect(quiet["mood"] as? String == "ok", "a rule watching quietly is a good signal: \(quiet)")
        try LogRuleAppTests.burst(app, stage: "PROD", count: 5, word: "db")
        #expect(try LogRuleAppTests.eventually(10) { try LogRuleAppTests.rule(app).windowFiredAt != nil })
        try app.app.recomputeServiceLevels(now: Date())
        let fired = try LiveServiceLevelTests.level(app, "pg-3")
        #expect(fired["mood"] as? String == "down")
        #expect((fired["reason"] as? String)?.contains(": rule pg-3 errors fired") == true, "\(fired)")

        // An open incident on a service with no signal: degraded, and the reason names it.
        let (status, body) = try IncidentTests().open(app, targets: #"[{"kind":"service","name":"portal"}]"#,
                                                      start: LocalTime.now(), zone: "UTC")
        #expect(status == 201, "\(body)")
        let incidentID = try #require(body["id"] as? Int)
        try app.app.recomputeServiceLevels(now: Date())
        let declared = try LiveServiceLevelTests.level(app, "portal")
        #expect(declared["mood"] as? String == "degraded")
        #expect((declared["reason"] as? String)?.hasSuffix("; incident INC-\(incidentID) open") == true, "\(declared)")
    }

    /// The worker's own loop (a `BackgroundLoop`): it recomputes by itself about once a second and stops with the app.
    @Test func theWorkerLoopRecomputesByItselfAndStopsWithTheApplication() throws {
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.deliversMail = false
            $0.runsMonitor = false
            $0.computesServiceLevels = true
        }
        try app.importFixture()
        let created = try HeartbeatTests.create(app, name: "loop", period: 3600, grace: 300)
        #expect(try HeartbeatTests.curlPing(app, try #require(created["uuid"] as? String), "/fail") == "200")
        #expect(try HeartbeatTests.eventually(5) { try LiveServiceLevelTests.level(app, "pg-3")["mood"] as? String == "down" })
        app.stop()
        // The test's database: the SQLite file, or its PostgreSQL database under `make test-postgres`.
        let store = try Store(path: app.app.context.store.path)
        defer { store.close() }
        let count = { try store.read { try ServiceLevelStore.lastEventID($0) } }
        let before = try count()
        // Older bad minutes that a running loop would turn into a new reason ("3 bad minutes"): nothing happens.
        let serviceID = try store.read { db -> Int64 in
            guard case .integer(let id)? = try db.scalar("SELECT id FROM services WHERE name = 'pg-3'") else { return 0 }
            return id
        }
        let minute = Int(Date().timeIntervalSince1970 / 60)
        try store.write { db in
            for back in [5, 6] { try ServiceLevelStore.setMinute(db, serviceID: serviceID, minute: minute - back, MinuteObservation(.bad, cause: "test")) }
        }
        usleep(2_000_000)
        #expect(try count() == before, "no pass after stop")
    }

    @Test func rollupsAnswerExactlyAsTheMinutesOnRandomData() throws {
        let store = try Store(path: temporaryDirectory() + "/levels.sqlite")
        defer { store.close() }
        var random = SplitMixGenerator(seed: 2026)
        let now = 29_000_000
        try store.write { db in
            for n in 1...6 { try db.run("INSERT INTO services (name, environment, tier) VALUES (?, 'PROD', 2)", ["s\(n)"]) }
            // 40 days of sparse minutes, then rewrites and deletions of some of them, through the store's one door.
            var stored: [Int64: [Int: MinuteObservation]] = [:]
            for _ in 0..<60_000 {
                let service = Int64(random.next() % 6 + 1), minute = now - Int(random.next() % (40 * 1440))
                let signal: MinuteSignal = [.good, .good, .good, .bad, .maintenance, .noSignal][Int(random.next() % 6)]
                let previous = stored[service]?[minute] ?? .none
                let next = MinuteObservation(signal, cause: signal == .bad ? "check x failed" : "")
                try ServiceLevelStore.setMinute(db, serviceID: service, minute: minute, next, previous: previous)
                stored[service, default: [:]][minute] = next.signal == .noSignal ? nil : next
            }
        }
        try store.read { db in
            for probe in 0..<40 {
                let at = now - Int(random.next() % (5 * 1440)) - (probe == 0 ? 0 : 1)
                for minutes in [10, 60, 1440, 43_200, Int(random.next() % 44_000) + 1] {
                    let fromRollups = try ServiceLevelStore.counts(db, now: at, minutes: minutes)
                    let fromMinutes = try ServiceLevelStore.countsFromMinutes(db, now: at, minutes: minutes)
                    #expect(fromRollups == fromMinutes, "window of \(minutes) minutes ending at \(at)")
                }
            }
            #expect(try ServiceLevelStore.countsFromMinutes(db, now: now, minutes: 43_200).values.contains { $0.bad > 100 })
        }
    }

    @Test func theWorkerKeepsMinutesHoursDaysAndChangesForTheirRetention() throws {
        let app = try LiveServiceLevelTests.start()
        defer { app.stop() }
        let serviceID = try Self.serviceID(app, "pg-3")
        let now = Date()
        let nowMinute = Int(now.timeIntervalSince1970 / 60)
        let cutoffs = ServiceLevelRetention.cutoffs(now: now)
        try app.app.context.store.write { db in
            for minute in [cutoffs.minute - 1, cutoffs.minute, nowMinute - 40 * 1440, cutoffs.hour * 60 - 1, cutoffs.day * 1440 - 1] {
                try ServiceLevelStore.setMinute(db, serviceID: serviceID, minute: minute, MinuteObservation(.bad, cause: "old"))
            }
            try ServiceLevelStore.append(db, ServiceLevelState(subject: .service(serviceID), name: "pg-3", percent: 50, mood: .degraded, reason: "old"),
                                         at: now.addingTimeInterval(-40 * 86_400))
            try ServiceLevelStore.append(db, ServiceLevelState(subject: .service(serviceID), name: "pg-3", percent: 60, mood: .degraded, reason: "older but newest"),
                                         at: now.addingTimeInterval(-39 * 86_400))
            try ServiceLevelStore.append(db, ServiceLevelState(subject: .overall, name: "Overall", percent: 60, mood: .degraded, reason: "old"),
                                         at: now.addingTimeInterval(-39 * 86_400))
        }
        try app.app.recomputeServiceLevels(now: now)  // the first pass of the hour applies retention
        try app.app.context.store.read { db in
            func column(_ sql: String) throws -> [Int] { try db.query(sql, [serviceID]).compactMap { $0.int("n").map(Int.init) } }
            let minutes = try column("SELECT minute AS n FROM service_level_minutes WHERE service_id = ? ORDER BY minute")
            #expect(minutes == [cutoffs.minute], "minutes before the cut-off go, the cut-off minute stays")
            let hours = try column("SELECT hour AS n FROM service_level_hours WHERE service_id = ? ORDER BY hour")
            #expect(hours.contains((nowMinute - 40 * 1440) / 60) && hours.contains((cutoffs.minute - 1) / 60), "hours outlive their minutes: \(hours)")
            #expect(hours.allSatisfy { $0 >= cutoffs.hour }, "\(hours)")
            let days = try column("SELECT day AS n FROM service_level_days WHERE service_id = ? ORDER BY day")
            #expect(days.contains((cutoffs.hour * 60 - 1) / 1440), "days outlive hours: \(days)")
            #expect(days.allSatisfy { $0 >= cutoffs.day }, "\(days)")
            let reasons = try db.query("SELECT reason FROM service_level_events WHERE at < ? ORDER BY id", [StoreTime.format(now.addingTimeInterval(-30 * 86_400))])
                .compactMap { $0.string("reason") }
            #expect(reasons == ["older but newest", "old"], "old changes go except each subject's newest: \(reasons)")
        }
    }
}

/// "2026-12-06T03:10:00": now in UTC without the zone, as the incident API takes local times.
enum LocalTime {
    static func now() -> String { String(StoreTime.format(Date().addingTimeInterval(-60)).prefix(19)) }
}
