import ForewarnTestSupport
import Foundation
import PortalCore
import PortalStore
import Testing

/// Availability monitoring end to end with real parts: a local HTTP server made to flap, the scheduler inside the
/// running portal, alerts and recoveries through the outbox to a real SMTP sink, maintenance silence from a downtime.
@Suite("Monitoring: scheduler, alerts, recoveries, maintenance", .serialized)
struct MonitoringAlertTests {
    static func start(smtp: String? = nil, grace: Double = 2) throws -> TestApp {
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.smtpURL = smtp
            $0.mailFrom = "forewarn@ops.example.com"
            $0.deliversMail = false
            $0.monitorSettings.reloadSeconds = 0.5
            $0.monitorSettings.flushSeconds = 0.5
            $0.monitorSettings.graceSeconds = grace
        }
        try app.importFixture()
        return app
    }

    @discardableResult
    static func addCheck(_ app: TestApp, name: String = "pg-3 web", kind: CheckKind = .http, url: String = "", host: String = "", port: Int? = nil,
                         target: (String, String) = ("service", "pg-3"), window: Int = 5, timeoutMS: Int = 1000, certMinDays: Int = 14,
                         opensIncident: Bool = false) throws -> Int64 {
        try app.app.context.store.write { db in
            var spec = CheckSpec(name: name, kind: kind, targetKind: target.0, targetName: target.1, intervalSeconds: 1)
            (spec.url, spec.host, spec.port, spec.timeoutMS, spec.alertWindowSeconds, spec.certMinDays) = (url, host, port, timeoutMS, window, certMinDays)
            spec.opensIncident = opensIncident
            let ref = try #require(try CheckStore.target(db, kind: target.0, name: target.1))
            return try CheckStore.insert(db, spec, target: ref)
        }
    }

    static func alerts(_ app: TestApp, checkID: Int64) throws -> [AlertRecord] {
        try app.app.context.store.read { try AlertStore.list($0, AlertFilter(checkID: checkID)) }
    }

    /// Polls `condition` every 200 ms until it holds or `seconds` pass; returns whether it held.
    static func eventually(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(200_000)
        }
        return try condition()
    }

    @Test func aFlappingServerRaisesOneAlertThenOneRecoveryByMail() throws {
        let sink = try SMTPSink(timeout: 90)
        defer { sink.stop() }
        let peer = try MonitorPeer(hangSeconds: 2.5)
        defer { peer.stop() }
        let app = try Self.start(smtp: sink.url)
        defer { app.stop() }
        let id = try Self.addCheck(app, url: peer.url, opensIncident: true)

        #expect(try Self.eventually(6) { try app.app.context.store.read { try SampleStore.window($0, checkID: id, since: Date(timeIntervalSince1970: 0)) }.up >= 2 })
        let early = try app.app.context.store.read { try SampleStore.list($0, checkID: id, from: nil, to: nil) }
        #expect(early.count >= 2, "\(early.map { "\($0.sample.at) \($0.sample.available) \($0.sample.error)" })")
        try peer.set(.error)
        #expect(try Self.eventually(8) { try Self.alerts(app, checkID: id).count == 1 }, "the alert fires within the window")
        try peer.set(.hang)
        sleep(3)
        #expect(try Self.alerts(app, checkID: id).count == 1, "still one alert: one per outage, never one per failed sample")
        try peer.set(.ok)
        #expect(try Self.eventually(12) { try Self.alerts(app, checkID: id).first?.endedAt != nil }, "the recovery follows")

        let history = try Self.alerts(app, checkID: id)
        #expect(history.count == 1)
        let alert = try #require(history.first)
        #expect(alert.message.hasPrefix("Website \(peer.url) is down. availability="))
        #expect(alert.recoveryMessage.contains("is up again") && alert.recoveryMessage.contains("after an outage of"))
        // The check's incident option: opened on alert with the target's technical contact in charge, resolved by the recovery.
        let incident = try #require(try app.app.context.store.read { db in try alert.incidentID.flatMap { try IncidentStore.fetch(db, id: $0) } })
        #expect(incident.status == .resolved && incident.resolution == alert.recoveryMessage && incident.targets.map(\.name) == ["pg-3"])
        #expect(incident.engineerName == "Ana Lima", "a member of team DBA, the technical contact")
        let samples = try app.app.context.store.read { try SampleStore.list($0, checkID: id, from: nil, to: nil) }
        #expect(samples.contains { $0.sample.httpStatus == 500 } && samples.contains { $0.sample.error.contains("timed out") })

        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: sink.messages())
        let subjects = Set(mails.map(\.subject))
        #expect(subjects.contains { $0.hasPrefix("[Alert] Website \(peer.url) is down.") })
        #expect(subjects.contains { $0.hasPrefix("[Recovered] Website \(peer.url) is up again.") })
        // The target's technical contact (team DBA, inherited from cluster db-east) and downtime coordinator (Taro, from europe).
        let recipients = Set(mails.flatMap(\.to))
        #expect(recipients == ["dba@example.com", "taro@example.jp"], "\(recipients)")
        #expect(mails.count == 4, "one per person per event")
    }

    func api(_ app: TestApp, _ method: String, _ path: String, _ json: String? = nil) throws -> (Int, [String: Any]) {
        let response = try app.fetch(method, path, headers: json == nil ? [:] : ["Content-Type": "application/json"], body: Array((json ?? "").utf8))
        return (response.status, (response.json as? [String: Any]) ?? [:])
    }

    /// An unplanned downtime on cluster db-east (pg-3 runs only there) that started half an hour ago, moved in progress.
    func downtimeInProgress(_ app: TestApp) throws -> Int {
        func local(_ date: Date) -> String { String(StoreTime.format(date).dropLast()) }
        let now = Date()
        let (status, body) = try api(app, "POST", "/api/v1/downtimes", """
            {"title":"db-east emergency patch","kind":"unplanned","targets":[{"kind":"cluster","name":"db-east"}],
             "starts_at":"\(local(now.addingTimeInterval(-1800)))","ends_at":"\(local(now.addingTimeInterval(3600)))","time_zone":"UTC"}
            """)
        #expect(status == 201, "\(body)")
        let id = try #require(body["id"] as? Int)
        #expect(try api(app, "POST", "/api/v1/downtimes/\(id)/announce").0 == 200)
        _ = try app.app.tick(now: now)
        #expect(try app.app.context.store.read { try DowntimeStore.fetch($0, id: Int64(id)) }?.state == .inProgress)
        return id
    }

    @Test func flappingDuringADowntimeIsSilentAndAFailurePastItsEndSaysStillDown() throws {
        let peer = try MonitorPeer(hangSeconds: 2.5)
        defer { peer.stop() }
        let app = try Self.start(grace: 2)
        defer { app.stop() }
        let downtime = try downtimeInProgress(app)
        let id = try Self.addCheck(app, url: peer.url)
        try peer.set(.error)
        // Failures explained by the downtime (the service runs on the cluster being patched): in maintenance, no alert.
        #expect(try Self.eventually(8) {
            try app.app.context.store.read { try SampleStore.list($0, checkID: id, from: nil, to: nil) }.filter { !$0.sample.available }.count >= 5
        })
        try peer.set(.hang)
        sleep(2)
        try peer.set(.error)
        sleep(1)
        #expect(try Self.alerts(app, checkID: id).isEmpty, "no alert while a declared downtime explains the failures")
        let samples = try app.app.context.store.read { try SampleStore.list($0, checkID: id, from: nil, to: nil) }
        #expect(samples.filter { !$0.sample.available }.allSatisfy { $0.sample.downtimeID == Int64(downtime) }, "failures recorded as in maintenance")
        #expect(try app.app.context.store.read { try NoticeStore.list($0, limit: 100) }.filter { $0.event.hasPrefix("check_") }.isEmpty)

        // The downtime completes but the service keeps failing: after the grace period, one alert naming the downtime.
        #expect(try api(app, "POST", "/api/v1/downtimes/\(downtime)/complete").0 == 200)
        #expect(try Self.eventually(10) { try Self.alerts(app, checkID: id).count == 1 })
        let alert = try #require(try Self.alerts(app, checkID: id).first)
        #expect(alert.kind == .stillDown && alert.downtimeID == Int64(downtime))
        #expect(alert.message.hasPrefix("DT-\(downtime) ended at ") && alert.message.contains("but pg-3 is still down"), "\(alert.message)")
        let notices = try app.app.context.store.read { try NoticeStore.list($0, limit: 100) }.filter { $0.event == "check_alert" }
        #expect(Set(notices.map(\.recipient)) == ["dba@example.com", "taro@example.jp"])
        sleep(2)
        #expect(try Self.alerts(app, checkID: id).count == 1, "still one alert")
    }

    @Test func tcpChecksSeeClosedAndOpenPortsAndTLSChecksWarnBeforeTheCertificateExpires() throws {
        let folder = temporaryDirectory()
        let certificate = try MonitorPeer.makeCertificate(days: 3, in: folder)
        let tls = try MonitorPeer(certificate: certificate)
        defer { tls.stop() }
        let open = try MonitorPeer()
        defer { open.stop() }
        let closedPort = try MonitorPeer().port  // a port nothing listens on once that peer is gone
        let app = try Self.start()
        defer { app.stop() }
        let openID = try Self.addCheck(app, name: "open port", kind: .tcp, host: "127.0.0.1", port: open.port)
        let closedID = try Self.addCheck(app, name: "closed port", kind: .tcp, host: "127.0.0.1", port: closedPort)
        let tlsID = try Self.addCheck(app, name: "tls cert", kind: .tls, host: "127.0.0.1", port: tls.port, certMinDays: 14)
        func newest(_ id: Int64) throws -> NewSample? { try app.app.context.store.read { try SampleStore.latest($0, checkID: id) }?.sample }
        #expect(try Self.eventually(6) { try [openID, closedID, tlsID].allSatisfy { try newest($0) != nil } })
        let opened = try #require(try newest(openID))
        let closed = try #require(try newest(closedID))
        let cert = try #require(try newest(tlsID))
        #expect(opened.available && opened.error.isEmpty)
        #expect(!closed.available && !closed.error.isEmpty, "\(closed.error)")
        #expect(cert.available && cert.degraded, "\(cert.error)")
        #expect(cert.error.contains("the certificate expires in 2 days") || cert.error.contains("the certificate expires in 3 days"), "\(cert.error)")
        // One warning, mailed like an alert, that stays open (and single) until the certificate is renewed.
        #expect(try Self.eventually(4) { try Self.alerts(app, checkID: tlsID).count == 1 })
        sleep(2)
        let warnings = try Self.alerts(app, checkID: tlsID)
        #expect(warnings.count == 1 && warnings.first?.kind == .certificate && warnings.first?.endedAt == nil)
        #expect(warnings.first?.message.hasPrefix("The certificate of tls cert (127.0.0.1:\(tls.port)) expires in ") == true)
        let notices = try app.app.context.store.read { try NoticeStore.list($0, limit: 100) }.filter { $0.event == "check_alert" }
        #expect(!notices.isEmpty)
        #expect(try app.app.context.store.read { try AlertStore.openAlert($0, checkID: tlsID) } == nil, "a certificate warning is not an outage")
    }
}
