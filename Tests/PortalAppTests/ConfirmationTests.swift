import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalStore
import Testing

/// Issue #20: lifecycle moves that tell people go through a confirmation step, through the real server and a real SMTP sink.
@Suite("Downtime confirmation steps", .serialized)
struct ConfirmationTests {
    let notices = NotificationTests()

    func draft(_ app: TestApp) throws -> Int {
        let start = NotificationTests.local(Date().addingTimeInterval(3 * 86_400), zone: "Europe/Paris")
        let end = NotificationTests.local(Date().addingTimeInterval(3 * 86_400 + 4 * 3600), zone: "Europe/Paris")
        let (status, body) = try notices.api(app, "POST", "/api/v1/downtimes", """
            {"title":"DB cluster east patching","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\(start)","ends_at":"\(end)",
             "time_zone":"Europe/Paris","change_ticket":"CHG0012345","coordinator":"ana@example.com"}
            """)
        #expect(status == 201, "\(body)")
        return body["id"] as? Int ?? 0
    }

    func state(_ app: TestApp, _ id: Int) throws -> DowntimeState? {
        try app.app.context.store.read { try DowntimeStore.fetch($0, id: Int64(id)) }?.state
    }

    /// A form post with the session cookie and a CSRF token taken from the downtime's page.
    func post(_ app: TestApp, _ path: String, _ fields: [(String, String)], csrfFrom page: String) throws -> RawResponse {
        let token = try TestApp.csrfToken(try app.get(page))
        return try app.post(path, form: [("_csrf", token)] + fields, headers: ["Cookie": "forewarn_csrf=\(token)"])
    }

    static func unescape(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&#x2F;", with: "/")
            .replacingOccurrences(of: "&#x3D;", with: "=").replacingOccurrences(of: "&#x60;", with: "`").replacingOccurrences(of: "&amp;", with: "&")
    }

    static func between(_ text: String, _ open: String, _ close: String) -> String? {
        guard let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test func announcingShowsWhoIsToldAndTheMessageAndSendsOnlyWhenConfirmed() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let app = try notices.start(smtp: sink.url)
        defer { app.stop() }
        let id = try draft(app)

        // The detail page offers a link to the step, never a button that posts.
        let detail = try app.get("/downtimes/\(id)").text
        #expect(detail.contains("href=\"/downtimes/\(id)/announce/confirm\""))
        #expect(!detail.contains("action=\"/downtimes/\(id)/announce\""))

        let confirm = try app.get("/downtimes/\(id)/announce/confirm")
        #expect(confirm.status == 200)
        #expect(confirm.text.contains("3 recipients"), "count of who is told")
        #expect(confirm.text.contains("<details class=\"recipients\">"))
        for address in ["ana@example.com", "dba@example.com", "taro@example.jp"] { #expect(confirm.text.contains(address)) }
        #expect(confirm.text.contains("Attach the PDF report"))
        #expect(try state(app, id) == .draft && (try notices.outbox(app)).isEmpty, "showing the step changes nothing")

        // A POST without confirm=1 (an old form, a double click on a stale page) re-renders the step and changes nothing.
        let unconfirmed = try post(app, "/downtimes/\(id)/announce", [("attach_pdf", "1")], csrfFrom: "/downtimes/\(id)")
        #expect(unconfirmed.status == 200)
        #expect(unconfirmed.text.contains("Announce and tell 3 recipients"))
        #expect(unconfirmed.text.contains("name=\"attach_pdf\" value=\"1\" checked"))
        #expect(try state(app, id) == .draft)
        #expect(try notices.outbox(app).isEmpty)
        let subject = try #require(Self.between(unconfirmed.text, "<strong>Subject:</strong> ", "</p>")).trimmingCharacters(in: .whitespaces)
        let text = try #require(Self.between(unconfirmed.text, "<pre class=\"notice-text\">", "</pre>"))

        // Confirmed: the state moves, the notices are queued, and the first copy is exactly the one previewed.
        let done = try post(app, "/downtimes/\(id)/announce", [("attach_pdf", "1"), ("confirm", "1")], csrfFrom: "/downtimes/\(id)")
        #expect(done.status == 303)
        #expect(try state(app, id) == .scheduled)
        let queued = try notices.outbox(app)
        #expect(queued.count == 3 && queued.allSatisfy { $0.event == "announce" && $0.attachPDF })
        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: try sink.messages())
        let ana = try #require(mails.first { $0.to.first == "ana@example.com" })
        #expect(ana.subject == Self.unescape(subject))
        let sent = (ana.leaf("text/plain")?.text ?? "").replacingOccurrences(of: "\r\n", with: "\n")
        #expect(sent.trimmingCharacters(in: .whitespacesAndNewlines) == Self.unescape(text).trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(ana.leaf("application/pdf") != nil, "the PDF choice made on the step is honoured")
    }

