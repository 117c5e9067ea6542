import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalIngest
import PortalMail
import PortalStore
import Testing

/// Log rules end to end: util-linux `logger` sends bursts over TCP syslog, the rule applies after each batch commits,
/// its one notice per window goes through the outbox to a real SMTP sink; TEST messages and a declared downtime stay silent.
@Suite("Log rules with real syslog clients", .serialized)
struct LogRuleAppTests {
    static func start(smtp: String? = nil) throws -> TestApp {
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.smtpURL = smtp
            $0.mailFrom = "forewarn@ops.example.com"
            $0.deliversMail = false
            $0.runsMonitor = false
            $0.syslogTCP = ListenAddress(host: "127.0.0.1", port: 0)
        }
        try app.importFixture()
        return app
    }

    /// `count` error lines from `logger --rfc5424` over TCP, product pg-3, in `stage`.
    static func burst(_ app: TestApp, stage: String, count: Int = 50, word: String) throws {
        let port = try #require(app.app.context.logs.tcp?.port)
        let script = "seq \(count) | sed 's/^/\(word) payment failed /' | logger --rfc5424 --tcp --server 127.0.0.1 --port \(port) --tag pg-3 "
            + "--sd-id forewarn@32473 --sd-param 'stage=\"\(stage)\"' -p user.err"
        #expect(try runClient("sh", ["-c", script]).status == 0)
    }

    static func addRule(_ app: TestApp) throws {
        let page = try app.get("/rules")
        let token = try TestApp.csrfToken(page)
        let fields = [("_csrf", token), ("name", "pg-3 errors"), ("stage", "PROD"), ("service", "pg-3"), ("minimum_level", "error"), ("text_kind", "any"),
                      ("text", ""), ("count", "1"), ("window_seconds", "60"), ("notify_contacts", "1")]
        #expect(try app.post("/rules", form: fields, headers: ["Cookie": "forewarn_csrf=\(token)"]).status == 303)
    }

    static func rule(_ app: TestApp) throws -> LogRuleRecord {
        try #require(try app.app.context.store.read { try LogRuleStore.fetch($0, name: "pg-3 errors") })
    }

    static func ruleNotices(_ app: TestApp) throws -> [OutboxRecord] {
        try app.app.context.store.read { try NoticeStore.list($0, limit: 1000) }.filter { $0.payloadJSON.contains("pg-3 errors") }
    }

    static func eventually(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(100_000)
        }
        return try condition()
    }

    @Test func fiftyProdErrorsSendOneNoticeAndTheSameBurstInTestSendsNothing() throws {
        let sink = try SMTPSink(timeout: 90)
        defer { sink.stop() }
        let app = try Self.start(smtp: sink.url)
        defer { app.stop() }
        try Self.addRule(app)

        try Self.burst(app, stage: "TEST", word: "testburst")
        #expect(try Self.eventually(5) {
            var query = LogQuery(from: Date(timeIntervalSince1970: 0), to: Date().addingTimeInterval(60))
            query.text = "testburst"
            return try app.app.context.store.read { try LogStore.search($0, query) }.records.count == 50
        })
        usleep(300_000)
        #expect(try Self.rule(app).window == nil, "TEST messages do not match a PROD rule")

        try Self.burst(app, stage: "PROD", word: "prodburst")
        #expect(try Self.eventually(5) { try Self.rule(app).window?.count == 50 }, "all 50 counted in the window")
        let window = try #require(try Self.rule(app).window)
        #expect(window.fired)
        let notices = try Self.ruleNotices(app)
        #expect(Set(notices.map(\.noticeEventID)).count == 1, "one notice per rule per window")

        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: sink.messages())
        #expect(mails.count == 2, "\(mails.map(\.subject))")
        #expect(Set(mails.flatMap(\.to)) == ["dba@example.com", "taro@example.jp"], "pg-3's technical contact and downtime coordinator")
        #expect(mails.allSatisfy { $0.subject.hasPrefix("[Alert] Rule \"pg-3 errors\" (PROD): 1 error message or worse of pg-3 within 60 s.") },
                "\(mails.map(\.subject))")
        let page = try app.get("/rules")
        #expect(page.text.contains("50 since") && page.text.contains("notice at"))
    }

    @Test func aRuleTellsANamedPersonOpensAnIncidentAndCallsItsWebhook() throws {
        let sink = try SMTPSink(timeout: 90)
        defer { sink.stop() }
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let policy = try OutboundPolicy(allowing: ["127.0.0.1"])
        let app = try TestApp.start {
            $0.outbound = policy
            $0.clockInterval = 0
            $0.smtpURL = sink.url
            $0.mailFrom = "forewarn@ops.example.com"
            $0.deliversMail = false
            $0.runsMonitor = false
            $0.syslogTCP = ListenAddress(host: "127.0.0.1", port: 0)
        }
        defer { app.stop() }
        try app.importFixture()
        let secret = try app.app.context.store.write { db -> String in
            _ = try NoticeStore.addWebhook(db, url: receiver.url, secret: "s3cret-rule-0123456789", description: "chat")
            return "s3cret-rule-0123456789"
        }
        try receiver.setSecret(secret)

        let page = try app.get("/rules")
        let token = try TestApp.csrfToken(page)
        var fields = [("_csrf", token), ("name", "pg-3 errors"), ("stage", "PROD"), ("service", "pg-3"), ("minimum_level", "error"), ("text_kind", "any"),
                      ("text", ""), ("count", "1"), ("window_seconds", "60"), ("notify", "Ana Lima, Nobody Here"), ("incident_severity", "critical"),
                      ("webhook", "http://127.0.0.1:1/unknown")]
        let refused = try app.post("/rules", form: fields, headers: ["Cookie": "forewarn_csrf=\(token)"])
        #expect(refused.status == 422)
        #expect(refused.text.contains("field-error") && refused.text.contains("There is no person or team named Nobody Here")
                && refused.text.contains("There is no webhook with the URL"), "field errors")
        #expect(refused.text.contains("Ana Lima, Nobody Here"), "input kept")
        fields[9] = ("notify", "Ana Lima")
        fields[11] = ("webhook", receiver.url)
        #expect(try app.post("/rules", form: fields, headers: ["Cookie": "forewarn_csrf=\(token)"]).status == 303)
        let rule = try Self.rule(app)
        #expect(rule.spec.notify == "Ana Lima" && rule.spec.incidentSeverity == .critical && rule.spec.webhook == receiver.url && !rule.spec.notifyContacts)

        try Self.burst(app, stage: "PROD", count: 3, word: "actionburst")
        #expect(try Self.eventually(5) { try Self.rule(app).window?.count == 3 })
        let incidents = try app.app.context.store.read { try IncidentStore.list($0, IncidentFilter()) }
        let incident = try #require(incidents.first { $0.title.contains("pg-3 errors") })
        #expect(incident.severity == .critical && incident.status == .investigating)
        #expect(incident.engineerEmail == "dba@example.com" || incident.engineerEmail == "ana@example.com", "pg-3's technical contact (team DBA): \(incident.engineerEmail)")
        #expect(incident.targets.map(\.object) == [.service(try #require(rule.serviceID))])

        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: sink.messages())
        #expect(Set(mails.flatMap(\.to)) == ["ana@example.com"], "only the named person, not the contacts: \(mails.flatMap(\.to))")
        let calls = try receiver.deliveries()
        #expect(calls.count == 1 && calls.first?.valid == true)
        #expect(calls.first?.body.contains("pg-3 errors") == true)

        let exported = try LogRulesFile.export(app.app.context.store, stage: .prod)
        #expect(exported.contains("\"incident_severity\" : \"critical\"") && exported.contains("\"notify\" : \"Ana Lima\"")
                && exported.contains("\"webhook\" : \"\(receiver.url.replacingOccurrences(of: "/", with: "\\/"))\""), "\(exported)")
        #expect(try LogRulesFile.load(app.app.context.store, stage: .prod, data: Data(exported.utf8)) == 1)
        #expect(try Self.rule(app).spec == rule.spec, "export then import keeps the actions")
    }

    @Test func aRuleMayWatchSeveralStagesAndItsFileKeepsThem() throws {
        let app = try Self.start()
        defer { app.stop() }
        let page = try app.get("/rules")
        let token = try TestApp.csrfToken(page)
        let fields = [("_csrf", token), ("name", "pg-3 errors"), ("stage", "PROD"), ("stages", "INT"), ("stages", "DEV"), ("service", "pg-3"),
                      ("minimum_level", "error"), ("text_kind", "any"), ("count", "1"), ("window_seconds", "60")]
        #expect(try app.post("/rules", form: fields, headers: ["Cookie": "forewarn_csrf=\(token)"]).status == 303)
        #expect(try Self.rule(app).spec.stages == [.prod, .int, .dev])
        #expect(try app.get("/rules").text.contains("PROD, INT, DEV"))

        try Self.burst(app, stage: "TEST", count: 4, word: "testonly")
        try Self.burst(app, stage: "INT", count: 3, word: "intburst")
        #expect(try Self.eventually(5) { try Self.rule(app).window?.count == 3 }, "INT counts, TEST does not")
        usleep(300_000)
        #expect(try Self.rule(app).window?.count == 3)

        let exported = try LogRulesFile.export(app.app.context.store, stage: .prod)
        #expect(exported.contains("\"stages\" : [\n        \"PROD\",\n        \"INT\",\n        \"DEV\"\n      ]"), "\(exported)")
        #expect(try LogRulesFile.load(app.app.context.store, stage: .prod, data: Data(exported.utf8)) == 1)
        #expect(try Self.rule(app).spec.stages == [.prod, .int, .dev], "kept through export and import")
        let single = #"{"stage": "PROD", "rules": [{"name": "pg-3 errors", "service": "pg-3", "minimum_level": "error"}]}"#
        #expect(try LogRulesFile.load(app.app.context.store, stage: .prod, data: Data(single.utf8)) == 1)
        #expect(try Self.rule(app).spec.stages == [.prod], "a single-stage file gives a single-stage rule")
    }

    @Test func theSameBurstDuringADeclaredDowntimeIsCountedButSilent() throws {
        let app = try Self.start()
        defer { app.stop() }
        try Self.addRule(app)
        func local(_ date: Date) -> String { String(StoreTime.format(date).dropLast()) }
        let now = Date()
        let declared = try app.fetch("POST", "/api/v1/downtimes", headers: ["Content-Type": "application/json"], body: Array("""
            {"title":"db-east patch","kind":"unplanned","targets":[{"kind":"cluster","name":"db-east"}],
             "starts_at":"\(local(now.addingTimeInterval(-1800)))","ends_at":"\(local(now.addingTimeInterval(3600)))","time_zone":"UTC"}
            """.utf8))
        let downtime = try #require((declared.json as? [String: Any])?["id"] as? Int)
        #expect(try app.fetch("POST", "/api/v1/downtimes/\(downtime)/announce").status == 200)
        _ = try app.app.tick(now: now)
        let before = try app.app.context.store.read { try NoticeStore.list($0, limit: 1000) }.count

        try Self.burst(app, stage: "PROD", word: "maintburst")
        #expect(try Self.eventually(5) { try Self.rule(app).window?.count == 50 })
        #expect(try Self.rule(app).silencedBy == Int64(downtime), "silenced by the downtime covering pg-3")
        #expect(try Self.ruleNotices(app).isEmpty)
        #expect(try app.app.context.store.read { try NoticeStore.list($0, limit: 1000) }.count == before)
    }

    @Test func aMatchingMessageCountsAsAHeartbeat() throws {
        let app = try Self.start()
        defer { app.stop() }
        let heartbeat = try app.app.context.store.write { db in
            try HeartbeatStore.insert(db, name: "nightly import", serviceID: try #require(try CheckStore.target(db, kind: "service", name: "pg-3")).id,
                                      periodSeconds: 86_400, graceSeconds: 3600, uuid: UUID().uuidString, now: Date())
        }
        let page = try app.get("/rules")
        let token = try TestApp.csrfToken(page)
        let fields = [("_csrf", token), ("name", "import done"), ("stage", "PROD"), ("service", "pg-3"), ("minimum_level", "info"), ("text_kind", "regex"),
                      ("text", "import finished: [0-9]+ rows"), ("count", "1"), ("window_seconds", "60"), ("heartbeat", "nightly import")]
        #expect(try app.post("/rules", form: fields, headers: ["Cookie": "forewarn_csrf=\(token)"]).status == 303)
        let port = try #require(app.app.context.logs.tcp?.port)
        let common = ["--rfc5424", "--tcp", "--server", "127.0.0.1", "--port", String(port), "--tag", "pg-3", "--sd-id", "forewarn@32473",
                      "--sd-param", "stage=\"PROD\"", "-p", "user.info"]
        #expect(try runClient("logger", common + ["import started"]).status == 0)
        usleep(500_000)
        #expect(try app.app.context.store.read { try HeartbeatStore.fetch($0, id: heartbeat) }?.state == .new, "a message that does not match is no beat")
        #expect(try runClient("logger", common + ["import finished: 1200 rows"]).status == 0)
        #expect(try Self.eventually(5) { try app.app.context.store.read { try HeartbeatStore.fetch($0, id: heartbeat) }?.state == .up })
        let pings = try app.app.context.store.read { try HeartbeatStore.pings($0, heartbeatID: heartbeat) }
        #expect(pings.map(\.kind) == [.log] && pings.first?.body == "import finished: 1200 rows" && pings.first?.source == "rule import done")
    }

    @Test func rulesFilesExportAndImportAllOrNothingWithIndexAndField() throws {
        let folder = temporaryDirectory()
        let db = folder + "/rules.sqlite"
        let app = try TestApp.start { $0.databasePath = db; $0.clockInterval = 0; $0.deliversMail = false; $0.runsMonitor = false }
        try app.importFixture()
        try Self.addRule(app)
        app.stop()

        let exported = try runForewarn(["rules", "export", "--db", db, "--stage", "PROD"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("\"name\" : \"pg-3 errors\"") && exported.stdout.contains("\"stage\" : \"PROD\""))
        try Data(exported.stdout.utf8).write(to: URL(fileURLWithPath: folder + "/prod.json"))
        #expect(try runForewarn(["rules", "export", "--db", db, "--stage", "TEST"]).stdout.contains("\"rules\" : [\n\n  ]"))

        let bad = #"{"stage":"PROD","rules":[{"name":"fine","service":"pg-3","minimum_level":"error"},{"name":"broken","service":"nowhere","minimum_level":"loud","text_kind":"regex","text":"("}]}"#
        try Data(bad.utf8).write(to: URL(fileURLWithPath: folder + "/bad.json"))
        let refused = try runForewarn(["rules", "import", "--db", db, "--stage", "PROD", folder + "/bad.json"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("rules[1].service: There is no service named nowhere."), "\(refused.stderr)")
        #expect(refused.stderr.contains("rules[1].minimum_level:") && refused.stderr.contains("rules[1].text: This is not a valid regular expression."))
        let store = try Store(path: db)
        #expect(try store.read { try LogRuleStore.list($0) }.map(\.spec.name) == ["pg-3 errors"], "nothing was imported")

        let good = #"[{"name":"billing timeouts","service":"pg-3","text_kind":"fts","text":"timeout OR \"connection refused\"","count":5,"window_seconds":300,"notify_contacts":true}]"#
        try Data(good.utf8).write(to: URL(fileURLWithPath: folder + "/good.json"))
        let imported = try runForewarn(["rules", "import", "--db", db, "--stage", "PROD", folder + "/good.json"])
        #expect(imported.status == 0 && imported.stdout.contains("PROD: 1 rule imported"), "\(imported.stderr)")
        let rules = try store.read { try LogRuleStore.list($0) }
        #expect(rules.map(\.spec.name) == ["billing timeouts"], "the stage's rules replaced")
        #expect(rules.first?.spec.count == 5 && rules.first?.spec.textKind == .fts)
        #expect(try runForewarn(["rules", "import", "--db", db, "--stage", "PROD", folder + "/prod.json"]).status == 0, "an export imports back")
    }
}

@Suite("The ingest token scope")
struct IngestScopeTests {
    @Test func anIngestTokenMaySendLogsAndNothingElse() throws {
        let app = try TestApp.start { $0.clockInterval = 0; $0.deliversMail = false; $0.runsMonitor = false }
        defer { app.stop() }
        let token = try app.app.context.store.write { db in
            try AccountStore.createToken(db, userID: try #require(try AccountStore.findUser(db, login: "tester")).id, name: "shipper", scope: "ingest")
        }
        let url = "http://127.0.0.1:\(app.port)"
        func curl(_ method: String, _ path: String, _ body: String? = nil) throws -> String {
            var arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", method, "-H", "Authorization: Bearer \(token)"]
            if let body { arguments += ["-H", "Content-Type: application/json", "--data-binary", body] }
            return try runClient("curl", arguments + [url + path]).stdout
        }
        #expect(try curl("POST", "/api/v1/logs", #"[{"level":"error","message":"shipped by an ingest token"}]"#) == "202")
        #expect(try curl("GET", "/api/v1/logs") == "403")
        #expect(try curl("GET", "/api/v1/heartbeats") == "403")
        #expect(try curl("POST", "/api/v1/heartbeats", #"{"name":"x","target":{"kind":"service","name":"pg-3"},"period_seconds":60,"grace_seconds":0}"#) == "403")
        #expect(throws: (any Error).self) {
            try app.app.context.store.write { db in _ = try AccountStore.createToken(db, userID: 1, name: "bad", scope: "admin") }
        }
    }
}

@Suite("Log retention and purge", .serialized)
struct LogRetentionAppTests {
    static func post(_ app: TestApp, _ json: String) throws {
        let response = try app.fetch("POST", "/api/v1/logs", headers: ["Content-Type": "application/json"], body: Array(json.utf8))
        #expect(response.status == 202, "\(response.text)")
    }

    static func count(_ db: String, _ sql: String) throws -> String {
        try runClient("sqlite3", [db, sql]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func retentionKeepsThirtyDaysOfProdAndSevenOfOthersAndPurgeCutsByDateAndStage() throws {
        let folder = temporaryDirectory()
        let db = folder + "/logs.sqlite"
        let app = try TestApp.start { $0.databasePath = db; $0.clockInterval = 0; $0.deliversMail = false; $0.runsMonitor = false }
        func day(_ ago: Int) -> String { StoreTime.format(Date().addingTimeInterval(-Double(ago) * 86_400)) }
        try Self.post(app, """
            [{"time":"\(day(20))","level":"info","message":"prod 20 days","stage":"PROD"},{"time":"\(day(40))","level":"info","message":"prod 40 days","stage":"PROD"},
             {"time":"\(day(5))","level":"info","message":"test 5 days","stage":"TEST"},{"time":"\(day(10))","level":"info","message":"test 10 days","stage":"TEST"},
             {"time":"\(day(10))","level":"info","message":"no stage 10 days"},{"time":"2025-06-01T00:00:00Z","level":"info","message":"dev old","stage":"DEV"}]
            """)
        let deleted = try LogRetentionWorker.purgeForTests(app.app.context.store)
        #expect(deleted == 4)
        let kept = try Self.count(db, "SELECT group_concat(message, '|') FROM (SELECT message FROM log_messages ORDER BY at DESC)")
        #expect(kept == "test 5 days|prod 20 days")
        app.stop()

        let purged = try runForewarn(["logs", "purge", "--db", db, "--before", StoreTime.format(Date()), "--stage", "TEST"])
        #expect(purged.status == 0 && purged.stdout.contains("1 message deleted from TEST"), "\(purged.stdout) \(purged.stderr)")
        #expect(try Self.count(db, "SELECT group_concat(message) FROM log_messages") == "prod 20 days")
        #expect(try runForewarn(["logs", "purge", "--db", db, "--before", "2026-01-01"]).stdout.contains("0 messages deleted"))
        #expect(try runForewarn(["logs", "purge", "--db", db, "--before", "soon"]).status != 0)
        #expect(try Self.count(db, "SELECT count(*) FROM log_messages_fts WHERE log_messages_fts MATCH 'test'") == "0", "the full-text index follows")
    }
}

@Suite("Versions per stage on the service page")
struct ServiceVersionsTests {
    @Test func theServicePageListsVersionsPerStageAndItsHeartbeats() throws {
        let app = try TestApp.start { $0.clockInterval = 0; $0.deliversMail = false; $0.runsMonitor = false }
        defer { app.stop() }
        try app.importFixture()
        let json = #"[{"level":"info","message":"started","product":"pg-3","version":"15.4","stage":"PROD"},{"level":"info","message":"started","product":"pg-3","version":"16.1","stage":"TEST"}]"#
        #expect(try app.fetch("POST", "/api/v1/logs", headers: ["Content-Type": "application/json"], body: Array(json.utf8)).status == 202)
        let serviceID = try app.app.context.store.write { db -> Int64 in
            let id = try #require(try CheckStore.target(db, kind: "service", name: "pg-3")).id
            _ = try HeartbeatStore.insert(db, name: "pg-3 backup", serviceID: id, periodSeconds: 86_400, graceSeconds: 600, uuid: UUID().uuidString, now: Date())
            return id
        }
        let page = try app.get("/services/\(serviceID)")
        #expect(page.status == 200)
        #expect(page.text.contains("PROD · pg-3 15.4") && page.text.contains("TEST · pg-3 16.1"))
        #expect(page.text.contains("/logs?product=pg-3&amp;version=15.4&amp;stage=PROD"))
        #expect(page.text.contains(">pg-3 backup</a> <span class=\"muted\">new</span>"))

        // The first message of each version in a stage is a deployment marker on the timeline.
        let timeline = try app.get("/timeline?kind=deployment")
        #expect(timeline.status == 200)
        #expect(timeline.text.contains("pg-3 15.4 in PROD") && timeline.text.contains("pg-3 16.1 in TEST"))
        #expect(!(try app.get("/timeline?kind=incident").text.contains("pg-3 15.4 in PROD")))
        #expect(try app.get("/timeline?target=pg-3").text.contains("pg-3 16.1 in TEST"))
    }
}
