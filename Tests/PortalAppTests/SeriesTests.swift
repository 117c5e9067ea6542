import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// Recurring maintenance windows through the real server: declaring with `recurrence`, the occurrences as normal
/// downtimes within the horizon, the clock extending it, conflicts per occurrence, one notice for the series.
@Suite("Downtimes: recurring series")
struct SeriesTests {
    func start() throws -> TestApp {
        let app = try TestApp.start { $0.clockInterval = 0 }
        try app.importFixture()
        return app
    }

    func api(_ app: TestApp, _ method: String, _ path: String, _ json: String? = nil) throws -> (Int, [String: Any]) {
        let response = try app.fetch(method, path, headers: json == nil ? [:] : ["Content-Type": "application/json"], body: Array((json ?? "").utf8))
        return (response.status, (response.json as? [String: Any]) ?? [:])
    }

    func declare(_ app: TestApp, start: String = "2027-01-12T22:00:00", end: String = "2027-01-13T02:00:00", zone: String = "Europe/Berlin",
                 recurrence: String = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", extra: String = #","until":"2027-12-31""#) throws -> (Int, [String: Any]) {
        try api(app, "POST", "/api/v1/downtimes", """
            {"title":"Patch window db-east","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\(start)","ends_at":"\(end)",
             "time_zone":"\(zone)","change_ticket":"CHG0012345","coordinator":"ana@example.com","recurrence":"\(recurrence)"\(extra)}
            """)
    }

    func items(_ series: [String: Any]) -> [[String: Any]] { series["items"] as? [[String: Any]] ?? [] }
    func message(_ body: [String: Any]) -> String { (body["error"] as? [String: Any])?["message"] as? String ?? "" }

    func count(_ app: TestApp, _ sql: String) throws -> Int64 {
        if case .integer(let n)? = try app.app.context.store.read({ try $0.scalar(sql) }) { return n }
        return -1
    }

    @Test func declaringCreatesEachOccurrenceWithinTheHorizonAsADowntime() throws {
        let app = try start()
        defer { app.stop() }
        let (status, body) = try declare(app)
        #expect(status == 201, "\(body)")
        let series = try #require(body["series"] as? [String: Any])
        #expect(series["recurrence"] as? String == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20271231T225959Z")
        #expect(series["horizon_days"] as? Int == 90)
        let list = items(series)
        let horizon = Date().addingTimeInterval(90 * 86_400)
        #expect(!list.isEmpty)
        for item in list {
            let start = try UTCTimestampText.date(item["starts_at_utc"] as? String ?? "")
            #expect(start <= max(horizon, try UTCTimestampText.date("2027-01-12T21:00:00Z")))
            #expect((item["starts_at"] as? String ?? "").hasSuffix("T22:00:00"))
            #expect(item["state"] as? String == "draft")
        }
        #expect(list.first?["starts_at_utc"] as? String == "2027-01-12T21:00:00Z")
        #expect(try count(app, "SELECT count(*) FROM downtimes") == Int64(list.count))
        // Every occurrence is a normal downtime with its own detail and the same series behind it.
        let secondID = try #require(list.last?["id"] as? Int)
        let (detailStatus, detail) = try api(app, "GET", "/api/v1/downtimes/\(secondID)")
        #expect(detailStatus == 200)
        #expect(detail["title"] as? String == "Patch window db-east")
        let (occurrencesStatus, occurrences) = try api(app, "GET", "/api/v1/downtimes/\(secondID)/occurrences")
        #expect(occurrencesStatus == 200)
        #expect(occurrences["series_id"] as? Int == series["series_id"] as? Int)
        let next = occurrences["next"] as? [[String: Any]] ?? []
        #expect(next.count == 10)
        #expect(next.allSatisfy { ($0["starts_at"] as? String ?? "").hasSuffix("T22:00:00") })
    }

