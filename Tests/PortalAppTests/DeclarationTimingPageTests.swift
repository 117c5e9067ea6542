import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalStore
import Testing

/// Issue #20: the past only as an explicit "record a past outage"; the edit form previews before it saves.
@Suite("Declaring in the past, recording outages, editing with a preview", .serialized)
struct DeclarationTimingPageTests {
    let notices = NotificationTests()

    static func utc(_ offset: TimeInterval) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: Date().addingTimeInterval(offset))
    }

    func fields(_ token: String, kind: String, start: String, end: String, title: String = "Rack B4 power") -> [(String, String)] {
        [("_csrf", token), ("title", title), ("kind", kind), ("target_kind", "cluster"), ("target_name", "db-east"),
         ("starts_at", start), ("ends_at", end), ("time_zone", "UTC")]
    }

    func count(_ app: TestApp, _ sql: String) throws -> Int64 {
        guard case .integer(let n)? = try app.app.context.store.read({ try $0.scalar(sql) }) else { return -1 }
        return n
    }

    /// One app for both (every test app costs the process file descriptors).
    @Test func declaringAndEditing() throws {
        let app = try notices.start(smtp: nil)
        defer { app.stop() }
        try plannedOrEmergencyWorkInThePastIsRefusedButAPastOutageIsRecordedQuietly(app)
        try previewOnTheEditFormNeverSavesAndSavingWritesOneAuditRowWithBeforeAndAfter(app)
        try theAPIRefusesPastPlannedWorkAndRecordsAPastOutageQuietlyUnlessAsked(app)
    }

    func api(_ app: TestApp, _ method: String, _ path: String, _ json: String = "") throws -> (Int, [String: Any]) {
        let response = try app.fetch(method, path, headers: json.isEmpty ? [:] : ["Content-Type": "application/json"], body: Array(json.utf8))
        return (response.status, (response.json as? [String: Any]) ?? [:])
    }

    /// The field messages of an API error (`{"error": {"message", "fields"}}`).
    func fieldErrors(_ body: [String: Any]) -> [String: String] {
        ((body["error"] as? [String: Any])?["fields"] as? [String: String]) ?? [:]
    }

    func apiBody(kind: String, start: String, end: String, title: String) -> String {
        #"{"title":"\#(title)","kind":"\#(kind)","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\#(start)","ends_at":"\#(end)","time_zone":"UTC"}"#
    }

    func theAPIRefusesPastPlannedWorkAndRecordsAPastOutageQuietlyUnlessAsked(_ app: TestApp) throws {
        let before = try count(app, "SELECT count(*) FROM downtimes")
        for kind in ["planned", "emergency"] {
            let (over, overBody) = try api(app, "POST", "/api/v1/downtimes", apiBody(kind: kind, start: Self.utc(-7200), end: Self.utc(-3600), title: "API over"))
            #expect(over == 422, "\(kind)")
            #expect(fieldErrors(overBody)["ends_at"]?.contains("already over") == true, "\(overBody)")
            let message: String = ((overBody["error"] as? [String: Any])?["message"] as? String) ?? ""
            #expect(message.contains("already over"), "\(overBody)")
            let (started, startedBody) = try api(app, "POST", "/api/v1/downtimes", apiBody(kind: kind, start: Self.utc(-3600), end: Self.utc(3600), title: "API started"))
            #expect(started == 422)
            #expect(fieldErrors(startedBody)["starts_at"]?.contains("cannot start in the past") == true, "\(startedBody)")
            // Within the five-minute grace a start typed as "now" is accepted.
            let (now, _) = try api(app, "POST", "/api/v1/downtimes", apiBody(kind: kind, start: Self.utc(-60), end: Self.utc(3600), title: "API now \(kind)"))
            #expect(now == 201, "\(kind)")
        }
        #expect(try count(app, "SELECT count(*) FROM downtimes") == before + 2, "only the two starting now were saved")

        // A past outage as kind unplanned: saved, announced without notices, closed by the clock without notices.
        let (saved, savedBody) = try api(app, "POST", "/api/v1/downtimes", apiBody(kind: "unplanned", start: Self.utc(-7200), end: Self.utc(-3600), title: "API outage"))
        #expect(saved == 201)
        let id = try #require(savedBody["id"] as? Int)
        let (announced, announcedBody) = try api(app, "POST", "/api/v1/downtimes/\(id)/announce")
        #expect(announced == 200)
        #expect(announcedBody["state"] as? String == "scheduled")
        _ = try app.app.tick(now: Date())
        #expect(try app.app.context.store.read { try DowntimeStore.fetch($0, id: Int64(id)) }?.state == .completed)
        #expect(try count(app, "SELECT count(*) FROM notice_events WHERE downtime_id = \(id)") == 0)
        #expect(try count(app, "SELECT count(*) FROM outbox o JOIN notice_events e ON e.id = o.notice_event_id WHERE e.downtime_id = \(id)") == 0,
                "no announce, start or complete notice")
        #expect(try count(app, "SELECT count(*) FROM downtime_events WHERE downtime_id = \(id) AND event IN ('start', 'complete')") == 2, "the clock moved it")

        // Asked with "notify": true, the announcement goes out.
        let (_, toldBody) = try api(app, "POST", "/api/v1/downtimes", apiBody(kind: "unplanned", start: Self.utc(-7200), end: Self.utc(-3600), title: "API told"))
        let toldID = try #require(toldBody["id"] as? Int)
        let (told, _) = try api(app, "POST", "/api/v1/downtimes/\(toldID)/announce", #"{"notify": true}"#)
        #expect(told == 200)
        #expect(try count(app, "SELECT count(*) FROM notice_events WHERE downtime_id = \(toldID) AND event = 'announce'") == 1)
        let (wrong, wrongBody) = try api(app, "POST", "/api/v1/downtimes/\(toldID)/start", #"{"notify": "yes"}"#)
        #expect(wrong == 422)
        #expect(fieldErrors(wrongBody)["notify"] != nil)
    }

    func plannedOrEmergencyWorkInThePastIsRefusedButAPastOutageIsRecordedQuietly(_ app: TestApp) throws {
        let token = try TestApp.csrfToken(try app.get("/downtimes/new"))
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        for kind in ["planned", "emergency"] {
            let over = try app.post("/downtimes", form: fields(token, kind: kind, start: Self.utc(-7200), end: Self.utc(-3600)) + [("confirm", "yes")], headers: headers)
            #expect(over.status == 422)
            #expect(over.text.contains("class=\"field-error\">") && over.text.contains("already over"), "\(kind)")
            let started = try app.post("/downtimes", form: fields(token, kind: kind, start: Self.utc(-3600), end: Self.utc(3600)) + [("confirm", "yes")], headers: headers)
            #expect(started.status == 422)
            #expect(started.text.contains("cannot start in the past"), "\(kind)")
            #expect(started.text.contains("value=\"Rack B4 power\""), "input kept")
        }
        #expect(try count(app, "SELECT count(*) FROM downtimes") == 0)
        #expect(try app.get("/downtimes/new").text.contains("Unplanned (record a past outage)"))

        // Recording the outage: saved, announced without a word to anyone unless asked, and the clock closes it quietly.
        let saved = try app.post("/downtimes", form: fields(token, kind: "unplanned", start: Self.utc(-7200), end: Self.utc(-3600)) + [("confirm", "yes")], headers: headers)
        #expect(saved.status == 303)
        let id = try #require(saved.header("Location")?.split(separator: "/").last.map(String.init))
        let step = try app.get("/downtimes/\(id)/announce/confirm")
        #expect(step.text.contains("name=\"notify\" value=\"1\">"), "the choice is offered, unticked")
        #expect(step.text.contains("Nobody is told"))
        let announced = try app.post("/downtimes/\(id)/announce", form: [("_csrf", token), ("notify_choice", "1"), ("confirm", "1")], headers: headers)
        #expect(announced.status == 303)
        _ = try app.app.tick(now: Date())
        let record = try #require(try app.app.context.store.read { try DowntimeStore.fetch($0, id: Int64(id)!) })
        #expect(record.state == .completed)
        #expect(try count(app, "SELECT count(*) FROM outbox") == 0, "no announce, start or complete notice")

        // Asked: the same outage recorded with notices tells people.
        let told = try app.post("/downtimes", form: fields(token, kind: "unplanned", start: Self.utc(-7200), end: Self.utc(-3600), title: "Told outage") + [("confirm", "yes")], headers: headers)
        let toldID = try #require(told.header("Location")?.split(separator: "/").last.map(String.init))
        _ = try app.post("/downtimes/\(toldID)/announce", form: [("_csrf", token), ("notify_choice", "1"), ("notify", "1"), ("confirm", "1")], headers: headers)
        #expect(try count(app, "SELECT count(*) FROM notice_events WHERE downtime_id = \(toldID) AND event = 'announce'") == 1)
    }

    func previewOnTheEditFormNeverSavesAndSavingWritesOneAuditRowWithBeforeAndAfter(_ app: TestApp) throws {
        let token = try TestApp.csrfToken(try app.get("/downtimes/new"))
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        let start = Self.utc(3 * 86_400), end = Self.utc(3 * 86_400 + 3600)
        let saved = try app.post("/downtimes", form: fields(token, kind: "planned", start: start, end: end, title: "Old title") + [("confirm", "yes")], headers: headers)
        let id = try #require(saved.header("Location")?.split(separator: "/").last.map(String.init))
        let audits = { try self.count(app, "SELECT count(*) FROM audit_log WHERE object_kind = 'downtime' AND object_id = \(id)") }
        let before = try audits()

        let edit = try app.get("/downtimes/\(id)/edit")
        #expect(edit.text.contains("Preview impact"))
        let preview = try app.post("/downtimes/\(id)", form: fields(token, kind: "planned", start: start, end: end, title: "New title") + [("confirm", "no")], headers: headers)
        #expect(preview.status == 200)
        #expect(preview.text.contains("Impact preview") && preview.text.contains("Save changes"))
        #expect(try app.app.context.store.read { try DowntimeStore.fetch($0, id: Int64(id)!) }?.title == "Old title", "a preview saves nothing")
        #expect(try audits() == before)

        let done = try app.post("/downtimes/\(id)", form: fields(token, kind: "planned", start: start, end: end, title: "New title") + [("confirm", "yes")], headers: headers)
        #expect(done.status == 303)
        #expect(try audits() == before + 1, "one audit row per save")
        let row = try #require(try app.app.context.store.read { try AuditLog.recent($0, objectKind: "downtime", objectID: Int64(id)!) }.first { $0.action == "update" })
        #expect(row.beforeJSON == #"{"title":"Old title"}"#)
        #expect(row.afterJSON == #"{"title":"New title"}"#)
    }
}
