import ForewarnTestSupport
import Foundation
import PortalApp
import PortalMail
import PortalStore
import Testing

/// The report reaching the change ticket: integrations set at /settings/tickets, pushes queued with the announce and
/// delivered by the outbox worker to local stand-ins for ServiceNow, Jira and a generic endpoint (ticket_receiver.py)
/// that check every request as the vendors document it.
@Suite("Tickets: report PDF pushed to ServiceNow, Jira, a generic endpoint", .serialized)
struct TicketTests {
    func start(allowOutbound: [String] = ["127.0.0.1"]) throws -> TestApp {
        let policy = try OutboundPolicy(allowing: allowOutbound)
        let app = try TestApp.start {
            $0.outbound = policy
            $0.clockInterval = 0
            $0.deliversMail = false
        }
        try app.importFixture()
        return app
    }

    func api(_ app: TestApp, _ method: String, _ path: String, _ json: String? = nil) throws -> (Int, [String: Any]) {
        let response = try app.fetch(method, path, headers: json == nil ? [:] : ["Content-Type": "application/json"], body: Array((json ?? "").utf8))
        return (response.status, (response.json as? [String: Any]) ?? [:])
    }

    static func local(_ date: Date, zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.dateFormat = "yyyy-MM-dd'T'HH:00:00"
        return formatter.string(from: date)
    }

    /// Declares and announces a downtime on cluster db-east naming `ticket`, three days from now.
    func announce(_ app: TestApp, ticket: String) throws -> Int {
        let start = Self.local(Date().addingTimeInterval(3 * 86_400), zone: "Europe/Paris")
        let end = Self.local(Date().addingTimeInterval(3 * 86_400 + 4 * 3600), zone: "Europe/Paris")
        let (status, body) = try api(app, "POST", "/api/v1/downtimes", """
            {"title":"DB cluster east patching","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\(start)","ends_at":"\(end)",
             "time_zone":"Europe/Paris","change_ticket":"\(ticket)","coordinator":"ana@example.com"}
            """)
        #expect(status == 201, "\(body)")
        let id = body["id"] as? Int ?? 0
        #expect(try api(app, "POST", "/api/v1/downtimes/\(id)/announce").0 == 200)
        return id
    }

    /// Adds an integration through the settings form; returns the response.
    func addIntegration(_ app: TestApp, _ fields: [(String, String)]) throws -> RawResponse {
        let page = try app.get("/settings/tickets")
        #expect(page.status == 200)
        let token = try TestApp.csrfToken(page)
        return try app.post("/settings/tickets", form: [("_csrf", token)] + fields, headers: ["Cookie": "forewarn_csrf=\(token)"])
    }

    func deliveries(_ app: TestApp) throws -> [TicketDeliveryRecord] {
        try app.app.context.store.read { try TicketStore.recent($0) }
    }