    @Test func theClockExtendsTheHorizonAndKeeps22LocalAcrossDST() throws {
        let app = try start()
        defer { app.stop() }
        let (status, body) = try declare(app)
        #expect(status == 201, "\(body)")
        let firstID = try #require(body["id"] as? Int)
        _ = try app.app.tick(now: try UTCTimestampText.date("2027-06-01T00:00:00Z"))
        let (_, series) = try api(app, "GET", "/api/v1/downtimes/\(firstID)/occurrences")
        let list = items(series)
        let starts = list.compactMap { $0["starts_at_utc"] as? String }
        // Through 2027-08-30: every second Tuesday from 12 January; CET until 28 March, then CEST.
        #expect(starts.first == "2027-01-12T21:00:00Z")
        #expect(starts.contains("2027-03-23T21:00:00Z"))
        #expect(starts.contains("2027-04-06T20:00:00Z"))
        #expect(starts.last == "2027-08-24T20:00:00Z")
        #expect(list.allSatisfy { ($0["starts_at"] as? String ?? "").hasSuffix("T22:00:00") })
        #expect(Set(starts).count == starts.count)
        // A second tick at the same moment creates nothing twice.
        _ = try app.app.tick(now: try UTCTimestampText.date("2027-06-01T00:00:00Z"))
        #expect(try count(app, "SELECT count(*) FROM downtime_occurrences") == Int64(list.count))
    }

