import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalStore
import Testing

/// Heartbeats end to end with real parts: curl creates and pings, the heartbeat clock inside the running portal moves
/// the state, alerts and recoveries go through the outbox to a real SMTP sink, a declared downtime silences them.
@Suite("Heartbeats: pings, late and down, alerts, recovery", .serialized)
struct HeartbeatTests {
    static func start(smtp: String? = nil) throws -> TestApp {
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.smtpURL = smtp
            $0.mailFrom = "forewarn@ops.example.com"
            $0.deliversMail = false
            $0.runsMonitor = false
            $0.publicURL = "http://ops.example.org"
            $0.monitorSettings.graceSeconds = 2
        }
        try app.importFixture()
        return app
    }

    /// Creates a heartbeat with curl (a `Host` header that must not leak into the ping URL); returns its JSON.
    static func create(_ app: TestApp, name: String, period: Int, grace: Int) throws -> [String: Any] {
        let json = #"{"name":"\#(name)","target":{"kind":"service","name":"pg-3"},"period_seconds":\#(period),"grace_seconds":\#(grace)}"#
        let sent = try runClient("curl", ["-s", "-w", "\n%{http_code}", "-X", "POST", "-H", "Authorization: Bearer \(app.token)", "-H", "Host: evil.example",
                                          "-H", "Content-Type: application/json", "--data-binary", json, "http://127.0.0.1:\(app.port)/api/v1/heartbeats"])
        let lines = sent.stdout.split(separator: "\n")
        #expect(lines.last == "201", "\(sent.stdout)")
        return try #require(try JSONSerialization.jsonObject(with: Data(lines.dropLast().joined(separator: "\n").utf8)) as? [String: Any])
    }

    static func curlPing(_ app: TestApp, _ uuid: String, _ suffix: String = "", data: String? = nil) throws -> String {
        var arguments = ["-s", "-w", "%{http_code}", "-o", "/dev/null"]
        if let data {
            let file = temporaryDirectory() + "/ping-body"
            try Data(data.utf8).write(to: URL(fileURLWithPath: file))
            arguments += ["--data-binary", "@" + file]
        }
        return try runClient("curl", arguments + ["http://127.0.0.1:\(app.port)/ping/\(uuid)\(suffix)"]).stdout
    }

    static func heartbeat(_ app: TestApp, _ id: Int64) throws -> HeartbeatRecord {
        try #require(try app.app.context.store.read { try HeartbeatStore.fetch($0, id: id) })
    }

    static func alerts(_ app: TestApp, _ id: Int64) throws -> [HeartbeatAlertRecord] {
        try app.app.context.store.read { try HeartbeatStore.alerts($0, heartbeatID: id) }
    }

    static func eventually(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(50_000)
        }
        return try condition()
    }

    @Test func aMissedHeartbeatGoesDownAlertsOnceByMailAndRecoversOnTheNextPing() throws {
        let sink = try SMTPSink(timeout: 90)
        defer { sink.stop() }
        let app = try Self.start(smtp: sink.url)
        defer { app.stop() }
        let created = try Self.create(app, name: "nightly backup", period: 2, grace: 1)
        let uuid = try #require(created["uuid"] as? String)
        let id = Int64(try #require(created["id"] as? Int))
        #expect(created["ping_url"] as? String == "http://ops.example.org/ping/\(uuid)", "the ping URL comes from the public URL, never the Host header")
        #expect(created["state"] as? String == "new")

        #expect(try Self.curlPing(app, uuid) == "200", "a ping needs no session and no CSRF token")
        #expect(try Self.heartbeat(app, id).state == .up)
        let pinged = try #require(try Self.heartbeat(app, id).lastPingAt)

        #expect(try Self.eventually(4) { try Self.heartbeat(app, id).state == .late })
        #expect(try Self.eventually(4) { try Self.alerts(app, id).count == 1 }, "down after period + grace, with an alert")
        let alert = try #require(try Self.alerts(app, id).first)
        let lag = alert.startedAt.timeIntervalSince(pinged.addingTimeInterval(3))
        #expect(lag >= 0 && lag < 1, "detection lag after the grace ended: \(lag) s")
        #expect(try Self.heartbeat(app, id).state == .down)
        #expect(alert.message.hasPrefix("Heartbeat \"nightly backup\" of pg-3 is down: no ping since"))
        sleep(2)
        #expect(try Self.alerts(app, id).count == 1, "one alert per outage")

        #expect(try Self.curlPing(app, uuid, "", data: "done") == "200", "POST works too")
        #expect(try Self.heartbeat(app, id).state == .up)
        let closed = try #require(try Self.alerts(app, id).first)
        #expect(closed.endedAt != nil && closed.recoveryMessage.contains("is up again"))
        let moves = try app.app.context.store.read { try HeartbeatStore.transitions($0, heartbeatID: id) }.map { "\($0.from)>\($0.to)" }
        #expect(moves == ["down>up", "late>down", "up>late", "new>up"], "every move recorded, newest first")

        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: sink.messages())
        let subjects = mails.map(\.subject)
        #expect(subjects.filter { $0.hasPrefix("[Alert] Heartbeat \"nightly backup\" of pg-3 is down") }.count == 2, "\(subjects)")
        #expect(subjects.filter { $0.hasPrefix("[Recovered] Heartbeat \"nightly backup\" of pg-3 is up again") }.count == 2, "\(subjects)")
        #expect(Set(mails.flatMap(\.to)) == ["dba@example.com", "taro@example.jp"], "the service's technical contact and downtime coordinator")
        #expect(mails.count == 4, "one per person per event")
        #expect(mails.allSatisfy { mail in !mail.leaves.contains { "\($0)".contains("evil.example") } })
    }

    @Test func failPingsGoDownKeepACappedBodyAndBadPingsAreRefused() throws {
        let app = try Self.start()
        defer { app.stop() }
        let created = try Self.create(app, name: "cron job", period: 3600, grace: 300)
        let uuid = try #require(created["uuid"] as? String)
        let id = Int64(try #require(created["id"] as? Int))
        #expect(try Self.curlPing(app, uuid, "/start") == "200")
        #expect(try Self.heartbeat(app, id).state == .new, "a start ping changes nothing")
        let output = String(repeating: "x", count: 20_000)
        #expect(try Self.curlPing(app, uuid, "/fail", data: output) == "200")
        #expect(try Self.heartbeat(app, id).state == .down)
        let pings = try app.app.context.store.read { try HeartbeatStore.pings($0, heartbeatID: id) }
        #expect(pings.first?.kind == .fail && pings.first?.body.count == HeartbeatStore.bodyLimit)
        #expect(try Self.alerts(app, id).first?.message.contains("it reported a failure") == true)
        #expect(try Self.curlPing(app, uuid, "/fail", data: String(repeating: "y", count: 200_000)) == "413")
        #expect(try Self.curlPing(app, "00000000-0000-0000-0000-000000000000") == "404")

        let page = try app.get("/heartbeats/\(id)")
        #expect(page.status == 200)
        #expect(page.text.contains("curl -fsS -m 10 --retry 5 -o /dev/null http://ops.example.org/ping/\(uuid)"))
        #expect(page.text.contains("xxxxxxxx") && page.text.contains("reported a failure"))
        #expect(try app.get("/heartbeats").text.contains("cron job"))
    }

    @Test func aHeartbeatDownDuringADowntimeIsSilent() throws {
        let app = try Self.start()
        defer { app.stop() }
        func local(_ date: Date) -> String { String(StoreTime.format(date).dropLast()) }
        let now = Date()
        let declared = try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array("""
            {"title":"db-east patch","kind":"unplanned","targets":[{"kind":"cluster","name":"db-east"}],
             "starts_at":"\(local(now.addingTimeInterval(-1800)))","ends_at":"\(local(now.addingTimeInterval(3600)))","time_zone":"UTC"}
            """.utf8))
        let downtime = try #require((declared.json as? [String: Any])?["id"] as? Int)
        #expect(try app.fetch("POST", "/api/v1/downtimes/\(downtime)/announce").status == 200)
        _ = try app.app.tick(now: now)
        let created = try Self.create(app, name: "replication", period: 1, grace: 1)
        let uuid = try #require(created["uuid"] as? String)
        let id = Int64(try #require(created["id"] as? Int))
        #expect(try Self.curlPing(app, uuid) == "200")
        #expect(try Self.eventually(5) { try Self.heartbeat(app, id).state == .down })
        sleep(1)
        #expect(try Self.alerts(app, id).isEmpty, "pg-3 runs only on db-east, which is in a declared downtime")
        #expect(try Self.heartbeat(app, id).phase == .maintenance(downtimeID: Int64(downtime)))

        // The downtime completes and the job is still silent: after the grace, one alert naming the downtime.
        #expect(try app.fetch("POST", "/api/v1/downtimes/\(downtime)/complete").status == 200)
        #expect(try Self.eventually(8) { try Self.alerts(app, id).count == 1 })
        let alert = try #require(try Self.alerts(app, id).first)
        #expect(alert.kind == .stillDown && alert.message.hasPrefix("DT-\(downtime) ended at ") && alert.message.contains("but pg-3 is still down. heartbeat=\"replication\""))
    }

    @Test func theFormKeepsInputAndShowsFieldErrors() throws {
        let app = try Self.start()
        defer { app.stop() }
        let page = try app.get("/heartbeats")
        let token = try TestApp.csrfToken(page)
        let bad = try app.post("/heartbeats", form: [("_csrf", token), ("name", "weekly report"), ("service", "no-such-service"), ("period_seconds", "soon"),
                                                     ("grace_seconds", "60")], headers: ["Cookie": "forewarn_csrf=\(token)"])
        #expect(bad.status == 422)
        #expect(bad.text.contains("class=\"field-error\">There is no service named no-such-service."))
        #expect(bad.text.contains("class=\"field-error\">Period must be"))
        #expect(bad.text.contains("value=\"weekly report\"") && bad.text.contains("value=\"soon\""))
        let good = try app.post("/heartbeats", form: [("_csrf", token), ("name", "weekly report"), ("service", "pg-3"), ("period_seconds", "604800"),
                                                      ("grace_seconds", "3600")], headers: ["Cookie": "forewarn_csrf=\(token)"])
        #expect(good.status == 303)
        let (status, body) = try (app.fetch("GET", "/api/v1/heartbeats").status, app.fetch("GET", "/api/v1/heartbeats").json as? [String: Any])
        #expect(status == 200 && body?["total"] as? Int == 1)
    }
}

@Suite("Lifecycle help draws heartbeats and alerts")
struct LifecycleHelpTests {
    @Test func theHelpPageDrawsTheHeartbeatAndAlertMachinesFromTheirTables() throws {
        let app = try TestApp.start { $0.clockInterval = 0; $0.deliversMail = false; $0.runsMonitor = false }
        defer { app.stop() }
        let page = try app.get("/help/lifecycle")
        #expect(page.status == 200)
        #expect(page.text.contains("<title id=\"heartbeatstates-title\">Heartbeat states</title>"))
        #expect(page.text.contains("<title id=\"alertsofchecksandheartbeats-title\">Alerts of checks and heartbeats</title>"))
        for transition in HeartbeatRules.transitions where transition.from != transition.to {
            #expect(page.text.contains("\(transition.from.rawValue) to \(transition.to.rawValue) when \(transition.signal.rawValue)"))
        }
        for transition in AlertRules.transitions { #expect(page.text.contains(">\(transition.event)</text>")) }
    }
}