    /// One app for the moves that need no SMTP server (every test app costs the process file descriptors).
    @Test func cancellingNeedsAReasonAndExtendingShowsTheNewWindowFirst() throws {
        let app = try notices.start(smtp: nil)
        defer { app.stop() }
        try cancellingNeedsAReasonThatReachesTheNoticeAndTheAudit(app)
        try extendingAndReschedulingShowTheNewWindowFirst(app)
    }

    func cancellingNeedsAReasonThatReachesTheNoticeAndTheAudit(_ app: TestApp) throws {
        let id = try notices.announce(app)
        let before = try notices.outbox(app).count

        let step = try app.get("/downtimes/\(id)/cancel/confirm")
        #expect(step.status == 200 && step.text.contains("name=\"reason\""))
        let missing = try post(app, "/downtimes/\(id)/cancel", [("confirm", "1"), ("reason", "  ")], csrfFrom: "/downtimes/\(id)")
        #expect(missing.status == 422)
        #expect(missing.text.contains("class=\"field-error\""))
        #expect(missing.text.contains("required"))
        #expect(try state(app, id) == .scheduled)
        #expect(try notices.outbox(app).count == before)

        let done = try post(app, "/downtimes/\(id)/cancel", [("confirm", "1"), ("reason", "vendor postponed the patch")], csrfFrom: "/downtimes/\(id)")
        #expect(done.status == 303)
        #expect(try state(app, id) == .cancelled)
        let cancels = try notices.outbox(app).filter { $0.event == "cancel" && $0.downtimeID == Int64(id) }
        #expect(cancels.count == 3)
        #expect(cancels.allSatisfy { $0.payloadJSON.contains("vendor postponed the patch") })
        let audit = try app.app.context.store.read { try AuditLog.recent($0, objectKind: "downtime", objectID: Int64(id)) }
        #expect(audit.contains { $0.action == "cancel" && ($0.afterJSON ?? "").contains("vendor postponed the patch") }, "\(audit)")
    }

    func extendingAndReschedulingShowTheNewWindowFirst(_ app: TestApp) throws {
        let id = try notices.announce(app, title: "Another patch")
        let before = try notices.outbox(app).count
        let record = try #require(try app.app.context.store.read { try DowntimeStore.fetch($0, id: Int64(id)) })
        let later = NotificationTests.local(record.window.end.addingTimeInterval(2 * 3600), zone: "Europe/Paris").prefix(16)

        let empty = try app.get("/downtimes/\(id)/extend/confirm?ends_at=")
        #expect(empty.text.contains("class=\"field-error\">required"), "an empty date says required")
        let step = try app.get("/downtimes/\(id)/reschedule/confirm?starts_at=2020-01-01T10:00&ends_at=2020-01-01T12:00")
        #expect(step.text.contains("class=\"field-error\">The new start is in the past"))

        let unconfirmed = try post(app, "/downtimes/\(id)/extend", [("ends_at", String(later))], csrfFrom: "/downtimes/\(id)")
        #expect(unconfirmed.status == 200 && unconfirmed.text.contains("Extended to"))
        #expect(unconfirmed.text.contains("New end: "), "the notice states the new end on its own line")
        #expect(try notices.outbox(app).count == before)
        let done = try post(app, "/downtimes/\(id)/extend", [("ends_at", String(later)), ("confirm", "1")], csrfFrom: "/downtimes/\(id)")
        #expect(done.status == 303)
        #expect(done.headers.contains { $0.name == "Set-Cookie" && $0.value.contains("now%20runs") || $0.value.contains("now runs") }, "the flash gives the new end")
        #expect(try notices.outbox(app).filter { $0.event == "extend" && $0.downtimeID == Int64(id) }.count == 3)
    }
}
