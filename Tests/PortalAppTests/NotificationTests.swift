import ForewarnTestSupport
import Foundation
import PortalApp
import PortalMail
import PortalStore
import Testing

/// Notices end to end: queued in the action's transaction, delivered through a real SMTP server (aiosmtpd), read
/// back with Python's `email` and `icalendar`.
@Suite("Notices: outbox, SMTP, invites, reminders, subscriptions, feeds, webhooks", .serialized)
struct NotificationTests {
    func start(smtp: String?, deliver: Bool = false, allowOutbound: [String] = []) throws -> TestApp {
        let policy = try OutboundPolicy(allowing: allowOutbound)
        let app = try TestApp.start {
            $0.outbound = policy
            $0.clockInterval = 0
            $0.smtpURL = smtp
            $0.mailFrom = "forewarn@ops.example.com"
            $0.deliversMail = deliver
        }
        try app.importFixture()
        return app
    }

    func api(_ app: TestApp, _ method: String, _ path: String, _ json: String? = nil) throws -> (Int, [String: Any]) {
        let response = try app.fetch(method, path, headers: json == nil ? [:] : ["Content-Type": "application/json"], body: Array((json ?? "").utf8))
        return (response.status, (response.json as? [String: Any]) ?? [:])
    }

    /// Declares and announces a downtime on cluster db-east (Paris time), three days from now unless told otherwise.
    func announce(_ app: TestApp, title: String = "DB cluster east patching", startsIn days: Double = 3, extra: String = "") throws -> Int {
        let start = Self.local(Date().addingTimeInterval(days * 86_400), zone: "Europe/Paris")
        let end = Self.local(Date().addingTimeInterval(days * 86_400 + 4 * 3600), zone: "Europe/Paris")
        let (status, body) = try api(app, "POST", "/api/v1/downtimes", """
            {"title":"\(title)","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\(start)","ends_at":"\(end)",
             "time_zone":"Europe/Paris","change_ticket":"CHG0012345","change_url":"https://tickets.example.com/CHG0012345","coordinator":"ana@example.com"}
            """)
        #expect(status == 201, "\(body)")
        let id = body["id"] as? Int ?? 0
        let (announced, result) = try api(app, "POST", "/api/v1/downtimes/\(id)/announce", "{\(extra)}")
        #expect(announced == 200, "\(result)")
        return id
    }

    static func local(_ date: Date, zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.dateFormat = "yyyy-MM-dd'T'HH:00:00"
        return formatter.string(from: date)
    }

    func outbox(_ app: TestApp) throws -> [OutboxRecord] {
        try app.app.context.store.read { try NoticeStore.list($0, limit: 1000) }
    }

    @Test func announcingSendsOneGroupedMessagePerAddressWithInviteAndLocalTimes() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try start(smtp: sink.url)
        defer { app.stop() }
        let id = try announce(app)

        // Queued in the announce transaction: Ana (coordinator and data owner), the DBA team at its address, Taro (inherited coordinator).
        let queued = try outbox(app)
        #expect(Set(queued.map(\.recipient)) == ["ana@example.com", "dba@example.com", "taro@example.jp"])
        #expect(queued.allSatisfy { $0.status == .queued && $0.event == "announce" })

        try app.app.deliverOutbox()
        let files = try sink.messages()
        #expect(files.count == 3)
        let mails = try ParsedEmail.parse(files: files)
        let byRecipient = Dictionary(uniqueKeysWithValues: mails.map { ($0.to.first ?? "", $0) })
        #expect(Set(byRecipient.keys) == ["ana@example.com", "dba@example.com", "taro@example.jp"])
        for mail in mails {
            #expect(mail.defects.isEmpty, "\(mail.defects)")
            #expect(mail.subject.hasPrefix("[Planned] DB cluster east patching — "))
            #expect(mail.subject.hasSuffix(" — CHG0012345"))
            #expect(mail.from == ["forewarn@ops.example.com"])
            #expect(mail.structure.contains("text/plain") && mail.structure.contains("text/html") && mail.structure.contains("text/calendar"), "\(mail.structure)")
            let invite = try #require(mail.leaf("text/calendar")?.calendar)
            #expect(invite.method == "REQUEST")
            #expect(invite.events.first?.uid == "forewarn-downtime-\(id)@127.0.0.1")
            #expect(invite.events.first?.sequence == 0)
            #expect(invite.events.first?.status == "CONFIRMED")
            let row = try #require(queued.first { $0.recipient == mail.to.first })
            #expect(mail.messageID == "<\(row.messageID)>")
        }
        // Every reason in one message; the window in the reader's own zone and in UTC.
        let ana = try #require(byRecipient["ana@example.com"]?.leaf("text/plain")?.text)
        #expect(ana.contains("downtime coordinator of DT-\(id)"))
        #expect(ana.contains("data owner of dataset salaries"))
        #expect(ana.contains("why: salaries is down"), "\(ana)")
        #expect(ana.contains("your time zone: Europe/Lisbon"))
        #expect(ana.contains("/downtimes/\(id)/report"))
        let taro = try #require(byRecipient["taro@example.jp"])
        #expect(taro.subject.contains("JST"), "\(taro.subject)")
        #expect(taro.toNames == ["山田太郎"])
        #expect(try #require(byRecipient["ana@example.com"]).subject.contains("WET") || byRecipient["ana@example.com"]!.subject.contains("WEST"))
        #expect(try #require(byRecipient["dba@example.com"]?.leaf("text/plain")?.text).contains("technical contact of cluster db-east"))