    @Test func serviceNowGetsTheReportAndAWorkNoteAfterARetryAndAgainOnReannounce() throws {
        let receiver = try TicketReceiver(failFirst: 1, basic: "forewarn:s3cret-pass;word")
        defer { receiver.stop() }
        let app = try start()
        defer { app.stop() }
        let added = try addIntegration(app, [("kind", "servicenow"), ("base_url", receiver.baseURL), ("auth", "basic"), ("username", "forewarn"),
                                             ("secret", "s3cret-pass;word")])
        #expect(added.status == 303)
        // Sealed at rest, never shown back.
        let stored = try #require(try app.app.context.store.read { try TicketStore.integrations($0) }.first)
        #expect(SecretBox.isSealed(stored.secretSealed) && !stored.secretSealed.contains("s3cret"))
        #expect(!(try app.get("/settings/tickets").text.contains("s3cret")))

        let id = try announce(app, ticket: "CHG0012345")
        #expect(try deliveries(app).map(\.status) == [.queued], "queued in the announce's transaction")
        _ = try app.app.deliverOutbox()
        let first = try #require(try deliveries(app).first)
        #expect(first.status == .queued && first.attempts == 1 && first.lastError.contains("503"), "\(first.lastError)")
        #expect(try receiver.exchanges().isEmpty)
        _ = try app.app.deliverOutbox(now: Date().addingTimeInterval(3600))
        let exchanges = try receiver.exchanges()
        #expect(exchanges.map { "\($0.0.method) \($0.0.path)" } == [
            "GET /api/now/table/change_request", "POST /api/now/attachment/file",
            "GET /api/now/table/change_request", "PATCH /api/now/table/change_request/a1b2c3d4e5f60718293a4b5c6d7e8f90",
        ])
        #expect(exchanges.allSatisfy { $0.0.problems.isEmpty }, "\(exchanges.map(\.0.problems))")
        #expect(exchanges[0].0.query["sysparm_query"] == "number=CHG0012345")
        #expect(exchanges[1].0.query == ["table_name": "change_request", "table_sys_id": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
                                         "file_name": "forewarn-DT-\(id)-impact.pdf"])
        let pdf = try #require(exchanges[1].1)
        #expect(pdf == (try app.get("/downtimes/\(id)/report.pdf").body), "the same bytes as the report a person downloads")
        let note = exchanges[3].0.note ?? ""
        #expect(note.contains("DT-\(id)") && note.contains("affected objects") && note.contains("/downtimes/\(id)"), "\(note)")
        #expect(try deliveries(app).first?.status == .sent)
        let outbox = try app.get("/outbox")
        #expect(outbox.text.contains("Reports pushed to change tickets") && outbox.text.contains("CHG0012345"))

        // Re-announcing (the impact changed) pushes the report again.
        let page = try app.get("/downtimes/\(id)")
        let token = try TestApp.csrfToken(page)
        #expect(try app.post("/downtimes/\(id)/reannounce", form: [("_csrf", token)], headers: ["Cookie": "forewarn_csrf=\(token)"]).status == 303)
        _ = try app.app.deliverOutbox(now: Date().addingTimeInterval(3600))
        #expect(try receiver.exchanges().filter { $0.0.path == "/api/now/attachment/file" }.count == 2)
        #expect(try deliveries(app).map(\.status) == [.sent, .sent])
    }

    @Test func jiraGetsAMultipartAttachmentAndACommentAndA404ShowsJirasMessage() throws {
        let receiver = try TicketReceiver(bearer: "jira-token-1234")
        defer { receiver.stop() }
        let app = try start()
        defer { app.stop() }
        #expect(try addIntegration(app, [("kind", "jira"), ("base_url", receiver.baseURL + "/"), ("auth", "bearer"), ("secret", "jira-token-1234")]).status == 303)
        let id = try announce(app, ticket: "OPS-42")
        _ = try app.app.deliverOutbox()
        let exchanges = try receiver.exchanges()
        #expect(exchanges.map { "\($0.0.method) \($0.0.path)" } == ["POST /rest/api/2/issue/OPS-42/attachments", "POST /rest/api/2/issue/OPS-42/comment"])
        #expect(exchanges.allSatisfy { $0.0.problems.isEmpty }, "\(exchanges.map(\.0.problems))")
        #expect(exchanges[0].1 == (try app.get("/downtimes/\(id)/report.pdf").body))
        #expect(exchanges[1].0.note?.contains("DT-\(id)") == true)

        _ = try announce(app, ticket: "OPS-404")
        _ = try app.app.deliverOutbox()
        let failed = try #require(try deliveries(app).first { $0.ticket == "OPS-404" })
        #expect(failed.status == .failed && failed.attempts == 1)
        #expect(failed.lastError == "Jira answered HTTP 404: Issue does not exist or you do not have permission to see it.")
        let outbox = try app.get("/outbox")
        #expect(outbox.text.contains("Issue does not exist or you do not have permission to see it."))
        #expect(outbox.text.contains("/outbox/tickets/\(failed.id)/resend"))
        let token = try TestApp.csrfToken(outbox)
        #expect(try app.post("/outbox/tickets/\(failed.id)/resend", form: [("_csrf", token)], headers: ["Cookie": "forewarn_csrf=\(token)"]).status == 303)
        #expect(try deliveries(app).first { $0.id == failed.id }?.status == .queued)
    }

    @Test func theGenericEndpointGetsTheSignedPDFAndTheDowntimeJSON() throws {
        let secret = "0123456789abcdef0123456789abcdef"
        let receiver = try TicketReceiver(secret: secret)
        defer { receiver.stop() }
        let app = try start()
        defer { app.stop() }
        #expect(try addIntegration(app, [("kind", "generic"), ("base_url", receiver.baseURL + "/generic"), ("auth", "signature"), ("secret", secret)]).status == 303)
        let id = try announce(app, ticket: "CHG7")
        _ = try app.app.deliverOutbox()
        let exchanges = try receiver.exchanges()
        #expect(exchanges.count == 1)
        let (exchange, pdf) = try #require(exchanges.first)
        #expect(exchange.problems.isEmpty, "\(exchange.problems)")
        #expect(exchange.headers["X-Forewarn-Ticket"] == "CHG7")
        #expect(pdf == (try app.get("/downtimes/\(id)/report.pdf").body))
        let json = try #require(try JSONSerialization.jsonObject(with: Data((exchange.note ?? "").utf8)) as? [String: Any])
        #expect(json["id"] as? Int == id && json["change_ticket"] as? String == "CHG7" && json["state"] as? String == "scheduled")
    }

    @Test func theFormRefusesLoopbackUnlessAllowedAndKeepsTheInputButNotTheSecret() throws {
        let app = try start(allowOutbound: [])
        defer { app.stop() }
        let refused = try addIntegration(app, [("kind", "servicenow"), ("base_url", "http://127.0.0.1:9/"), ("auth", "basic"), ("username", "forewarn"),
                                               ("secret", "top-secret-value")])
        #expect(refused.status == 422)
        #expect(refused.text.contains("value=\"forewarn\""))
        #expect(!refused.text.contains("top-secret-value"))
        let mismatch = try addIntegration(app, [("kind", "jira"), ("base_url", "https://jira.example.com"), ("auth", "signature"), ("secret", "x")])
        #expect(mismatch.status == 422)
        #expect(mismatch.text.contains("Only the generic endpoint checks a signed body"))
        #expect(try app.app.context.store.read { try TicketStore.integrations($0) }.isEmpty)
    }
}