    @Test func anOccurrenceInADSTGapMovesForwardAndSaysSo() throws {
        let app = try start()
        defer { app.stop() }
        let (status, body) = try declare(app, start: "2027-03-26T02:30:00", end: "2027-03-26T03:30:00", recurrence: "FREQ=DAILY", extra: #","count":4,"horizon_days":366"#)
        #expect(status == 201, "\(body)")
        let list = items(try #require(body["series"] as? [String: Any]))
        #expect(list.map { $0["starts_at"] as? String ?? "" } == ["2027-03-26T02:30:00", "2027-03-27T02:30:00", "2027-03-28T03:30:00", "2027-03-29T02:30:00"])
        #expect(list[2]["adjustment"] as? String == "gap")
        #expect((list[2]["adjustment_note"] as? String ?? "").contains("2027-03-28 02:30 does not exist in Europe/Berlin"))
        #expect(list[1]["adjustment"] is NSNull)
    }

    @Test func badRulesAreRefusedWithTheirMessage() throws {
        let app = try start()
        defer { app.stop() }
        let (status, body) = try declare(app, recurrence: "FREQ=WEEKLY;BYDAY=2TU")
        #expect(status == 422)
        #expect(message(body) == "Ordinal weekdays like 2TU or -1FR need FREQ=MONTHLY.")
        let (both, bothBody) = try declare(app, recurrence: "FREQ=WEEKLY;COUNT=3")
        #expect(both == 422)
        #expect(message(bothBody).contains("not both"))
        #expect(try count(app, "SELECT count(*) FROM downtimes") == 0)
        let (single, singleBody) = try api(app, "POST", "/api/v1/downtimes", """
            {"title":"One-off","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"2027-01-12T22:00","ends_at":"2027-01-12T23:00","time_zone":"Europe/Berlin"}
            """)
        #expect(single == 201)
        let (notSeries, notSeriesBody) = try api(app, "GET", "/api/v1/downtimes/\(singleBody["id"] as? Int ?? 0)/occurrences")
        #expect(notSeries == 404)
        #expect(message(notSeriesBody).contains("not an occurrence of a recurring series"))
    }

    @Test func conflictsAreListedPerOccurrence() throws {
        let app = try start()
        defer { app.stop() }
        let (single, singleBody) = try api(app, "POST", "/api/v1/downtimes", """
            {"title":"Firmware db-east","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"2027-01-26T23:00","ends_at":"2027-01-27T01:00","time_zone":"Europe/Berlin"}
            """)
        #expect(single == 201)
        #expect(try api(app, "POST", "/api/v1/downtimes/\(singleBody["id"] as? Int ?? 0)/announce").0 == 200)
        let (status, body) = try declare(app)
        #expect(status == 201)
        let conflicts = body["conflicts"] as? [[String: Any]] ?? []
        #expect(!conflicts.isEmpty)
        #expect(conflicts.allSatisfy { $0["occurrence_starts_at"] as? String == "2027-01-26T22:00:00" }, "\(conflicts)")
        // The series page lists them with that occurrence.
        let page = try app.get("/series/\((body["series"] as? [String: Any])?["series_id"] as? Int ?? 0)")
        #expect(page.status == 200)
        #expect(page.text.components(separatedBy: "class=\"conflict\"").count - 1 == conflicts.count)
    }

    @Test func announcingTheSeriesTellsPeopleOnceSkipsAndCancelsFromADate() throws {
        let app = try start()
        defer { app.stop() }
        let (_, body) = try declare(app)
        let firstID = try #require(body["id"] as? Int)
        let (announced, announceBody) = try api(app, "POST", "/api/v1/downtimes/\(firstID)/series/announce")
        #expect(announced == 200, "\(announceBody)")
        let list = items(announceBody)
        #expect(list.allSatisfy { $0["state"] as? String == "scheduled" })
        #expect(try count(app, "SELECT count(*) FROM notice_events WHERE event = 'announce'") == 1)
        // The clock announces occurrences it adds to an announced series, without a notice each.
        _ = try app.app.tick(now: Date().addingTimeInterval(40 * 86_400))
        let (_, later) = try api(app, "GET", "/api/v1/downtimes/\(firstID)/occurrences")
        #expect(items(later).count > list.count)
        #expect(items(later).filter { try! UTCTimestampText.date($0["starts_at_utc"] as! String) > Date().addingTimeInterval(40 * 86_400) }
            .allSatisfy { $0["state"] as? String == "scheduled" })
        #expect(try count(app, "SELECT count(*) FROM notice_events WHERE event = 'announce'") == 1)
        // Skipping one occurrence is cancelling that downtime.
        let secondID = try #require(items(later)[1]["id"] as? Int)
        let (skipped, _) = try api(app, "POST", "/api/v1/downtimes/\(secondID)/cancel", #"{"note":"skipped: quarter close"}"#)
        #expect(skipped == 200)
        let (_, afterSkip) = try api(app, "GET", "/api/v1/downtimes/\(firstID)/occurrences")
        #expect(items(afterSkip)[1]["skipped"] as? Bool == true)
        // Cancelling from a date on: one cancel notice for the series, the rule gets an UNTIL, nothing new after it.
        let before = try count(app, "SELECT count(*) FROM notice_events WHERE event = 'cancel'")
        let (cancelled, cancelBody) = try api(app, "POST", "/api/v1/downtimes/\(firstID)/series/cancel", #"{"from":"2027-02-20"}"#)
        #expect(cancelled == 200, "\(cancelBody)")
        #expect(cancelBody["recurrence"] as? String == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270219T225959Z")
        #expect(try count(app, "SELECT count(*) FROM notice_events WHERE event = 'cancel'") == before + 1)
        for item in items(cancelBody) where (item["starts_at_utc"] as? String ?? "") > "2027-02-20" {
            #expect(item["state"] as? String == "cancelled")
        }
        let total = items(cancelBody).count
        _ = try app.app.tick(now: try UTCTimestampText.date("2027-09-01T00:00:00Z"))
        let (_, end) = try api(app, "GET", "/api/v1/downtimes/\(firstID)/occurrences")
        #expect(items(end).count == total)
    }

    @Test func theFormPreviewsTheNextTenInBothZonesThenSavesAndThePageSkipsAndCancels() throws {
        let app = try start()
        defer { app.stop() }
        let page = try app.get("/series/new")
        #expect(page.status == 200)
        let token = try TestApp.csrfToken(page)
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        let fields: [(String, String)] = [("_csrf", token), ("title", "Patch window db-east"), ("kind", "planned"),
                                          ("target_kind", "cluster"), ("target_name", "db-east"),
                                          ("starts_at", "2027-01-12T22:00"), ("ends_at", "2027-01-13T02:00"), ("time_zone", "Europe/Berlin"),
                                          ("repeat", "weekly"), ("interval", "2"), ("ends", "until"), ("until", "2027-12-31"), ("horizon_days", "90")]
        // No weekday chosen: the form comes back with the message and what was typed, nothing written.
        let refused = try app.post("/series", form: fields + [("confirm", "no")], headers: headers)
        #expect(refused.status == 422)
        #expect(refused.text.contains("Choose at least one weekday."))
        #expect(refused.text.contains("value=\"Patch window db-east\""))
        #expect(refused.text.contains("value=\"2027-12-31\""))
        let preview = try app.post("/series", form: fields + [("weekday", "TU"), ("confirm", "no")], headers: headers)
        #expect(preview.status == 200)
        #expect(preview.text.contains("Every 2 weeks on Tuesday, until 2027-12-31"))
        #expect(preview.text.contains("Tue 2027-01-12 22:00 – 2027-01-13 02:00 CET"))
        #expect(preview.text.contains("Tue 2027-01-12 21:00 – 2027-01-13 01:00 UTC"))
        #expect(preview.text.contains("Tue 2027-04-06 22:00 – 2027-04-07 02:00 CEST"))
        #expect(preview.text.contains("Tue 2027-04-06 20:00 – 2027-04-07 00:00 UTC"))
        #expect(try count(app, "SELECT count(*) FROM downtimes") == 0)
        let saved = try app.post("/series", form: fields + [("weekday", "TU"), ("confirm", "yes")], headers: headers)
        #expect(saved.status == 303)
        let location = try #require(saved.header("Location"))
        #expect(location.hasPrefix("/series/"))
        let show = try app.get(location)
        #expect(show.status == 200)
        #expect(show.text.contains("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20271231T225959Z"))
        let firstID = try #require(try app.app.context.store.read { try $0.scalar("SELECT min(downtime_id) FROM downtime_occurrences") }.flatMap { value -> Int64? in
            if case .integer(let id) = value { return id } else { return nil }
        })
        #expect(try app.get("/downtimes/\(firstID)").text.contains("href=\"\(location)\""))
        let skipped = try app.post(location + "/skip", form: [("_csrf", token), ("downtime", String(firstID))], headers: headers)
        #expect(skipped.status == 303)
        #expect(try count(app, "SELECT count(*) FROM downtimes WHERE id = \(firstID) AND state = 'cancelled'") == 1)
        let cancelled = try app.post(location + "/cancel", form: [("_csrf", token), ("from", "2027-02-01")], headers: headers)
        #expect(cancelled.status == 303)
        #expect(try count(app, "SELECT count(*) FROM downtimes WHERE state != 'cancelled'") == 1)   // only 26 January is left
        // Without the CSRF token nothing moves.
        #expect(try app.post(location + "/announce", form: []).status == 403)
    }

    /// Expands the invite with icalendar + recurring_ical_events (PyPI), an independent reader of RRULE, EXDATE and
    /// RECURRENCE-ID, and prints each occurrence's start and end in UTC.
    static let inviteReader = """
    import json, sys
    from datetime import datetime, timezone
    import icalendar, recurring_ical_events
    calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
    assert calendar.get("METHOD") in ("PUBLISH", "REQUEST")
    masters = [e for e in calendar.walk("VEVENT") if "RRULE" in e]
    assert len(masters) == 1, "one series VEVENT"
    start = datetime.fromisoformat(sys.argv[2].replace("Z", "+00:00"))
    end = datetime.fromisoformat(sys.argv[3].replace("Z", "+00:00"))
    out = []
    for event in recurring_ical_events.of(calendar).between(start, end):
        s = event["DTSTART"].dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        e = event["DTEND"].dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append([s, e])
    print(json.dumps(sorted(out)))
    """

    func invitedOccurrences(_ app: TestApp, seriesID: Int, from: String, through: String) throws -> (String, [[String]]) {
        let invite = try app.get("/series/\(seriesID)/invite.ics")
        #expect(invite.status == 200)
        #expect(invite.header("Content-Type")?.hasPrefix("text/calendar") == true)
        let path = app.folder + "/series-\(seriesID).ics"
        try Data(invite.body).write(to: URL(fileURLWithPath: path))
        let output = try Python.run(Self.inviteReader, arguments: [path, from, through])
        return (invite.text, try JSONDecoder().decode([[String]].self, from: Data(output.utf8)))
    }

    @Test func theInviteIsOneRecurringEventThatListsTheSameOccurrences() throws {
        let app = try start()
        defer { app.stop() }
        let (_, body) = try declare(app)
        let firstID = try #require(body["id"] as? Int)
        _ = try app.app.tick(now: try UTCTimestampText.date("2026-12-07T00:00:00Z"))
        #expect(try api(app, "POST", "/api/v1/downtimes/\(firstID)/series/announce").0 == 200)
        _ = try app.app.tick(now: try UTCTimestampText.date("2027-01-01T00:00:00Z"))
        let (_, before) = try api(app, "GET", "/api/v1/downtimes/\(firstID)/occurrences")
        let list = items(before)
        #expect(list.count >= 6)
        // Skip the third; move the fifth an hour later (22:00 → 23:00 local).
        #expect(try api(app, "POST", "/api/v1/downtimes/\(list[2]["id"] as! Int)/cancel", #"{"note":"skipped"}"#).0 == 200)
        let fifth = list[4]
        let movedStart = (fifth["starts_at"] as! String).replacingOccurrences(of: "T22:00:00", with: "T23:00:00")
        let movedEnd = (fifth["ends_at"] as! String).replacingOccurrences(of: "T02:00:00", with: "T03:00:00")
        let (moved, movedBody) = try api(app, "POST", "/api/v1/downtimes/\(fifth["id"] as! Int)/reschedule", #"{"starts_at":"\#(movedStart)","ends_at":"\#(movedEnd)"}"#)
        #expect(moved == 200, "\(movedBody)")
        let (_, after) = try api(app, "GET", "/api/v1/downtimes/\(firstID)/occurrences")
        let through = try #require(after["planned_through"] as? String)
        let ours = items(after).filter { $0["state"] as? String != "cancelled" }.map { [$0["starts_at_utc"] as! String, $0["ends_at_utc"] as! String] }
        let (text, theirs) = try invitedOccurrences(app, seriesID: after["series_id"] as! Int, from: "2027-01-01T00:00:00Z", through: through)
        #expect(theirs == ours.sorted { $0[0] < $1[0] })
        #expect(text.contains("BEGIN:VTIMEZONE"))
        #expect(text.contains("DTSTART;TZID=Europe/Berlin:20270112T220000"))
        #expect(text.contains("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20271231T225959Z"))
        #expect(text.contains("EXDATE:20270209T210000Z"))
        #expect(text.contains("RECURRENCE-ID:"))
        #expect(ours.contains { $0[0] == "2027-04-06T20:00:00Z" } || through < "2027-04-06")
    }

    @Test func theInviteAgreesOnAnOccurrenceInADSTGap() throws {
        let app = try start()
        defer { app.stop() }
        let (status, body) = try declare(app, start: "2027-03-26T02:30:00", end: "2027-03-26T03:30:00", recurrence: "FREQ=DAILY", extra: #","count":4,"horizon_days":366"#)
        #expect(status == 201)
        let series = try #require(body["series"] as? [String: Any])
        let ours = items(series).map { [$0["starts_at_utc"] as! String, $0["ends_at_utc"] as! String] }
        let (_, theirs) = try invitedOccurrences(app, seriesID: series["series_id"] as! Int, from: "2027-03-01T00:00:00Z", through: "2027-04-30T00:00:00Z")
        // Starts agree, the gap occurrence included. Ends are compared away from the gap only: Forewarn keeps the exact
        // duration RFC 5545 asks for (03:30–04:30 CEST), while recurring_ical_events adds it on the wall clock through
        // Python's aware-datetime arithmetic (02:30 + 1 h = 03:30, the same instant as the start).
        #expect(theirs.map { $0[0] } == ours.map { $0[0] })
        #expect(theirs.enumerated().filter { $0.offset != 2 }.map(\.element) == ours.enumerated().filter { $0.offset != 2 }.map(\.element))
        #expect(ours[2] == ["2027-03-28T01:30:00Z", "2027-03-28T02:30:00Z"])
    }

    @Test func editingFromADateRePlansTheFutureWithOneNotice() throws {
        let app = try start()
        defer { app.stop() }
        let (_, body) = try declare(app)
        let firstID = try #require(body["id"] as? Int)
        #expect(try api(app, "POST", "/api/v1/downtimes/\(firstID)/series/announce").0 == 200)
        let notices = try count(app, "SELECT count(*) FROM notice_events")
        // From 9 February on: Wednesdays 21:00–23:00 every week instead of every second Tuesday 22:00–02:00.
        let (status, edited) = try api(app, "POST", "/api/v1/downtimes/\(firstID)/series/edit", """
            {"title":"Patch window db-east","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"2027-02-10T21:00","ends_at":"2027-02-10T23:00",
             "time_zone":"Europe/Berlin","recurrence":"FREQ=WEEKLY;BYDAY=WE","until":"2027-12-31","from":"2027-02-09"}
            """)
        #expect(status == 200, "\(edited)")
        #expect(edited["replaces_series_id"] as? Int == body["series"].flatMap { ($0 as? [String: Any])?["series_id"] as? Int })
        let fresh = items(edited)
        #expect(fresh.first?["starts_at"] as? String == "2027-02-10T21:00:00")
        #expect(fresh.allSatisfy { $0["state"] as? String == "scheduled" && ($0["starts_at"] as? String ?? "").hasSuffix("T21:00:00") })
        // Exactly one new notice for the whole change.
        #expect(try count(app, "SELECT count(*) FROM notice_events") == notices + 1)
        let (_, old) = try api(app, "GET", "/api/v1/downtimes/\(firstID)/occurrences")
        for item in items(old) {
            let start = item["starts_at_utc"] as? String ?? ""
            #expect(item["state"] as? String == (start < "2027-02-09" ? "scheduled" : "cancelled"), "\(item)")
        }
        #expect((old["recurrence"] as? String ?? "").contains("UNTIL=20270208T225959Z"))
    }

    @Test func theMailedInviteOfAnAnnouncedSeriesIsTheRecurringEntryKeptUpToDate() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.smtpURL = sink.url
            $0.mailFrom = "forewarn@ops.example.com"
            $0.deliversMail = false
        }
        defer { app.stop() }
        try app.importFixture()
        let (_, body) = try declare(app)
        let firstID = try #require(body["id"] as? Int)
        #expect(try api(app, "POST", "/api/v1/downtimes/\(firstID)/series/announce").0 == 200)
        _ = try app.app.deliverOutbox()
        let (_, series) = try api(app, "GET", "/api/v1/downtimes/\(firstID)/occurrences")
        let through = try #require(series["planned_through"] as? String)
        func expanded(_ mail: ParsedEmail) throws -> [[String]] {
            let leaf = try #require(mail.leaf("text/calendar"))
            #expect(leaf.calendar?.method == "REQUEST")
            let path = app.folder + "/mailed-\(UUID().uuidString).ics"
            try Data(leaf.bytes).write(to: URL(fileURLWithPath: path))
            let output = try Python.run(Self.inviteReader, arguments: [path, "2027-01-01T00:00:00Z", through])
            return try JSONDecoder().decode([[String]].self, from: Data(output.utf8))
        }
        let announced = try ParsedEmail.parse(files: try sink.messages())
        #expect(!announced.isEmpty)
        let expected = items(series).map { [$0["starts_at_utc"] as! String, $0["ends_at_utc"] as! String] }
        for mail in announced {
            #expect(mail.leaf("text/calendar")?.calendar?.events.first?.uid.hasPrefix("forewarn-series-") == true)
            #expect(try expanded(mail) == expected)
        }
        // Skipping the second occurrence tells its people with the same entry, one revision later, without it.
        let skippedID = try #require(items(series)[1]["id"] as? Int)
        #expect(try api(app, "POST", "/api/v1/downtimes/\(skippedID)/cancel", #"{"note":"skipped"}"#).0 == 200)
        _ = try app.app.deliverOutbox()
        let all = try ParsedEmail.parse(files: try sink.messages())
        let later = all.filter { $0.subject.contains("Cancelled") }
        #expect(!later.isEmpty, "\(all.map(\.subject))")
        for mail in later {
            let event = try #require(mail.leaf("text/calendar")?.calendar?.events.first)
            #expect(event.sequence > (announced.first?.leaf("text/calendar")?.calendar?.events.first?.sequence ?? 0))
            #expect(try expanded(mail) == expected.enumerated().filter { $0.offset != 1 }.map(\.element))
        }
    }

    @Test func thePageChangesTheSeriesFromADateOnWithOneNotice() throws {
        let app = try start()
        defer { app.stop() }
        let (_, body) = try declare(app)
        let firstID = try #require(body["id"] as? Int)
        let seriesID = try #require((body["series"] as? [String: Any])?["series_id"] as? Int)
        #expect(try api(app, "POST", "/api/v1/downtimes/\(firstID)/series/announce").0 == 200)
        let notices = try count(app, "SELECT count(*) FROM notice_events")
        let page = try app.get("/series/\(seriesID)/edit")
        #expect(page.status == 200)
        #expect(page.text.contains("value=\"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20271231T225959Z\""))
        #expect(page.text.contains("value=\"Patch window db-east\""))
        let token = try TestApp.csrfToken(page)
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        let fields: [(String, String)] = [("_csrf", token), ("from", "2027-02-01"), ("title", "Patch window db-east"), ("kind", "planned"),
                                          ("target_kind", "cluster"), ("target_name", "db-east"),
                                          ("starts_at", "2027-02-09T23:00"), ("ends_at", "2027-02-10T01:00"), ("time_zone", "Europe/Berlin"),
                                          ("rule", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20271231"), ("horizon_days", "90")]
        // A first occurrence before the date is refused with the input kept.
        var early = fields
        early[6] = ("starts_at", "2027-01-26T23:00")
        early[7] = ("ends_at", "2027-01-27T01:00")
        let refused = try app.post("/series/\(seriesID)/edit", form: early + [("confirm", "no")], headers: headers)
        #expect(refused.status == 422)
        #expect(refused.text.contains("must start on or after 2027-02-01"))
        let preview = try app.post("/series/\(seriesID)/edit", form: fields + [("confirm", "no")], headers: headers)
        #expect(preview.status == 200)
        #expect(preview.text.contains("Tue 2027-02-09 23:00 – 2027-02-10 01:00 CET"))
        #expect(!preview.text.contains("has-conflict"), "the occurrences being replaced are not conflicts")
        let applied = try app.post("/series/\(seriesID)/edit", form: fields + [("confirm", "yes")], headers: headers)
        #expect(applied.status == 303)
        #expect(applied.header("Location") != "/series/\(seriesID)")
        #expect(try count(app, "SELECT count(*) FROM notice_events") == notices + 1)
        #expect(try count(app, "SELECT count(*) FROM downtimes WHERE state = 'scheduled' AND starts_at >= '2027-02-01' AND substr(starts_at, 12, 5) = '21:00'") == 0)
        #expect(try count(app, "SELECT count(*) FROM downtimes WHERE state = 'scheduled' AND substr(starts_at, 12, 5) = '22:00'") >= 1)
    }

    @Test func reportPDFsAnswerABearerToken() throws {
        let app = try start()
        defer { app.stop() }
        let (_, body) = try declare(app)
        let id = try #require(body["id"] as? Int)
        let pdf = try app.fetch("GET", "/api/v1/downtimes/\(id)/report.pdf")
        #expect(pdf.status == 200)
        #expect(pdf.headers.contains { $0.name.lowercased() == "content-type" && $0.value == "application/pdf" })
        #expect(pdf.body.starts(with: Array("%PDF".utf8)))
        let anonymous = try app.fetch("GET", "/api/v1/downtimes/\(id)/report.pdf", anonymous: true)
        #expect(anonymous.status == 401)
        #expect(message((anonymous.json as? [String: Any]) ?? [:]).contains("Bearer"))
        let (opened, incident) = try api(app, "POST", "/api/v1/incidents", """
            {"title":"Payroll errors","severity":"critical","targets":[{"kind":"service","name":"pg-3"}],"started_at":"2026-01-05T09:30:00","time_zone":"Europe/Paris","description":"500s"}
            """)
        #expect(opened == 201, "\(incident)")
        let postmortem = try app.fetch("GET", "/api/v1/incidents/\(incident["id"] as? Int ?? 0)/postmortem.pdf")
        #expect(postmortem.status == 200)
        #expect(postmortem.body.starts(with: Array("%PDF".utf8)))
        #expect(try app.fetch("GET", "/api/v1/downtimes/999999/report.pdf").status == 404)
    }
}

/// Reads the API's UTC timestamps in tests.
enum UTCTimestampText {
    static func date(_ text: String) throws -> Date {
        guard let date = StoreTime.parse(text) else { throw ClientError("not a UTC timestamp: \(text)") }
        return date
    }
}
