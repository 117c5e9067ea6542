import Foundation
import ForewarnTestSupport
import PortalApp
import PortalCore
import PortalStore
import Testing

/// The level worker recomputes only what changed (real SQLite, the real worker driven pass by pass): its published
/// levels equal a full recompute after every pass on random data, and an untouched service is not recomputed. Also
/// the SLA period: a calendar month (UTC) against rolling 30 days.
@Suite(.serialized) struct ServiceLevelIncrementalTests {
    static func services(_ app: TestApp) throws -> [(id: Int64, name: String)] {
        try app.app.context.store.read { db in
            var result: [(id: Int64, name: String)] = []
            try db.forEach("SELECT id, name FROM services ORDER BY id") { result.append(($0.int64(at: 0), $0.string(at: 1) ?? "")) }
            return result
        }
    }

    /// The start of the current minute, plus `seconds`.
    static func minuteStart(plus seconds: Double = 0) -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 + seconds)
    }

    /// Every subject's published state (the newest change of each) against the full recompute at `now`.
    static func mismatches(_ app: TestApp, now: Date) throws -> [String] {
        let published = try app.app.context.store.read { try ServiceLevelStore.current($0) }
        let bySubject = Dictionary(published.map { ($0.state.subject, $0.state) }, uniquingKeysWith: { _, b in b })
        let full = try app.app.serviceLevels(now: now).states
        var result: [String] = []
        for state in full {
            let seen = bySubject[state.subject]
            if seen?.mood != state.mood || seen?.reason != state.reason || seen?.name != state.name {
                result.append("\(state.subject): published \(seen.map { "\($0.mood) \($0.reason)" } ?? "nothing"), full \(state.mood) \(state.reason)")
            }
        }
        if published.count != full.count { result.append("published \(published.count) subjects, full \(full.count)") }
        return result
    }

    @Test func incrementalPassesPublishWhatAFullRecomputeGivesOnRandomData() throws {
        let app = try LiveServiceLevelTests.start()
        defer { app.stop() }
        var random = SplitMixGenerator(seed: 1717)
        // Twelve more services beside the fixture's, placed in no region or process (the fixture's are).
        try app.app.context.store.write { db in
            for n in 1...12 { try db.run("INSERT INTO services (name, environment, tier) VALUES (?, 'PROD', 2)", ["random-\(n)"]) }
            _ = try db.run("INSERT INTO audit_log (at, actor, action, object_kind, object_name) VALUES ('2026-01-01T00:00:00Z', 'test', 'import', 'service', 'random')")
        }
        let services = try Self.services(app)
        #expect(services.count == 15)
        var checks: [Int64] = []
        for service in services {
            checks.append(try MonitoringAlertTests.addCheck(app, name: "\(service.name) probe", target: ("service", service.name)))
        }
        // Advertised SLAs: a calendar month for some, rolling 30 days for others, none for the rest.
        try app.app.context.store.write { db in
            try db.run("UPDATE services SET sla_percent = 99.5, sla_period = 'month' WHERE id % 3 = 0")
            try db.run("UPDATE services SET sla_percent = 99.9, sla_period = '30d' WHERE id % 3 = 1")
        }
        let base = Self.minuteStart(plus: -30 * 60)
        // Half an hour of history with random outages, then passes at three moments of each of 12 minutes, signals
        // arriving at random between them, an incident opened and an SLA changed on the way.
        for back in 1...30 {
            for (index, check) in checks.enumerated() where random.next() % 4 != 0 {
                let up = random.next() % 9 == 0 ? 2 : 6
                try LiveServiceLevelTests.minute(app, checkID: check, at: base.addingTimeInterval(Double(-60 * back)), samples: 6, up: up,
                                                 maintenance: index == 1 && back < 4 ? 6 : 0)
            }
        }
        var partial = 0, passes = 0
        for minute in 0..<12 {
            for second in [2.0, 21, 43] {
                let now = base.addingTimeInterval(Double(60 * minute) + second)
                for _ in 0..<(random.next() % 4) {
                    let check = checks[Int(random.next() % UInt64(checks.count))]
                    let up = [6, 6, 3, 0][Int(random.next() % 4)]
                    try LiveServiceLevelTests.minute(app, checkID: check, at: now, samples: 6, up: up, maintenance: random.next() % 10 == 0 ? 6 : 0)
                }
                if minute == 4 && second == 21 {
                    let target = services[Int(random.next() % UInt64(services.count))].name
                    let (status, body) = try IncidentTests().open(app, targets: #"[{"kind":"service","name":"\#(target)"}]"#,
                                                                  start: LocalTime.now(), zone: "UTC")
                    #expect(status == 201, "\(body)")
                }
                if minute == 7 && second == 43 {
                    try app.app.context.store.write { db in try db.run("UPDATE services SET sla_percent = 99.99 WHERE id = ?", [services[0].id]) }
                }
                let pass = try app.app.serviceLevelPass(now: now)
                passes += 1
                if pass.recomputed != nil { partial += 1 }
                let wrong = try Self.mismatches(app, now: now)
                #expect(wrong.isEmpty, "minute \(minute) second \(second): \(wrong)")
            }
        }
        #expect(partial >= 20, "most passes within a minute recompute only what changed (\(partial) of \(passes))")
    }

    @Test func aPassRecomputesOnlyTheServicesWhoseMinutesChanged() throws {
        let app = try LiveServiceLevelTests.start()
        defer { app.stop() }
        let pg3 = try ServiceLevelSignalsTests.serviceID(app, "pg-3")
        let checkID = try MonitoringAlertTests.addCheck(app)
        let start = Self.minuteStart(plus: 2)
        try LiveServiceLevelTests.minute(app, checkID: checkID, at: start, samples: 6, up: 6)
        let first = try app.app.serviceLevelPass(now: start)
        #expect(first.recomputed == nil, "the first pass computes every service")
        #expect(first.changes > 0)

        // Nothing new: nothing is recomputed and nothing published.
        let steady = try app.app.serviceLevelPass(now: start.addingTimeInterval(1))
        #expect(steady.recomputed == [])
        #expect(steady.changes == 0)
        // More good samples in the same minute leave the minute good: still nothing to recompute.
        try LiveServiceLevelTests.minute(app, checkID: checkID, at: start, samples: 6, up: 6)
        #expect(try app.app.serviceLevelPass(now: start.addingTimeInterval(2)).recomputed == [])

        // The check fails in this minute: only pg-3 is recomputed, and it (with its aggregates) is published down.
        try LiveServiceLevelTests.minute(app, checkID: checkID, at: start, samples: 6, up: 0)
        let failed = try app.app.serviceLevelPass(now: start.addingTimeInterval(3))
        #expect(failed.recomputed == [pg3])
        #expect(failed.changes >= 2, "pg-3 and at least the overall level")
        #expect(try LiveServiceLevelTests.level(app, "pg-3")["mood"] as? String == "down")
        #expect(try app.app.serviceLevelPass(now: start.addingTimeInterval(4)).recomputed == [])

        // An incident opened on another service recomputes that one only.
        let portal = try ServiceLevelSignalsTests.serviceID(app, "portal")
        let (status, body) = try IncidentTests().open(app, targets: #"[{"kind":"service","name":"portal"}]"#, start: LocalTime.now(), zone: "UTC")
        #expect(status == 201, "\(body)")
        let incident = try app.app.serviceLevelPass(now: start.addingTimeInterval(5))
        #expect(incident.recomputed?.contains(portal) == true)
        #expect(incident.recomputed?.contains(pg3) == false)

        // The next minute slides every window: the services with a minute in reach (pg-3 here) are recomputed once;
        // the others had nothing in any window and still have nothing.
        #expect(try app.app.serviceLevelPass(now: start.addingTimeInterval(60)).recomputed == [pg3])
        #expect(try app.app.serviceLevelPass(now: start.addingTimeInterval(61)).recomputed == [])
        #expect(try Self.mismatches(app, now: start.addingTimeInterval(61)).isEmpty)
    }

    /// The idle worker: with no signal arriving, passes (in the same minute and the next ones) recompute no service and
    /// no aggregate; one failing check recomputes its service and only the aggregates it counts in.
    @Test func withNoSignalNothingIsRecomputed() throws {
        let app = try LiveServiceLevelTests.start()
        defer { app.stop() }
        let checkID = try MonitoringAlertTests.addCheck(app)
        let start = Self.minuteStart(plus: 2)
        #expect(try app.app.serviceLevelPass(now: start).recomputed == nil, "the first pass computes every service")
        let afterFirst = app.app.serviceLevelAggregatesComputed
        let groups = try app.app.serviceLevels(now: start).states.filter { if case .service = $0.subject { false } else { true } }.count
        #expect(afterFirst == groups, "the first pass computes every aggregate once")
        for second in [1, 2, 30, 60, 61, 120, 180, 181] {
            let pass = try app.app.serviceLevelPass(now: start.addingTimeInterval(Double(second)))
            #expect(pass.recomputed == [], "no service recomputed \(second) s later")
            #expect(pass.changes == 0)
        }
        #expect(app.app.serviceLevelAggregatesComputed == afterFirst, "no aggregate recomputed without a signal")

        try LiveServiceLevelTests.minute(app, checkID: checkID, at: start.addingTimeInterval(240), samples: 6, up: 0)
        let failed = try app.app.serviceLevelPass(now: start.addingTimeInterval(241))
        #expect(failed.recomputed == [try ServiceLevelSignalsTests.serviceID(app, "pg-3")])
        let recomputedAggregates = app.app.serviceLevelAggregatesComputed - afterFirst
        #expect(recomputedAggregates >= 1 && recomputedAggregates < groups, "overall and pg-3's own aggregates, not all \(groups)")
        #expect(try Self.mismatches(app, now: start.addingTimeInterval(241)).isEmpty)
    }

    /// Bad minutes at the end of last month: inside rolling 30 days, outside the calendar month. A `month` SLA is
    /// judged on this month only; a `30d` one on the 30 days; the error budget follows the period.
    @Test func theSLAPeriodIsTheCalendarMonthInUTCOrRolling30Days() throws {
        let app = try LiveServiceLevelTests.start()
        defer { app.stop() }
        let monthly = try ServiceLevelSignalsTests.serviceID(app, "pg-3")
        let rolling = try ServiceLevelSignalsTests.serviceID(app, "portal")
        // 10 March 2026 12:00 UTC: the month began 9 days 12 hours ago.
        let now = Date(timeIntervalSince1970: 1_773_144_000)
        #expect(StoreTime.format(now) == "2026-03-10T12:00:00Z")
        let nowMinute = Int(now.timeIntervalSince1970 / 60), monthStart = nowMinute - (9 * 1440 + 720)
        try app.app.context.store.write { db in
            try db.run("UPDATE services SET sla_percent = 99, sla_period = 'month' WHERE id = ?", [monthly])
            try db.run("UPDATE services SET sla_percent = 99, sla_period = '30d' WHERE id = ?", [rolling])
            for service in [monthly, rolling] {
                // 60 bad minutes on 28 February from 23:00 UTC, the last minute before the month among them.
                for minute in (monthStart - 60)..<monthStart {
                    try ServiceLevelStore.setMinute(db, serviceID: service, minute: minute, MinuteObservation(.bad, cause: "february"))
                }
                // 2,000 good minutes this month, the first minute of the month among them.
                for minute in monthStart..<(monthStart + 2000) {
                    try ServiceLevelStore.setMinute(db, serviceID: service, minute: minute, MinuteObservation(.good))
                }
            }
        }
        try app.app.recomputeServiceLevels(now: now)
        let (assessments, states) = try app.app.serviceLevels(now: now)
        let month = try #require(assessments[monthly]), days = try #require(assessments[rolling])
        // Month: 2,000 good minutes, none bad: 1% of 2,000 = 20 minutes of budget left.
        #expect(abs((month.budgetLeftMinutes ?? 0) - 20) < 0.001, "\(String(describing: month.budgetLeftMinutes))")
        #expect(month.mood == .ok)
        // 30 days: 2,060 minutes counted, 60 bad: 20.6 - 60 = -39.4, the budget is spent.
        #expect(abs((days.budgetLeftMinutes ?? 0) + 39.4) < 0.001, "\(String(describing: days.budgetLeftMinutes))")
        #expect(days.mood == .breaching)
        #expect(days.reason.hasSuffix("the error budget of the period is spent"))
        // The worker published the same.
        #expect(states.first { $0.subject == .service(monthly) }?.mood == .ok)
        #expect(try Self.mismatches(app, now: now).isEmpty)
        // The first minute of the month counts for the month (and the minute before does not).
        #expect(SLAPeriod.monthMinutes(now: now) == nowMinute - monthStart + 1)
    }

    /// "Overall service level: 99.99% (within advertised SLA range)": an aggregate with no member below its level says
    /// so when its services advertise SLAs.
    @Test func aggregatesSayTheyAreWithinTheAdvertisedSLARange() throws {
        let app = try LiveServiceLevelTests.start()
        defer { app.stop() }
        let checkID = try MonitoringAlertTests.addCheck(app)
        let now = Self.minuteStart(plus: 30)
        try LiveServiceLevelTests.minute(app, checkID: checkID, at: now.addingTimeInterval(-60), samples: 6, up: 6)
        try app.app.recomputeServiceLevels(now: now)
        let overall = { try #require(try app.app.serviceLevels(now: now).states.first { $0.subject == .overall }) }
        #expect(try overall().reason == "Overall service level: 100% (no service below its level)")
        try app.app.context.store.write { db in _ = try db.run("UPDATE services SET sla_percent = 99.9, sla_period = 'month' WHERE name = 'pg-3'") }
        #expect(try overall().reason == "Overall service level: 100% (within advertised SLA range)")
        // The worker publishes it too (an SLA change recomputes every service).
        #expect(try app.app.serviceLevelPass(now: now.addingTimeInterval(1)).recomputed == nil)
        #expect(try Self.mismatches(app, now: now.addingTimeInterval(1)).isEmpty)
        try LiveServiceLevelTests.minute(app, checkID: checkID, at: now, samples: 6, up: 0)
        try app.app.recomputeServiceLevels(now: now.addingTimeInterval(2))
        #expect(try overall().reason == "Overall service level: 50% (1 service breaching)", "one bad minute of two spends a 99.9% budget")
    }

    /// Chat messages no XMPP component took within a week are dropped by the level worker's hourly purge.
    @Test func staleChatMessagesAreDroppedByTheHourlyPurge() throws {
        let app = try LiveServiceLevelTests.start()
        defer { app.stop() }
        let now = Date()
        try app.app.context.store.write { db in
            try XmppMessageStore.enqueue(db, node: "pg-3", to: ["alice@example.org"], body: "old news", at: now.addingTimeInterval(-8 * 86_400))
            try XmppMessageStore.enqueue(db, node: "pg-3", to: ["alice@example.org", "bob@example.org"], body: "fresh", at: now.addingTimeInterval(-86_400))
        }
        try app.app.recomputeServiceLevels(now: now)
        let left = try app.app.context.store.read { try XmppMessageStore.pending($0) }
        #expect(left.map(\.body) == ["fresh", "fresh"])
        #expect(left.map(\.to) == ["alice@example.org", "bob@example.org"])
    }
}
