import Foundation
import ForewarnTestSupport
import PortalApp
import PortalCore
import PortalStore
import Testing

/// Levels from monitoring minute rollups, `/api/v1/service-levels`, `/live`, and `/live/events` with resume.
@Suite(.serialized) struct LiveServiceLevelTests {
    static func start() throws -> TestApp {
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.deliversMail = false
            $0.runsMonitor = false
        }
        try app.importFixture()
        return app
    }

    /// Adds a minute rollup for a check on `pg-3`: `up` of `samples` passed, `maintenance` of them in a declared downtime.
    static func minute(_ app: TestApp, checkID: Int64, at: Date, samples: Int, up: Int, maintenance: Int = 0) throws {
        try app.app.context.store.write { db in
            try RollupStore.add(db, checkID: checkID, resolution: .minute, bucket: RollupBuckets.minute(at),
                                SampleAggregate(samples: samples, up: up, maintenanceSamples: maintenance, maintenanceUp: 0, timed: 0, sumMS: 0,
                                                minMS: nil, maxMS: nil, histogram: LatencyHistogram()))
        }
    }

    static func level(_ app: TestApp, _ name: String) throws -> [String: Any] {
        let body = try #require(try app.fetch("GET", "/api/v1/service-levels").json as? [String: Any])
        let levels = try #require(body["levels"] as? [[String: Any]])
        return try #require(levels.first { $0["name"] as? String == name && $0["kind"] as? String == "service" })
    }

    /// Reads an open stream until `needle` arrives (or the timeout).
    static func read(_ client: RawHTTPClient, until needle: String, seconds: Double = 10) -> String {
        var text = ""
        let deadline = Date().addingTimeInterval(seconds)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while !text.contains(needle) && Date() < deadline {
            let n = recv(client.fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            text += String(decoding: chunk[0..<n], as: UTF8.self)
        }
        return text
    }

    static func openStream(_ app: TestApp, lastEventID: Int64? = nil) throws -> RawHTTPClient {
        let client = try RawHTTPClient(port: app.port, timeoutSeconds: 3)
        var head = "GET /live/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: forewarn_session=\(app.session)\r\n"
        if let lastEventID { head += "Last-Event-ID: \(lastEventID)\r\n" }
        try client.send(head + "\r\n")
        return client
    }

    @Test func failedMinutesMakeTheServiceDownAndMaintenanceIsKeptOut() throws {
        let app = try Self.start()
        defer { app.stop() }
        let checkID = try MonitoringAlertTests.addCheck(app)
        let now = Date()
        for back in 2...9 { try Self.minute(app, checkID: checkID, at: now.addingTimeInterval(Double(-60 * back)), samples: 6, up: 6) }
        try Self.minute(app, checkID: checkID, at: now.addingTimeInterval(-60), samples: 6, up: 3)
        #expect(try app.app.recomputeServiceLevels(now: now) > 0)
        let level = try Self.level(app, "pg-3")
        #expect(level["mood"] as? String == "down")
        #expect(level["level"] as? String == "88.8%")
        #expect((level["reason"] as? String)?.contains("1 bad minute in the last 10 min") == true)
        // A minute explained by a declared downtime counts neither way, and the service is in maintenance.
        try Self.minute(app, checkID: checkID, at: now, samples: 6, up: 0, maintenance: 6)
        try app.app.recomputeServiceLevels(now: now)
        let later = try Self.level(app, "pg-3")
        #expect(later["mood"] as? String == "maintenance")
        let page = try app.fetch("GET", "/live")
        #expect(page.status == 200)
        #expect(page.text.contains("pg-3"))
        #expect(page.text.contains("http-equiv=\"refresh\""))
        #expect(page.text.contains("Overall"))
        // The service page shows the level and the 30-day chart; so does a process that uses it.
        let serviceID = try #require(try app.app.context.store.read { db in try db.scalar("SELECT id FROM services WHERE name = 'pg-3'") }.flatMap { v -> Int64? in
            if case .integer(let id) = v { return id } else { return nil } })
        let servicePage = try app.fetch("GET", "/services/\(serviceID)")
        #expect(servicePage.text.contains("Service level <span class=\"mood mood-maintenance\">"))
        #expect(servicePage.text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"level-chart\""))
        #expect(servicePage.text.contains("no signal</title>"))
    }

    @Test func aStreamReceivesAChangeAndResumesWithLastEventID() throws {
        let app = try Self.start()
        defer { app.stop() }
        let checkID = try MonitoringAlertTests.addCheck(app)
        let now = Date()
        try Self.minute(app, checkID: checkID, at: now, samples: 6, up: 6)
        try app.app.recomputeServiceLevels(now: now)

        let client = try Self.openStream(app)
        let head = Self.read(client, until: "retry: 3000")
        #expect(head.contains("200 OK"))
        #expect(head.lowercased().contains("content-type: text/event-stream"))
        // The check fails: the stream gets the change within the feed's one-second poll.
        try Self.minute(app, checkID: checkID, at: now.addingTimeInterval(60), samples: 6, up: 0)
        try app.app.recomputeServiceLevels(now: now.addingTimeInterval(60))
        let first = Self.read(client, until: "\"mood\":\"down\"")
        #expect(first.contains("event: level"))
        #expect(first.contains("\"name\":\"pg-3\""))
        let ids = first.split(separator: "\n").compactMap { $0.hasPrefix("id: ") ? Int64($0.dropFirst(4)) : nil }
        let seen = try #require(ids.max())
        shutdown(client.fd, Int32(SHUT_RDWR))

        // While nobody listens the service recovers; the reconnecting client gets exactly what it missed.
        try Self.minute(app, checkID: checkID, at: now.addingTimeInterval(120), samples: 6, up: 6)
        try app.app.recomputeServiceLevels(now: now.addingTimeInterval(120))
        let missed = try app.app.context.store.read { try ServiceLevelStore.events($0, after: seen) }
        #expect(!missed.isEmpty)
        let again = try Self.openStream(app, lastEventID: seen)
        let replay = Self.read(again, until: "id: \(missed.last!.id)\n")
        for event in missed { #expect(replay.contains("id: \(event.id)\n")) }
        #expect(!replay.contains("id: \(seen)\n"))
        #expect(replay.contains("\"mood\":\"degraded\""))
        // Streams end on shutdown: the server closes the connection.
        app.stop()
        let before = Date()
        _ = Self.read(again, until: "never sent", seconds: 5)
        #expect(Date().timeIntervalSince(before) < 2.5, "the stream should end with the server, not by the client's read timeout")
    }

    @Test func streamsBeyondTheLimitAre503() throws {
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.deliversMail = false
            $0.runsMonitor = false
            $0.server.maxStreams = 2
        }
        defer { app.stop() }
        let a = try Self.openStream(app), b = try Self.openStream(app)
        #expect(Self.read(a, until: "retry").contains("200 OK"))
        #expect(Self.read(b, until: "retry").contains("200 OK"))
        let c = try Self.openStream(app)
        #expect(Self.read(c, until: "\r\n\r\n").contains("503"))
        shutdown(a.fd, Int32(SHUT_RDWR))
        // The freed slot is usable again once the server notices the closed connection (at the next keep-alive or write).
        #expect(app.app.server.openStreams <= 2)
    }
}