        // Per person: the person's page links to their notices, and the outbox filter shows only theirs.
        guard case .integer(let anaID)? = try app.app.context.store.read({ try $0.scalar("SELECT id FROM people WHERE email = 'ana@example.com'") }) else {
            Issue.record("no Ana"); return
        }
        #expect(try app.fetch("GET", "/people/\(anaID)").text.contains("/outbox?person=\(anaID)"))
        let hers = try app.fetch("GET", "/outbox?person=\(anaID)").text
        #expect(hers.contains("ana@example.com") && !hers.contains("taro@example.jp") && !hers.contains("dba@example.com"))

        // Sent once: another pass sends nothing, and the rows say sent.
        #expect(try app.app.deliverOutbox() == 0)
        #expect(try sink.messages().count == 3)
        #expect(try outbox(app).allSatisfy { $0.status == .sent && $0.attempts == 1 })
    }

    @Test func theWorkerIsWokenOnlyOnceTheNoticesAreCommitted() throws {
        let app = try start(smtp: nil)
        defer { app.stop() }
        // What a worker woken by the signal would find with its own (reader) connection at that moment.
        let seen = Locked<[Int64]>([])
        let store = app.app.context.store
        app.app.context.outboxSignal.observe {
            var count: Int64 = -1
            if case .integer(let n)?? = try? store.read({ try $0.scalar("SELECT count(*) FROM outbox") }) { count = n }
            seen.mutate { $0.append(count) }
        }
        _ = try announce(app)
        let counts = seen.value
        #expect(!counts.isEmpty, "announcing queues notices and wakes the worker")
        #expect(counts.allSatisfy { $0 > 0 }, "woken before the commit: it saw \(counts)")
    }

    @Test func rescheduleRaisesTheSequenceAndCancelSendsACancellation() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try start(smtp: sink.url)
        defer { app.stop() }
        let id = try announce(app)
        let newStart = Self.local(Date().addingTimeInterval(5 * 86_400), zone: "Europe/Paris")
        let newEnd = Self.local(Date().addingTimeInterval(5 * 86_400 + 2 * 3600), zone: "Europe/Paris")
        let (status, body) = try api(app, "POST", "/api/v1/downtimes/\(id)/reschedule", #"{"starts_at":"\#(newStart)","ends_at":"\#(newEnd)"}"#)
        #expect(status == 200, "\(body)")
        let (cancelled, _) = try api(app, "POST", "/api/v1/downtimes/\(id)/cancel", #"{"note":"vendor postponed the patch"}"#)
        #expect(cancelled == 200)
        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: try sink.messages()).filter { $0.to == ["taro@example.jp"] }
        #expect(mails.count == 3)
        let invites = mails.compactMap { $0.leaf("text/calendar")?.calendar }
        #expect(invites.map(\.method) == ["REQUEST", "REQUEST", "CANCEL"])
        #expect(invites.map { $0.events.first?.sequence ?? -1 } == [0, 1, 2])
        #expect(Set(invites.map { $0.events.first?.uid ?? "" }).count == 1)
        #expect(invites[2].events.first?.status == "CANCELLED")
        #expect(mails[1].subject.hasPrefix("[Planned · Rescheduled] "))
        #expect(try #require(mails[1].leaf("text/plain")?.text).contains("Was:"))
        #expect(try #require(mails[2].leaf("text/plain")?.text).contains("vendor postponed the patch"))
        // The rescheduled invite carries the new window.
        let expectedStart = try #require(DateFormatter.localParser(zone: "Europe/Paris").date(from: newStart))
        #expect(invites[1].events.first?.dtstart.hasPrefix(ISO8601DateFormatter().string(from: expectedStart).prefix(16)) == true,
                "\(invites[1].events.first?.dtstart ?? "")")
    }

    @Test func smtpDownKeepsNoticesQueuedAndEachIsDeliveredOnceWhenItIsBack() throws {
        let port = try SMTPSink().port  // a port nothing listens on once that sink is gone: the server is down

        let app = try start(smtp: "smtp://127.0.0.1:\(port)")
        defer { app.stop() }
        _ = try announce(app)
        try app.app.deliverOutbox()
        let waiting = try outbox(app)
        #expect(waiting.count == 3)
        #expect(waiting.allSatisfy { $0.status == .queued })
        #expect(waiting.contains { $0.lastError.contains("Cannot send through") }, "the reason is kept for the outbox page")
        // Paused: an immediate second pass does not hammer the dead server.
        #expect(try app.app.deliverOutbox() == 0)
        let page = try app.fetch("GET", "/outbox?status=queued")
        #expect(page.text.contains("3 queued"))

        let sink = try SMTPSink(port: port)
        defer { sink.stop() }
        try app.app.deliverOutbox(now: Date().addingTimeInterval(3600))
        try app.app.deliverOutbox(now: Date().addingTimeInterval(7200))
        let mails = try ParsedEmail.parse(files: try sink.messages())
        #expect(mails.count == 3)
        #expect(Set(mails.compactMap(\.messageID)).count == 3)
        #expect(try outbox(app).allSatisfy { $0.status == .sent })
    }

    @Test func permanentRefusalFailsWithTheServersAnswerAndCanBeResent() throws {
        let sink = try SMTPSink(reject: "taro")
        defer { sink.stop() }
        let app = try start(smtp: sink.url)
        defer { app.stop() }
        _ = try announce(app)
        try app.app.deliverOutbox()
        let rows = try outbox(app)
        let failed = try #require(rows.first { $0.recipient == "taro@example.jp" })
        #expect(failed.status == .failed)
        #expect(failed.lastError.contains("550"), "\(failed.lastError)")
        #expect(rows.filter { $0.status == .sent }.count == 2)
        #expect(try sink.messages().count == 2)

        let page = try app.fetch("GET", "/outbox?status=failed")
        #expect(page.text.contains("550 5.1.1"))
        #expect(page.text.contains("/outbox/\(failed.id)/resend"))
        let token = try TestApp.csrfToken(page)
        let resend = try app.fetch("POST", "/outbox/\(failed.id)/resend", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "forewarn_csrf=\(token)"],
                                   body: Array("_csrf=\(token)".utf8))
        #expect(resend.status == 303)
        let again = try #require(try app.app.context.store.read { try NoticeStore.outboxEntry($0, id: failed.id) })
        #expect(again.status == .queued && again.attempts == 0 && again.messageID == failed.messageID)
    }

    @Test func remindersFollowTheControllableClockOnceEachAndFollowAReschedule() throws {
        let app = try start(smtp: nil)
        defer { app.stop() }
        let id = try announce(app, startsIn: 3)
        let downtime = try #require(try app.app.context.store.read { try DowntimeStore.fetch($0, id: Int64(id)) })
        let start = downtime.window.start
        func reminders() throws -> [String] {
            try app.app.context.store.read { db in
                try db.query("SELECT event_key FROM notice_events WHERE event = 'reminder' ORDER BY id").map { $0.string("event_key") ?? "" }
            }
        }
        _ = try app.app.tick(now: start.addingTimeInterval(-2 * 86_400))
        #expect(try reminders().isEmpty, "two days before: nothing is due")
        _ = try app.app.tick(now: start.addingTimeInterval(-86_400 + 60))
        _ = try app.app.tick(now: start.addingTimeInterval(-86_400 + 120))
        #expect(try reminders().count == 1, "the 1-day reminder, once")
        _ = try app.app.tick(now: start.addingTimeInterval(-3000))
        #expect(try reminders().count == 2, "then the 1-hour reminder")
        #expect(try reminders().last?.contains(":reminder:60:") == true)
        let rows = try outbox(app).filter { $0.event == "reminder" }
        #expect(rows.count == 6, "two reminders to three addresses")

        // Rescheduled a week later: its reminders are planned again for the new start.
        let newStart = Self.local(start.addingTimeInterval(7 * 86_400), zone: "Europe/Paris")
        let newEnd = Self.local(start.addingTimeInterval(7 * 86_400 + 3600), zone: "Europe/Paris")
        let (status, _) = try api(app, "POST", "/api/v1/downtimes/\(id)/reschedule", #"{"starts_at":"\#(newStart)","ends_at":"\#(newEnd)"}"#)
        #expect(status == 200)
        let moved = try #require(try app.app.context.store.read { try DowntimeStore.fetch($0, id: Int64(id)) }).window.start
        _ = try app.app.tick(now: moved.addingTimeInterval(-86_000))
        #expect(try reminders().count == 3)
        #expect(try reminders().last?.contains(StoreTime.format(moved)) == true)

        // The clock starts and completes it, and each move is a notice.
        _ = try app.app.tick(now: moved.addingTimeInterval(60))
        _ = try app.app.tick(now: moved.addingTimeInterval(3600 + 60))
        let events = try outbox(app).map(\.event)
        #expect(events.filter { $0 == "start" }.count == 3)
        #expect(events.filter { $0 == "complete" }.count == 3)
    }

    @Test func theSenderCanAttachThePDFReport() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try start(smtp: sink.url)
        defer { app.stop() }
        let id = try announce(app, extra: #""attach_pdf": true"#)
        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: try sink.messages())
        #expect(mails.count == 3)
        let pdfs = mails.compactMap { $0.leaf("application/pdf") }
        #expect(pdfs.count == 3)
        #expect(pdfs.allSatisfy { $0.filename == "forewarn-DT-\(id)-impact.pdf" && $0.bytes.starts(with: Array("%PDF-".utf8)) })
        #expect(Set(pdfs.map(\.base64)).count == 1, "every recipient gets the same report")
        let file = TestRunFolder.file("attached-\(UUID().uuidString).pdf")
        try Data(pdfs[0].bytes).write(to: file)
        let text = try Python.run("import subprocess, sys; print(subprocess.run(['pdftotext', sys.argv[1], '-'], capture_output=True, text=True).stdout)",
                                  arguments: [file.path])
        #expect(text.contains("DT-\(id)"))
        #expect(text.contains("DB cluster east patching"))
    }

    @Test func subscribersHearAboutObjectsWithoutARoleAndCanUnsubscribeFromTheMail() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try start(smtp: sink.url)
        defer { app.stop() }
        try app.app.context.store.write { db in _ = try db.run("UPDATE users SET email = 'watcher@example.org' WHERE login = 'tester'") }
        let form = try app.fetch("GET", "/account/subscriptions")
        #expect(form.status == 200)
        let token = try TestApp.csrfToken(form)
        let post = { (body: String) in
            try app.fetch("POST", "/subscriptions", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "forewarn_csrf=\(token)"],
                          body: Array("_csrf=\(token)&\(body)".utf8))
        }
        let bad = try post("kind=service&name=no-such-service")
        #expect(bad.status == 422)
        #expect(bad.text.contains("There is no service named"))
        #expect(bad.text.contains("value=\"no-such-service\""), "the input is kept")
        #expect(try post("kind=service&name=portal").status == 303)

        _ = try announce(app)
        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: try sink.messages())
        let watcher = try #require(mails.first { $0.to == ["watcher@example.org"] })
        let text = try #require(watcher.leaf("text/plain")?.text)
        #expect(text.contains("you subscribed to service portal"))
        let link = try #require(watcher.header("List-Unsubscribe")).trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        let path = String(link[try #require(link.range(of: "/unsubscribe/"))!.lowerBound...])
        #expect(text.contains(link))

        let confirm = try app.fetch("GET", path, anonymous: true)
        #expect(confirm.status == 200)
        #expect(confirm.text.contains("service portal"))
        let forged = try app.fetch("POST", path.replacingOccurrences(of: "token=", with: "token=x"), headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                   body: Array("List-Unsubscribe=One-Click".utf8), anonymous: true)
        #expect(forged.status == 404, "a forged token finds nothing")
        let done = try app.fetch("POST", path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("List-Unsubscribe=One-Click".utf8), anonymous: true)
        #expect(done.status == 200)
        #expect(try app.app.context.store.read { try $0.scalar("SELECT count(*) FROM subscriptions") } == .integer(0))
    }

    @Test func webhooksReceiveSignedJSONWithRetries() throws {
        let receiver = try WebhookReceiver(failFirst: 1)
        defer { receiver.stop() }
        let app = try start(smtp: nil, allowOutbound: ["127.0.0.1"])
        defer { app.stop() }
        let page = try app.fetch("GET", "/webhooks")
        let token = try TestApp.csrfToken(page)
        let headers = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "forewarn_csrf=\(token)"]
        let bad = try app.fetch("POST", "/webhooks", headers: headers, body: Array("_csrf=\(token)&url=ftp%3A%2F%2Fx&description=chat".utf8))
        #expect(bad.status == 422)
        #expect(bad.text.contains("http:// or https://"))
        #expect(try app.fetch("POST", "/webhooks", headers: headers, body: Array("_csrf=\(token)&url=\(receiver.url)&description=chat".utf8)).status == 303)
        let secret = try #require(try app.app.context.store.read { try NoticeStore.webhooks($0) }.first?.secret)
        try receiver.setSecret(secret)

        let id = try announce(app)
        try app.app.deliverOutbox()
        #expect(try receiver.deliveries().isEmpty, "the first call got a 503")
        let retried = try #require(try app.app.context.store.read { try NoticeStore.deliveries($0) }.first)
        #expect(retried.status == .queued && retried.attempts == 1 && retried.lastError.contains("503"))
        try app.app.deliverOutbox(now: Date().addingTimeInterval(3600))
        let received = try receiver.deliveries()
        #expect(received.count == 1)
        let delivery = try #require(received.first)
        #expect(delivery.valid, "HMAC-SHA256 verified by the receiver with the shown secret")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body.utf8)) as? [String: Any])
        #expect(json["event"] as? String == "announce")
        #expect((json["text"] as? String)?.hasPrefix("[Planned] DB cluster east patching") == true)
        #expect(((json["subject"] as? [String: Any])?["reference"] as? String) == "DT-\(id)")
    }

    @Test func webhooksToLoopbackLinkLocalOrMetadataAddressesAreRefusedUnlessListed() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.stop() }
        let app = try start(smtp: nil)
        defer { app.stop() }
        let token = try TestApp.csrfToken(try app.fetch("GET", "/webhooks"))
        let headers = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "forewarn_csrf=\(token)"]
        for (url, words) in [(receiver.url, "127.0.0.1 is a loopback address"), ("http://localhost:\(receiver.port)/", "loopback"),
                             ("http://169.254.169.254/latest/meta-data/", "cloud metadata"), ("http://[::1]:80/", "::1 is a loopback address"),
                             ("http://[::ffff:127.0.0.1]/", "loopback"), ("http://169.254.10.1/", "link-local"), ("http://0.0.0.0:\(receiver.port)/", "unspecified")] {
            let encoded = url.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? url
            let refused = try app.fetch("POST", "/webhooks", headers: headers, body: Array("_csrf=\(token)&url=\(encoded)&description=scan".utf8))
            #expect(refused.status == 422, "\(url)")
            #expect(refused.text.contains(words) && refused.text.contains("--allow-outbound"), "\(url): \(words)")
        }
        #expect(try app.app.context.store.read { try NoticeStore.webhooks($0) }.isEmpty, "nothing was saved")
        // A webhook that got in before (or by an older version) is refused at delivery, and nothing reaches the address.
        _ = try app.app.context.store.write { try NoticeStore.addWebhook($0, url: receiver.url, secret: "0123456789abcdef0123", description: "old") }
        _ = try announce(app)
        try app.app.deliverOutbox()
        let delivery = try #require(try app.app.context.store.read { try NoticeStore.deliveries($0) }.first)
        #expect(delivery.status == .failed)
        #expect(delivery.lastError.contains("Refused to send to 127.0.0.1"))
        #expect(try receiver.deliveries().isEmpty)
    }

    @Test func aListedAddressIsCalledButRedirectsAreNotFollowed() throws {
        let target = try WebhookReceiver()
        defer { target.stop() }
        let redirecting = try WebhookReceiver(redirectTo: target.url)
        defer { redirecting.stop() }
        let app = try start(smtp: nil, allowOutbound: ["127.0.0.0/8"])
        defer { app.stop() }
        _ = try app.app.context.store.write { try NoticeStore.addWebhook($0, url: redirecting.url, secret: "0123456789abcdef0123", description: "moved") }
        _ = try announce(app)
        try app.app.deliverOutbox()
        let delivery = try #require(try app.app.context.store.read { try NoticeStore.deliveries($0) }.first)
        #expect(delivery.status == .failed && delivery.lastError.contains("307"), "\(delivery.lastError)")
        #expect(try target.deliveries().isEmpty, "the redirect was not followed")
    }

    @Test(arguments: [
        ("10.1.2.3", nil), ("192.168.1.10", nil), ("93.184.216.34", nil), ("2001:db8::1", nil),
        ("127.0.0.1", "a loopback address"), ("127.53.0.1", "a loopback address"), ("::1", "a loopback address"),
        ("169.254.169.254", "the cloud metadata service"), ("fd00:ec2::254", "the cloud metadata service"),
        ("169.254.1.1", "a link-local address"), ("fe80::1", "a link-local address"), ("::ffff:127.0.0.1", "a loopback address"),
        ("0.0.0.0", "an unspecified address"), ("::", "an unspecified address"), ("224.0.0.1", "a multicast address"),
    ] as [(String, String?)])
    func outboundAddressRules(address: String, refusal: String?) throws {
        let bracketed = address.contains(":") ? "[\(address)]" : address
        do {
            let target = try OutboundPolicy.standard.resolve("http://\(bracketed):8080/hook")
            #expect(refusal == nil, "\(address) should be refused as \(refusal ?? "")")
            #expect(target.port == 8080)
        } catch {
            #expect(refusal != nil && error.message.contains(refusal!), "\(address): \(error.message)")
        }
        // Listing an address, a block around it or its name allows it.
        #expect(throws: Never.self) { try OutboundPolicy(allowing: [address]).resolve("http://\(bracketed)/") }
        #expect(try OutboundPolicy(allowing: ["localhost"]).resolve("http://localhost:81/").curlResolveEntry.hasPrefix("localhost:81:"))
        #expect(throws: OutboundPolicyError.self) { try OutboundPolicy(allowing: ["10.0.0.0/33"]) }
        #expect(throws: OutboundPolicyError.self) { try OutboundPolicy(allowing: ["http://x/"]) }
    }

    @Test func calendarFeedsNeedASessionOrAPrivateToken() throws {
        let app = try start(smtp: nil)
        defer { app.stop() }
        let id = try announce(app)
        let all = try app.fetch("GET", "/calendar.ics")
        #expect(all.status == 200)
        #expect(all.header("Content-Type")?.hasPrefix("text/calendar") == true)
        let parsed = try Python.run("""
            import sys
            from icalendar import Calendar
            cal = Calendar.from_ical(open(sys.argv[1]).read())
            print(cal["METHOD"], [str(e["UID"]) for e in cal.walk("VEVENT")])
            """, arguments: [try write(all.text)])
        #expect(parsed.contains("PUBLISH"))
        #expect(parsed.contains("forewarn-downtime-\(id)@127.0.0.1"))
        #expect(try app.fetch("GET", "/calendar.ics", anonymous: true).status == 401)
        #expect(try app.fetch("GET", "/calendar.ics?token=guess", anonymous: true).status == 403)

        // Per object: the service is hit by the downtime; the unrelated server is not.
        let payroll = try #require(try app.app.context.store.read { try $0.scalar("SELECT id FROM services WHERE name = 'payroll'") })
        let lone = try #require(try app.app.context.store.read { try $0.scalar("SELECT id FROM servers WHERE name = 'lone-1'") })
        guard case .integer(let payrollID) = payroll, case .integer(let loneID) = lone else { Issue.record("ids"); return }
        #expect(try app.fetch("GET", "/services/\(payrollID)/calendar.ics").text.contains("forewarn-downtime-\(id)"))
        #expect(!(try app.fetch("GET", "/servers/\(loneID)/calendar.ics").text.contains("forewarn-downtime-\(id)")))

        // Per person, with the private link made on the account page (the tester is linked to Taro by e-mail).
        try app.app.context.store.write { db in _ = try db.run("UPDATE users SET email = 'taro@example.jp' WHERE login = 'tester'") }
        let account = try app.fetch("GET", "/account/subscriptions")
        let csrf = try TestApp.csrfToken(account)
        let made = try app.fetch("POST", "/account/calendar-token", headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "forewarn_csrf=\(csrf)"],
                                 body: Array("_csrf=\(csrf)".utf8))
        #expect(made.status == 200)
        let linkStart = try #require(made.text.range(of: "/people/"))
        let link = String(made.text[linkStart.lowerBound...].prefix { $0 != "<" && $0 != "\"" })
        let feed = try app.fetch("GET", link.replacingOccurrences(of: "&amp;", with: "&"), anonymous: true)
        #expect(feed.status == 200)
        #expect(feed.text.contains("forewarn-downtime-\(id)"))
        let otherPerson = link.replacingOccurrences(of: "/people/", with: "/people/9").replacingOccurrences(of: "&amp;", with: "&")
        #expect(try app.fetch("GET", otherPerson, anonymous: true).status == 403)
    }

    @Test func theDetailPageReschedulesAndRefusesAPastStartWithAMessage() throws {
        let app = try start(smtp: nil)
        defer { app.stop() }
        let id = try announce(app)
        let page = try app.fetch("GET", "/downtimes/\(id)")
        #expect(page.text.contains("action=\"/downtimes/\(id)/reschedule/confirm\""))
        #expect(page.text.contains("Mail is not configured"))
        let token = try TestApp.csrfToken(page)
        let headers = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "forewarn_csrf=\(token)"]
        let past = try app.fetch("POST", "/downtimes/\(id)/reschedule", headers: headers,
                                 body: Array("_csrf=\(token)&confirm=1&starts_at=2020-01-01T10:00&ends_at=2020-01-01T12:00".utf8))
        #expect(past.status == 422)
        #expect(past.text.contains("class=\"field-error\">The new start is in the past"), "the confirmation step says why")
        let start = Self.local(Date().addingTimeInterval(10 * 86_400), zone: "Europe/Paris")
        let end = Self.local(Date().addingTimeInterval(10 * 86_400 + 3600), zone: "Europe/Paris")
        let moved = try app.fetch("POST", "/downtimes/\(id)/reschedule", headers: headers,
                                  body: Array("_csrf=\(token)&confirm=1&starts_at=\(start.prefix(16))&ends_at=\(end.prefix(16))".utf8))
        #expect(moved.status == 303)
        let record = try #require(try app.app.context.store.read { try DowntimeStore.fetch($0, id: Int64(id)) })
        #expect(abs(record.window.start.timeIntervalSince(Date().addingTimeInterval(10 * 86_400))) < 3600)
        #expect(try outbox(app).filter { $0.event == "reschedule" }.count == 3)
        let history = try app.app.context.store.read { try DowntimeStore.events($0, downtimeID: Int64(id)) }
        #expect(history.last?.note.hasPrefix("rescheduled from ") == true)
    }

    @Test func theOutboxPagesByAHundredKeepingItsFilters() throws {
        let app = try start(smtp: nil)
        defer { app.stop() }
        let id = try announce(app)
        try app.app.context.store.write { db in
            let recipients = (1...150).map { NoticeRecipient(address: "reader\($0)@example.org", name: "Reader \($0)", reasons: ["test"]) }
            _ = try NoticeStore.enqueue(db, NoticeDraft(eventKey: "test:bulk", event: "complete", downtimeID: Int64(id), payloadJSON: "{}",
                                                        actor: "test", recipients: recipients), messageDomain: "example.org")
        }
        func rows(_ page: RawResponse) -> Int { page.text.components(separatedBy: "delivery delivery-queued").count - 1 }
        let first = try app.fetch("GET", "/outbox?status=queued&downtime=DT-\(id)")
        #expect(rows(first) == 100)
        #expect(first.text.contains("/outbox?status=queued&amp;downtime=\(id)&amp;page=2"))
        #expect(!first.text.contains("← Newer"))
        let second = try app.fetch("GET", "/outbox?status=queued&downtime=\(id)&page=2")
        #expect(rows(second) == 53, "150 + the 3 announcement notices")
        #expect(second.text.contains("← Newer") && !second.text.contains("Older →"))
    }

    @Test func adminsLinkAUserToAPersonForTheirZoneAndCalendar() throws {
        let app = try start(smtp: nil)
        defer { app.stop() }
        let users = try app.fetch("GET", "/users")
        #expect(users.text.contains("not linked"))
        let token = try TestApp.csrfToken(users)
        let headers = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "forewarn_csrf=\(token)"]
        guard case .integer(let tester)? = try app.app.context.store.read({ try $0.scalar("SELECT id FROM users WHERE login = 'tester'") }) else {
            Issue.record("no tester"); return
        }
        let wrong = try app.fetch("POST", "/users/\(tester)", headers: headers, body: Array("_csrf=\(token)&person=nobody%40example.com".utf8))
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("no person has the e-mail nobody@example.com"))
        #expect(wrong.text.contains("value=\"nobody@example.com\""), "the input is kept")
        #expect(try app.app.context.store.read { try $0.scalar("SELECT person_id FROM users WHERE id = ?", [tester]) } == .null)
        #expect(try app.fetch("POST", "/users/\(tester)", headers: headers, body: Array("_csrf=\(token)&person=ANA%40example.com".utf8)).status == 303)
        #expect(try app.fetch("GET", "/users").text.contains("linked: Ana Lima"))
        #expect(try app.fetch("GET", "/account/subscriptions").text.contains("concern Ana Lima"))
        #expect(try app.fetch("GET", "/downtimes/new").text.contains("name=\"time_zone\" value=\"Europe/Lisbon\""), "the declaration form defaults to the person's zone")
        #expect(try app.fetch("POST", "/users/\(tester)", headers: headers, body: Array("_csrf=\(token)&person=".utf8)).status == 303)
        #expect(try app.app.context.store.read { try $0.scalar("SELECT person_id FROM users WHERE id = ?", [tester]) } == .null)
    }

    @Test func mailSettingsValidateAndTheUISaysWhenMailIsOff() throws {
        let app = try start(smtp: nil)
        defer { app.stop() }
        _ = try announce(app)
        let outboxPage = try app.fetch("GET", "/outbox")
        #expect(outboxPage.text.contains("Mail is not configured"))
        #expect(outboxPage.text.contains("3 queued"))
        let settings = try app.fetch("GET", "/settings/mail")
        let token = try TestApp.csrfToken(settings)
        let headers = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "forewarn_csrf=\(token)"]
        let bad = try app.fetch("POST", "/settings/mail", headers: headers, body: Array("_csrf=\(token)&smtp_url=http%3A%2F%2Fmail&mail_from=x&reminders=60%2Cabc".utf8))
        #expect(bad.status == 422)
        #expect(bad.text.contains("smtp://host:port"))
        #expect(bad.text.contains("lead times in minutes"))
        #expect(bad.text.contains("value=\"http://mail\""), "the input is kept")
        let good = try app.fetch("POST", "/settings/mail", headers: headers,
                                 body: Array("_csrf=\(token)&smtp_url=smtp%3A%2F%2Fu%3As3cret%40127.0.0.1%3A2525&mail_from=ops%40example.com&reminders=120".utf8))
        #expect(good.status == 303)
        let shown = try app.fetch("GET", "/settings/mail")
        #expect(shown.text.contains("smtp://u:***@127.0.0.1:2525"))
        #expect(!shown.text.contains("s3cret"))
        #expect(!(try app.fetch("GET", "/outbox").text.contains("Mail is not configured")))
    }

    @Test func theSMTPPasswordIsStoredSealedWithAKeyKeptOutsideTheDatabase() throws {
        let app = try start(smtp: nil)
        defer { app.stop() }
        let settings = try app.fetch("GET", "/settings/mail")
        let token = try TestApp.csrfToken(settings)
        let headers = ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "forewarn_csrf=\(token)"]
        func save(_ url: String) throws {
            let body = "_csrf=\(token)&smtp_url=\(url)&mail_from=ops%40example.com&reminders=120"
            #expect(try app.fetch("POST", "/settings/mail", headers: headers, body: Array(body.utf8)).status == 303)
        }
        try save("smtp%3A%2F%2Fmailer%3AWh1sper-Pa55%40127.0.0.1%3A2525")
        let dbPath = app.folder + "/forewarn.sqlite"
        let keyPath = dbPath + ".key"
        let attributes = try FileManager.default.attributesOfItem(atPath: keyPath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "the key file is readable by its owner only")
        let stored = try app.app.context.store.read { try $0.query("SELECT key, value FROM settings") }
        #expect(stored.allSatisfy { !($0.string("value") ?? "").contains("Wh1sper") }, "no setting holds the password in clear")
        let sealed = try #require(stored.first { $0.string("key") == "mail.smtp_password" }?.string("value"))
        #expect(sealed.hasPrefix("sealed:v1:"))
        #expect(stored.first { $0.string("key") == "mail.smtp_url" }?.string("value") == "smtp://mailer@127.0.0.1:2525")
        let box = try SecretBox.openOrCreate(keyFile: keyPath)
        #expect(try box.open(sealed) == "Wh1sper-Pa55")
        // The database file itself (and its WAL) never saw the password.
        for file in [dbPath, dbPath + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data("Wh1sper-Pa55".utf8)) == nil, "\(file) holds the password in clear")
        }
        // Never shown back; the masked form keeps the stored password.
        let shown = try app.fetch("GET", "/settings/mail")
        #expect(shown.text.contains("smtp://mailer:***@127.0.0.1:2525"))
        #expect(!shown.text.contains("Wh1sper"))
        try save("smtp%3A%2F%2Fmailer%3A***%40127.0.0.1%3A2526")
        let kept = try #require(try app.app.context.store.read { try SettingsStore.value($0, "mail.smtp_password") })
        #expect(try box.open(kept) == "Wh1sper-Pa55")
        #expect(try app.app.context.store.read { try SettingsStore.value($0, "mail.smtp_url") } == "smtp://mailer@127.0.0.1:2526")
        // Another key opens nothing.
        let otherKey = app.folder + "/other.key"
        #expect(throws: SecretBoxError.self) { try SecretBox.openOrCreate(keyFile: otherKey).open(kept) }
    }

    @Test func aPasswordStoredInClearByAnEarlierVersionIsSealedAtStart() throws {
        let folder = temporaryDirectory()
        let path = try testDatabase(in: folder)
        let keyFile = folder + "/forewarn.sqlite.key"
        try Store(path: path).write { db in try SettingsStore.set(db, "mail.smtp_url", "smtp://old:Leg4cy-secret@127.0.0.1:2525") }
        let app = try TestApp.start {
            $0.databasePath = path
            $0.secretKeyPath = keyFile
            $0.deliversMail = false
            $0.clockInterval = 0
        }
        defer { app.stop() }
        let url = try app.app.context.store.read { try SettingsStore.value($0, "mail.smtp_url") }
        let sealed = try #require(try app.app.context.store.read { try SettingsStore.value($0, "mail.smtp_password") })
        #expect(url == "smtp://old@127.0.0.1:2525")
        #expect(try SecretBox.openOrCreate(keyFile: keyFile).open(sealed) == "Leg4cy-secret")
    }

    @Test func aKeyFileOthersMayReadOrThatHoldsNoKeyIsRefused() throws {
        let folder = temporaryDirectory()
        let open = folder + "/open.key"
        _ = try SecretBox.openOrCreate(keyFile: open)
        chmod(open, 0o644)
        #expect { try SecretBox.openOrCreate(keyFile: open) } throws: { ($0 as? SecretBoxError)?.message.contains("chmod 600") == true }
        let garbage = folder + "/garbage.key"
        FileManager.default.createFile(atPath: garbage, contents: Data("not a key".utf8), attributes: [.posixPermissions: 0o600])
        #expect { try SecretBox.openOrCreate(keyFile: garbage) } throws: { ($0 as? SecretBoxError)?.message.contains("64 hexadecimal digits") == true }
        let box = SecretBox(key: [UInt8](repeating: 7, count: 32))
        #expect(box.seal("same") != box.seal("same"), "a new nonce every time")
        #expect(try box.open(box.seal("ünïcode and spaces")) == "ünïcode and spaces")
    }

    @Test func lineBreaksInATitleCannotAddHeaders() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try start(smtp: sink.url)
        defer { app.stop() }
        _ = try announce(app, title: #"Patch\r\nBcc: evil@example.com"#)
        try app.app.deliverOutbox()
        for mail in try ParsedEmail.parse(files: try sink.messages()) {
            #expect(!mail.headerNames.contains("bcc"))
            #expect(mail.defects.isEmpty)
        }
        for file in try sink.messages() {
            #expect(try sink.envelope(of: file).rcptTos.allSatisfy { !$0.contains("evil") })
        }
    }

    @Test func incidentUpdatesMarkedNotifyReachTheAffectedPeopleGroupedAsForDowntimes() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try start(smtp: sink.url)
        defer { app.stop() }
        let (opened, body) = try api(app, "POST", "/api/v1/incidents", """
            {"title":"Payroll errors","severity":"major","targets":[{"kind":"cluster","name":"db-east"}],"started_at":"2026-11-20T10:00:00",
             "time_zone":"UTC","ticket":"INC0042","engineer":"taro@example.jp","description":"Payroll returns 500s"}
            """)
        #expect(opened == 201, "\(body)")
        let id = body["id"] as? Int ?? 0
        #expect(try outbox(app).isEmpty, "opening without notify tells nobody")
        let (quiet, _) = try api(app, "POST", "/api/v1/incidents/\(id)/updates", #"{"status":"identified","message":"Disk full on db-12","notify":false}"#)
        #expect(quiet == 200)
        #expect(try outbox(app).isEmpty)
        let (loud, _) = try api(app, "POST", "/api/v1/incidents/\(id)/updates", #"{"status":"monitoring","message":"Space freed, watching","notify":true}"#)
        #expect(loud == 200)
        let queued = try outbox(app)
        #expect(Set(queued.map(\.recipient)) == ["ana@example.com", "dba@example.com", "taro@example.jp"])
        #expect(queued.allSatisfy { $0.event == "incident_update" && $0.incidentID == Int64(id) })

        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: try sink.messages())
        #expect(mails.count == 3)
        for mail in mails {
            #expect(mail.subject.hasPrefix("[Major incident · Update] Payroll errors — since "), "\(mail.subject)")
            #expect(mail.subject.hasSuffix(" — INC0042"))
            #expect(mail.leaf("text/calendar") == nil, "incidents send no invite")
            let text = try #require(mail.leaf("text/plain")?.text)
            #expect(text.contains("Space freed, watching"))
            #expect(text.contains("/incidents/\(id)"))
        }
        let taro = try #require(mails.first { $0.to == ["taro@example.jp"] }?.leaf("text/plain")?.text)
        #expect(taro.contains("engineer in charge of INC-\(id)"))
        let page = try app.fetch("GET", "/outbox")
        #expect(page.text.contains("INC-\(id)"))
    }

    /// The real `forewarn serve` is killed with SIGKILL while it delivers, then started again: every notice arrives,
    /// and a message that arrives twice (the one in flight at the kill) carries the same Message-ID both times.
    @Test func killedMidDeliveryAndRestartedLosesNothingAndSendsNothingNew() throws {
        let app = try start(smtp: nil)
        for n in 1...4 { _ = try announce(app, title: "Patch round \(n)", startsIn: Double(n + 2)) }
        let expected = try outbox(app)
        #expect(expected.count == 12)
        // The test's database: the SQLite file, or its PostgreSQL schema under `make test-postgres`.
        let database = app.app.context.store.path
        let keyFile = app.folder + "/forewarn.sqlite.key"
        app.stop()

        let sink = try SMTPSink(timeout: 60, delay: 0.4)
        defer { sink.stop() }
        func serve() throws -> Process {
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("forewarn").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: FileManager.default.fileExists(atPath: binary) ? binary : repositoryRoot + "/.build/debug/forewarn")
            process.arguments = ["serve", "--db", database, "--port", "0", "--smtp-url", sink.url, "--mail-from", "forewarn@ops.example.com", "--log-level", "error",
                                 "--secret-key-file", keyFile]
            process.currentDirectoryURL = URL(fileURLWithPath: repositoryRoot)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            return process
        }
        func waitFor(_ deadline: TimeInterval, _ condition: () throws -> Bool) throws -> Bool {
            let end = Date().addingTimeInterval(deadline)
            while Date() < end {
                if try condition() { return true }
                usleep(50_000)
            }
            return false
        }
        let first = try serve()
        #expect(try waitFor(30) { try sink.messages().count >= 3 })
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let beforeRestart = try sink.messages().count
        #expect(beforeRestart < 12, "killed while messages were still queued")

        let second = try serve()
        defer { second.terminate(); second.waitUntilExit() }
        let store = try Store(path: database)
        #expect(try waitFor(40) {
            try store.read { try $0.scalar("SELECT count(*) FROM outbox WHERE status = 'sent'") } == .integer(12)
        })
        usleep(500_000)
        let received = try ParsedEmail.parse(files: try sink.messages())
        #expect(Set(received.compactMap(\.messageID)) == Set(expected.map { "<\($0.messageID)>" }), "every notice arrived")
        #expect(received.count <= 13, "at most the one message in flight at the kill came twice: \(received.count)")
    }

    func write(_ text: String) throws -> String {
        let path = TestRunFolder.file("feed-\(UUID().uuidString).ics").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension DateFormatter {
    static func localParser(zone: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return formatter
    }
}
