import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalMail
import PortalStore
import Testing

/// Threshold subscriptions to service levels: told once below and once back above through a real SMTP server and a
/// real webhook receiver, quiet during declared downtime unless asked, the watch's side kept in the database, and
/// the forms on `/account/subscriptions` and `/level-subscriptions`.
@Suite(.serialized) struct LevelSubscriptionTests {
    static func start(smtp: String? = nil, allowOutbound: [String] = []) throws -> TestApp {
        let policy = try OutboundPolicy(allowing: allowOutbound)
        let app = try TestApp.start {
            $0.outbound = policy
            $0.clockInterval = 0
            $0.smtpURL = smtp
            $0.mailFrom = "forewarn@ops.example.com"
            $0.deliversMail = false
            $0.runsMonitor = false
        }
        try app.importFixture()
        return app
    }

    /// The middle of the current minute: minute m of a test is `base + 60 m`.
    static let base = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 + 30)

    /// Writes one minute rollup per minute of `pattern` (g good, b bad, m explained by a declared downtime) from minute `first`.
    static func minutes(_ app: TestApp, checkID: Int64, first: Int, _ pattern: String) throws {
        for (offset, signal) in pattern.enumerated() {
            let at = base.addingTimeInterval(Double(60 * (first + offset)))
            switch signal {
            case "g": try LiveServiceLevelTests.minute(app, checkID: checkID, at: at, samples: 6, up: 6)
            case "b": try LiveServiceLevelTests.minute(app, checkID: checkID, at: at, samples: 6, up: 2)
            default: try LiveServiceLevelTests.minute(app, checkID: checkID, at: at, samples: 6, up: 0, maintenance: 6)
            }
        }
    }

    static func id(_ app: TestApp, _ sql: String) throws -> Int64 {
        let value = try app.app.context.store.read { try $0.scalar(sql) }
        guard case .integer(let id)? = value else { throw ClientError("no row for \(sql)") }
        return id
    }

    static func subscribe(_ app: TestApp, person email: String, threshold: Double, byMail: Bool = true, webhookID: Int64? = nil,
                          duringDowntime: Bool = false) throws -> Int64 {
        let person = try id(app, "SELECT id FROM people WHERE email = '\(email)'")
        let service = try id(app, "SELECT id FROM services WHERE name = 'pg-3'")
        return try app.app.context.store.write { db in
            try LevelSubscriptionStore.insert(db, LevelSubscriptionDraft(subscriber: .person(person), subject: .service(service), threshold: threshold,
                                                                         window: .tenMinutes, byMail: byMail, byXMPP: false, webhookID: webhookID,
                                                                         duringDowntime: duringDowntime), createdBy: "test")
        }
    }

    /// Level passes at the given minutes, as the worker runs them.
    static func pass(_ app: TestApp, at minutes: [Int]) throws {
        for minute in minutes { try app.app.recomputeServiceLevels(now: base.addingTimeInterval(Double(60 * minute))) }
    }

    static func levelNotices(_ app: TestApp) throws -> [OutboxRecord] {
        try app.app.context.store.read { try NoticeStore.list($0, limit: 1000) }.filter { $0.event.hasPrefix("level_") }.sorted { $0.id < $1.id }
    }

    @Test func aLevelThatCrossesAndHoversIsToldOnceBelowAndOnceBackAboveByMailAndWebhook() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        try receiver.setSecret("0123456789abcdef0123")
        let app = try Self.start(smtp: sink.url, allowOutbound: ["127.0.0.0/8"])
        defer { app.stop() }
        let checkID = try MonitoringAlertTests.addCheck(app)
        let webhookID = try app.app.context.store.write { try NoticeStore.addWebhook($0, url: receiver.url, secret: "0123456789abcdef0123", description: "ops chat") }
        // Another active webhook gets every notice, but not a subscription's crossing.
        let bystander = try WebhookReceiver()
        defer { bystander.stop() }
        _ = try app.app.context.store.write { try NoticeStore.addWebhook($0, url: bystander.url, secret: "0123456789abcdef0123", description: "all notices") }
        let subscription = try Self.subscribe(app, person: "ana@example.com", threshold: 90, webhookID: webhookID)

        // Minutes -10…23: bad at 0, 1, 11 and 12. Over 10 minutes the level goes 100 (-1) → 80 (1) → 90 (10) → 80 (12) → 90 (21) → 100 (22):
        // 90 is at the line, which is not "back above" (hysteresis), so nothing flaps.
        try Self.minutes(app, checkID: checkID, first: -10, "ggggggggggbbgggggggggbbggggggggggg")
        try Self.pass(app, at: [-1])
        #expect(try Self.levelNotices(app).isEmpty)
        try Self.pass(app, at: [1])
        #expect(try Self.levelNotices(app).map(\.event) == ["level_below"])
        let side = try app.app.context.store.read { try LevelSubscriptionStore.fetch($0, id: subscription) }?.side
        #expect(side == .below, "the watch's side is stored with the crossing, so a restart does not tell again")
        try Self.pass(app, at: [5, 10, 11, 12, 15, 20, 21])
        #expect(try Self.levelNotices(app).map(\.event) == ["level_below"], "hovering at the line tells nothing")
        try Self.pass(app, at: [22, 23])
        #expect(try Self.levelNotices(app).map(\.event) == ["level_below", "level_above"])

        // The crossings are stamped with the passes' (future) minutes; deliver as the worker would then.
        try app.app.deliverOutbox(now: Self.base.addingTimeInterval(30 * 60))
        let mails = try ParsedEmail.parse(files: try sink.messages())
        #expect(mails.count == 2)
        let subjects = Set(mails.map(\.subject))
        #expect(subjects == ["[Below] pg-3 service level 80% over 10 min: below 90%", "[Back above] pg-3 service level 100% over 10 min: back above 90%"],
                "\(subjects)")
        #expect(mails.allSatisfy { $0.to == ["ana@example.com"] })
        #expect(mails.contains { $0.leaf("text/plain")?.text?.contains("You subscribed to service pg-3 below 90% over 10 min") == true })

        let deliveries = try receiver.deliveries()
        #expect(deliveries.count == 2)
        let signed = deliveries.filter { $0.valid }.count
        #expect(signed == 2, "signed with the webhook's secret")
        let bodies = try deliveries.map { try #require(try JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any]) }
        #expect(Set(bodies.compactMap { $0["event"] as? String }) == ["level_below", "level_above"])
        let below = try #require(bodies.first { $0["event"] as? String == "level_below" })
        #expect((below["text"] as? String)?.hasPrefix("[Below] pg-3 service level 80% over 10 min: below 90%") == true)
        #expect(((below["subject"] as? [String: Any])?["reference"] as? String) == "LEVEL-\(subscription)")
        let bystanderGot = try bystander.deliveries()
        #expect(bystanderGot.isEmpty)
        // Both crossings are in the audit trail.
        let audit = try app.app.context.store.read { try $0.query("SELECT action FROM audit_log WHERE object_kind = 'level_subscription' ORDER BY id") }
        #expect(audit.compactMap { $0.string("action") } == ["level_below", "level_above"])
    }

    @Test func aDeclaredDowntimeKeepsQuietUnlessTheSubscriptionAsks() throws {
        let app = try Self.start()
        defer { app.stop() }
        let checkID = try MonitoringAlertTests.addCheck(app)
        let quiet = try Self.subscribe(app, person: "ana@example.com", threshold: 99.9)
        let always = try Self.subscribe(app, person: "taro@example.jp", threshold: 99.9, duringDowntime: true)
        // Two bad minutes, then a declared downtime in progress explains the service (maintenance minutes).
        try Self.minutes(app, checkID: checkID, first: -10, "gggggggbbmmmg")
        try Self.pass(app, at: [0, 1])
        var notices = try Self.levelNotices(app)
        #expect(notices.map(\.recipient) == ["taro@example.jp"], "only the subscription that asks is told during the downtime")
        let quietSide = try app.app.context.store.read { try LevelSubscriptionStore.fetch($0, id: quiet) }?.side
        #expect(quietSide == .above)
        // The downtime is over and the level is still below: now the other one hears of it, and nobody twice.
        try Self.pass(app, at: [2])
        notices = try Self.levelNotices(app)
        #expect(notices.map(\.recipient).sorted() == ["ana@example.com", "taro@example.jp"])
        let told = try app.app.context.store.read { try LevelSubscriptionStore.crossingCount($0, subscriptionID: always) }
        #expect(told == 1)
    }

    @Test func peopleManageTheirOwnAndAdminsSubscribeTeams() throws {
        let app = try Self.start()
        defer { app.stop() }
        let ana = try Self.id(app, "SELECT id FROM people WHERE email = 'ana@example.com'")
        try app.app.context.store.write { db in _ = try db.run("UPDATE users SET person_id = ? WHERE login = 'tester'", [ana]) }
        let page = try app.fetch("GET", "/account/subscriptions")
        #expect(page.status == 200)
        #expect(page.text.contains("Service level thresholds"))
        let token = try TestApp.csrfToken(page)
        let headers = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "forewarn_csrf=\(token)"]
        func post(_ path: String, _ body: String) throws -> RawResponse {
            try app.fetch("POST", path, headers: headers, body: Array("_csrf=\(token)&\(body)".utf8))
        }
        // Bad input: the page again with each field's message and what was typed.
        let bad = try post("/account/level-subscriptions", "subject_kind=service&subject_name=nope&window=10m&threshold=120&by_xmpp=1")
        #expect(bad.status == 422)
        #expect(bad.text.contains("There is no service named &#39;nope&#39;") || bad.text.contains("There is no service named 'nope'"))
        #expect(bad.text.contains("The threshold is a percentage above 0 and at most 100"))
        #expect(bad.text.contains("Your person record has no XMPP address"))
        #expect(bad.text.contains("value=\"120\""))
        let none = try post("/account/level-subscriptions", "subject_kind=service&subject_name=pg-3&window=1h&threshold=99.5")
        #expect(none.status == 422)
        #expect(none.text.contains("Choose at least one way to be told"))

        let good = try post("/account/level-subscriptions", "subject_kind=service&subject_name=pg-3&window=1h&threshold=99.5&by_mail=1")
        #expect(good.status == 303)
        let mine = try app.fetch("GET", "/account/subscriptions")
        #expect(mine.text.contains("below 99.5% over 1 h"))
        #expect(mine.text.contains("service pg-3"))
        let own = try #require(try app.app.context.store.read { try LevelSubscriptionStore.list($0, personID: ana) }.first)
        #expect(own.draft.window == .hour && own.draft.threshold == 99.5 && own.draft.byMail && !own.draft.byXMPP)

        // Admins subscribe a team to the whole estate.
        let teamBad = try post("/level-subscriptions", "team=Nobody&subject_kind=overall&window=24h&threshold=99&by_mail=1")
        #expect(teamBad.status == 422)
        #expect(teamBad.text.contains("There is no team named"))
        let team = try post("/level-subscriptions", "team=DBA&subject_kind=overall&window=24h&threshold=99&by_mail=1")
        #expect(team.status == 303)
        let admin = try app.fetch("GET", "/level-subscriptions")
        #expect(admin.status == 200)
        #expect(admin.text.contains("team DBA") && admin.text.contains("overall") && admin.text.contains("below 99% over 24 h"))
        let all = try app.app.context.store.read { try LevelSubscriptionStore.list($0) }
        #expect(all.count == 2)
        let teamRow = try #require(all.first { if case .team = $0.draft.subscriber { true } else { false } })
        #expect(teamRow.draft.subject == .overall)

        // Removing: your own from the account page.
        let removed = try post("/level-subscriptions/\(own.id)/delete", "")
        #expect(removed.status == 303)
        let left = try app.app.context.store.read { try LevelSubscriptionStore.list($0, personID: ana) }
        #expect(left.isEmpty)
        let audit = try app.app.context.store.read { try $0.query("SELECT action FROM audit_log WHERE object_kind = 'level_subscription' ORDER BY id") }
        #expect(audit.compactMap { $0.string("action") } == ["subscribe", "subscribe", "unsubscribe"])
    }

    @Test func peopleHaveAnOptionalValidatedXMPPAddressAsTheLastColumn() throws {
        let app = try Self.start()
        defer { app.stop() }
        let created = try app.fetch("POST", "/api/v1/people", headers: ["Content-Type": "application/json"],
                                    body: Array(#"{"name":"Bob","email":"bob@example.com","time_zone":"UTC","jid":"Bob@Example.org"}"#.utf8))
        #expect(created.status == 201, "\(created.text)")
        #expect((created.json as? [String: Any])?["jid"] as? String == "bob@example.org", "stored as a bare JID in lower case")
        let invalid = try app.fetch("POST", "/api/v1/people", headers: ["Content-Type": "application/json"],
                                    body: Array(#"{"name":"Eve","email":"eve@example.com","time_zone":"UTC","jid":"eve@example.org/phone"}"#.utf8))
        #expect(invalid.status == 422)
        #expect(invalid.text.contains("is not an XMPP address"))
        let twice = try app.fetch("POST", "/api/v1/people", headers: ["Content-Type": "application/json"],
                                  body: Array(#"{"name":"Bobby","email":"bobby@example.com","time_zone":"UTC","jid":"bob@example.org"}"#.utf8))
        #expect(twice.status == 422)
        #expect(twice.text.contains("Another person already has the XMPP address"))
        // A person without one has null in JSON; the CSV has jid as its last column.
        let people = try #require(try app.fetch("GET", "/api/v1/people").json as? [String: Any])
        let items = try #require(people["items"] as? [[String: Any]] ?? people["people"] as? [[String: Any]])
        #expect(items.contains { $0["email"] as? String == "ana@example.com" && $0["jid"] is NSNull })
        let csv = try app.fetch("GET", "/people.csv")
        #expect(csv.status == 200)
        let header = csv.text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        #expect(header.hasSuffix(",jid"), "\(header)")
        #expect(csv.text.contains("bob@example.org"))
        // Files written before the column existed still import; a new file may carry it.
        let imported = try app.app.context.store.write { db in
            try PortalStoreImport.importRows(db, kind: "people", csv: "name,email,phone,time_zone,teams,jid\r\nCarla,carla@example.com,,UTC,,carla@example.org\r\n")
        }
        #expect(imported == 1)
        let carla = try Self.id(app, "SELECT id FROM people WHERE jid = 'carla@example.org'")
        #expect(carla > 0)
        let form = try app.fetch("GET", "/people/new")
        #expect(form.text.contains("name=\"jid\""))
    }
}
