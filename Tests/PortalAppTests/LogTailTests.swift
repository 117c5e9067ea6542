import Foundation
import ForewarnTestSupport
import PortalApp
import PortalCore
import PortalStore
import Testing

/// `/logs?live=1`: Server-Sent Events of new messages with the page's filters, resumable with Last-Event-ID; tested with
/// a raw socket client and messages sent by curl to `POST /api/v1/logs`.
@Suite(.serialized) struct LogTailTests {
    static func post(_ app: TestApp, _ json: String) throws {
        let sent = try runClient("curl", ["-s", "-w", "\n%{http_code}", "-X", "POST", "-H", "Authorization: Bearer \(app.token)",
                                          "-H", "Content-Type: application/json", "--data-binary", json, "http://127.0.0.1:\(app.port)/api/v1/logs"])
        #expect(sent.stdout.hasSuffix("\n202"), "\(sent.stdout)")
    }

    static func openTail(_ app: TestApp, query: String, lastEventID: Int64? = nil) throws -> RawHTTPClient {
        let client = try RawHTTPClient(port: app.port, timeoutSeconds: 3)
        var head = "GET /logs?live=1&\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: forewarn_session=\(app.session)\r\n"
        if let lastEventID { head += "Last-Event-ID: \(lastEventID)\r\n" }
        try client.send(head + "\r\n")
        return client
    }

    @Test func aTailReceivesNewMatchingMessagesAndResumesWithLastEventID() throws {
        let app = try LiveServiceLevelTests.start()
        defer { app.stop() }
        try Self.post(app, #"[{"level":"error","message":"before the tail opened","stage":"PROD"}]"#)

        let client = try Self.openTail(app, query: "stage=PROD&level=error")
        let head = LiveServiceLevelTests.read(client, until: "retry: 3000")
        #expect(head.contains("200 OK") && head.lowercased().contains("content-type: text/event-stream"))
        try Self.post(app, #"[{"level":"info","message":"too mild okapi","stage":"PROD"},{"level":"error","message":"in TEST okapi","stage":"TEST"},{"level":"error","message":"first okapi error","stage":"PROD"}]"#)
        let first = LiveServiceLevelTests.read(client, until: "first okapi error")
        #expect(first.contains("event: log") && first.contains("\"message\":\"first okapi error\""))
        #expect(!first.contains("before the tail opened") && !first.contains("too mild") && !first.contains("in TEST"), "filters as on /logs: \(first)")
        let ids = first.components(separatedBy: .newlines).compactMap { $0.hasPrefix("id: ") ? Int64($0.dropFirst(4)) : nil }
        let seen = try #require(ids.max(), "\(first)")
        let stored = try app.app.context.store.read { try LogStore.after($0, id: 0, LogTail.unboundedForTests(), limit: 100) }
        #expect(stored.first { $0.message == "first okapi error" }?.id == seen, "the event id is the message id")
        shutdown(client.fd, Int32(SHUT_RDWR))

        try Self.post(app, #"[{"level":"critical","message":"missed okapi one","stage":"PROD"},{"level":"error","message":"missed okapi two","stage":"PROD"}]"#)
        let again = try Self.openTail(app, query: "stage=PROD&level=error", lastEventID: seen)
        let replay = LiveServiceLevelTests.read(again, until: "missed okapi two")
        #expect(replay.contains("missed okapi one") && replay.contains("missed okapi two"))
        #expect(!replay.contains("first okapi error"), "nothing twice")

        // The plain page still answers HTML, with the script that follows the tail where JavaScript runs.
        let page = try app.get("/logs?stage=PROD")
        #expect(page.status == 200 && page.text.contains("first okapi error"))
        // The script by its fingerprinted name (cached for a year), which the server answers.
        let link = try #require(page.text.firstMatch(of: /src="(\/static\/js\/logs-live\.[0-9a-f]{12}\.js)"/)).1
        let script = try app.get(String(link))
        #expect(script.status == 200 && script.text.contains("live', '1'"))
    }
}
