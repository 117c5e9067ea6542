import ForewarnTestSupport
import Foundation
import Logging
import PortalApp
import PortalStore
import Testing

/// Two applications on one PostgreSQL database: a level change computed by one reaches a `/live/events` stream opened on
/// the other at once, through the triggers' `NOTIFY` and the feed's `LISTEN` (the feed's own catch-up read comes only
/// every 5 s on PostgreSQL, so an answer within 1.5 s each time is the notification's). Runs under `make test-postgres`.
@Suite("Live updates across instances", .serialized, .enabled(if: testPostgresURL != nil))
struct CrossInstanceLiveTests {
    @Test func aLevelChangeComputedByOneInstanceReachesTheOthersStreamAtOnce() throws {
        let first = try LiveServiceLevelTests.start()
        defer { first.stop() }
        var configuration = first.app.context.configuration
        configuration.server.port = 0
        let second = try Application(configuration: configuration, logger: Logger(label: "second"))
        try second.start()
        defer { second.shutdown() }
        let deadline = Date().addingTimeInterval(10)
        while !second.context.live.isListening && Date() < deadline { usleep(20_000) }
        #expect(second.context.live.isListening, "the second instance's feed listens on PostgreSQL")

        let checkID = try MonitoringAlertTests.addCheck(first)
        let now = Date()
        try LiveServiceLevelTests.minute(first, checkID: checkID, at: now, samples: 6, up: 6)
        try first.app.recomputeServiceLevels(now: now)
        // The stream is opened on the second instance (the session lives in the database).
        let client = try RawHTTPClient(port: second.port, timeoutSeconds: 3)
        try client.send("GET /live/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCookie: forewarn_session=\(first.session)\r\n\r\n")
        #expect(LiveServiceLevelTests.read(client, until: "retry: 3000").contains("200 OK"))
        defer { shutdown(client.fd, Int32(SHUT_RDWR)) }

        for round in 1...3 {
            let minute = now.addingTimeInterval(Double(60 * round))
            let up = round % 2 == 1 ? 0 : 6
            try LiveServiceLevelTests.minute(first, checkID: checkID, at: minute, samples: 6, up: up)
            let changed = Date()
            #expect(try first.app.recomputeServiceLevels(now: minute) > 0)
            let text = LiveServiceLevelTests.read(client, until: "event: level", seconds: 6)
            let took = Date().timeIntervalSince(changed)
            #expect(text.contains("event: level") && text.contains("\"name\":\"pg-3\""), "round \(round): \(text)")
            #expect(took < 1.5, "round \(round): the other instance's stream had the change after \(took) s")
            print("live change across instances, round \(round): \(Int(took * 1000)) ms")
        }
    }
}
