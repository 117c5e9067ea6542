import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// Debian's nginx.
private let nginxBinary = "/usr/sbin/nginx"

/// Two `forewarn serve` processes on one PostgreSQL database behind nginx (Debian's package, round-robin on loopback):
/// a downtime declared through one is announced through the other; 1,000 queued notices reach a real SMTP sink while
/// one instance is killed with SIGKILL and restarted mid-delivery; the status page answers through nginx all the while.
/// Runs under `make test-postgres` (needs PostgreSQL and /usr/sbin/nginx).
@Suite("Two instances behind nginx", .serialized,
       .enabled(if: testPostgresURL != nil && FileManager.default.isExecutableFile(atPath: nginxBinary)))
struct MultiInstanceTests {

    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ClientError("no free port") }
        return UInt16(bigEndian: address.sin_port)
    }

    /// nginx in the foreground, one process, everything in `folder`; round-robin over `upstreams`, a GET retried on the
    /// other instance when one does not answer.
    final class Nginx {
        let process = Process()
        let port: UInt16

        init(folder: String, upstreams: [UInt16]) throws {
            port = try MultiInstanceTests.freePort()
            let servers = upstreams.map { "server 127.0.0.1:\($0) max_fails=1 fail_timeout=1s;" }.joined(separator: "\n        ")
            let config = """
                daemon off;
                master_process off;
                pid \(folder)/nginx.pid;
                error_log \(folder)/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path \(folder)/body;
                    proxy_temp_path \(folder)/proxy;
                    fastcgi_temp_path \(folder)/fastcgi;
                    uwsgi_temp_path \(folder)/uwsgi;
                    scgi_temp_path \(folder)/scgi;
                    upstream forewarn {
                        \(servers)
                    }
                    server {
                        listen 127.0.0.1:\(port);
                        location / {
                            proxy_pass http://forewarn;
                            proxy_http_version 1.1;
                            proxy_connect_timeout 1s;
                            proxy_read_timeout 10s;
                            proxy_next_upstream error timeout http_502 http_503;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        }
                    }
                }
                """
            try config.write(toFile: folder + "/nginx.conf", atomically: true, encoding: .utf8)
            process.executableURL = URL(fileURLWithPath: nginxBinary)
            process.arguments = ["-p", folder, "-c", folder + "/nginx.conf", "-e", folder + "/error.log"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if (try? fetch(port: port, "GET", "/login").status) == 200 { return }
                usleep(50_000)
            }
            throw ClientError("nginx did not answer: \((try? String(contentsOfFile: folder + "/error.log", encoding: .utf8)) ?? "")")
        }

        /// SIGKILL: a child started from the test process inherits its blocked signals, so nginx ignores SIGTERM and SIGQUIT.
        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// GETs `target` through nginx every 20 ms on a thread of its own until stopped; counts answers and failures.
    final class Poller {
        let ok = Locked(0)
        let failures = Locked([String]())
        private let running = Locked(true)
        private let done = DispatchSemaphore(value: 0)

        init(port: UInt16, target: String, headers: [String: String]) {
            Thread { [ok, failures, running, done] in
                while running.value {
                    do {
                        let answer = try fetch(port: port, "GET", target, headers: headers)
                        if answer.status == 200 && answer.text.contains("</html>") { ok.mutate { $0 += 1 } } else {
                            failures.mutate { $0.append("\(answer.status)") }
                        }
                    } catch {
                        failures.mutate { $0.append("\(error)") }
                    }
                    usleep(20_000)
                }
                done.signal()
            }.start()
        }

        func stop() {
            var wasRunning = false
            running.mutate { wasRunning = $0; $0 = false }
            if wasRunning { done.wait() }
        }
    }

    /// With `--trusted-proxy 127.0.0.1` both instances count failed sign-ins per client nginx forwards (clients on
    /// 127.0.0.2 and 127.0.0.3), and their access logs name the client.
    @Test func theSignInLimitCountsEachClientBehindNginx() throws {
        let setup = try TestApp.start { $0.clockInterval = 0; $0.deliversMail = false }
        let database = setup.app.context.store.path
        let secretKey = setup.folder + "/forewarn.sqlite.key"
        setup.stop()
        let sink = try SMTPSink(timeout: 60)
        defer { sink.stop() }
        let extra = ["--trusted-proxy", "127.0.0.1", "--log-level", "info"]
        let first = try WorkerOwnershipTests.Server(database: database, smtp: sink.url, secretKey: secretKey, extra: extra)
        defer { first.stop() }
        let second = try WorkerOwnershipTests.Server(database: database, smtp: sink.url, secretKey: secretKey, extra: extra)
        defer { second.stop() }
        let nginx = try Nginx(folder: setup.folder, upstreams: [first.port, second.port])
        defer { nginx.stop() }

        // Round-robin: the 20 failures of 127.0.0.2 land on both instances and count together in the database.
        for n in 0..<20 {
            let answer = try ForwardedAddressTests.failedSignIn(port: nginx.port, login: "nobody\(n)", forwarded: nil, source: "127.0.0.2")
            #expect(answer.status == 401, "failure \(n): \(answer.status)")
        }
        // Its next attempts are refused by both instances, also when it sends a header of its own.
        for forged in [nil, "203.0.113.77"] {
            let answer = try ForwardedAddressTests.failedSignIn(port: nginx.port, login: "fresh", forwarded: forged, source: "127.0.0.2")
            #expect(answer.status == 429, "127.0.0.2 is throttled (forged header \(forged ?? "none")): \(answer.status)")
        }
        // Another client behind the same nginx is not.
        #expect(try ForwardedAddressTests.failedSignIn(port: nginx.port, login: "fresh", forwarded: nil, source: "127.0.0.3").status == 401)
        let store = try Store(path: database)
        defer { store.close() }
        #expect(try ForwardedAddressTests.recordedAddresses(store) == ["127.0.0.2", "127.0.0.3"])
        for instance in [first, second] {
            #expect(instance.log.contains("failed sign-in for nobody"), "both instances answered some of the sign-ins")
            #expect(instance.log.contains("client=127.0.0.2 [PortalHTTP] POST /login 401"), "the access log names the client: \(instance.log.suffix(600))")
        }
    }

    @Test func twoInstancesBehindNginxDeliverEveryNoticeOnceWhileOneIsKilled() throws {
        let setup = try TestApp.start { $0.clockInterval = 0; $0.deliversMail = false }
        try setup.importFixture()
        let database = setup.app.context.store.path
        let secretKey = setup.folder + "/forewarn.sqlite.key"
        let (token, session) = (setup.token, setup.session)
        setup.stop()

        let sink = try SMTPSink(timeout: 240, delay: 0.01)
        defer { sink.stop() }
        let ports = (try Self.freePort(), try Self.freePort())
        let lease = ["--outbox-lease", "10"]
        var first: WorkerOwnershipTests.Server? = try WorkerOwnershipTests.Server(database: database, smtp: sink.url, secretKey: secretKey, port: ports.0, extra: lease)
        defer { first?.stop() }
        let second = try WorkerOwnershipTests.Server(database: database, smtp: sink.url, secretKey: secretKey, port: ports.1, extra: lease)
        defer { second.stop() }
        let nginx = try Nginx(folder: setup.folder, upstreams: [ports.0, ports.1])
        defer { nginx.stop() }
        // The session lives in the database, so either instance knows the signed-in user.
        let poller = Poller(port: nginx.port, target: "/status", headers: ["Cookie": "forewarn_session=\(session)"])
        defer { poller.stop() }

        // Declared through the first instance, announced through the second.
        let api = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        let start = NotificationTests.local(Date().addingTimeInterval(3 * 86_400), zone: "Europe/Paris")
        let end = NotificationTests.local(Date().addingTimeInterval(3 * 86_400 + 7200), zone: "Europe/Paris")
        let created = try fetch(port: ports.0, "POST", "/api/v1/downtimes", headers: api, body: Array("""
            {"title":"Two instances behind nginx","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"\(start)","ends_at":"\(end)","time_zone":"Europe/Paris"}
            """.utf8))
        let id = try #require((created.json as? [String: Any])?["id"] as? Int, "\(created.text)")
        let announced = try fetch(port: ports.1, "POST", "/api/v1/downtimes/\(id)/announce", headers: api, body: Array("{}".utf8))
        #expect(announced.status == 200, "\(announced.text)")
        let seen = try fetch(port: ports.0, "GET", "/api/v1/downtimes/\(id)", headers: api)
        #expect((seen.json as? [String: Any])?["state"] as? String == "scheduled", "the first instance sees the second's announcement: \(seen.text)")

        // 997 more recipients: 1,000 notices in all.
        let store = try Store(path: database)
        defer { store.close() }
        try store.write { db in
            guard case .text(let payload)? = try db.scalar("SELECT payload_json FROM notice_events WHERE downtime_id = ?", [Int64(id)]) else {
                throw ClientError("the announcement queued no event")
            }
            let recipients = (1...997).map { NoticeRecipient(address: "person-\($0)@example.com", name: "Person \($0)", reasons: ["owner"]) }
            _ = try NoticeStore.enqueue(db, NoticeDraft(eventKey: "nginx-test:\(id)", event: "announce", downtimeID: Int64(id), payloadJSON: payload,
                                                        actor: "test", recipients: recipients), messageDomain: "ops.example.com")
        }
        let expected = try store.read { try NoticeStore.list($0, limit: 2000) }
        #expect(expected.count == 1000)

        let waitFor = WorkerOwnershipTests().waitFor
        #expect(try waitFor(90) { try sink.messages().count >= 250 }, "delivery started")
        first?.kill9()
        let atKill = try sink.messages().count
        #expect(atKill < 1000, "killed mid-delivery (\(atKill) of 1000 arrived)")
        usleep(500_000)
        first = try WorkerOwnershipTests.Server(database: database, smtp: sink.url, secretKey: secretKey, port: ports.0, extra: lease)
        #expect(try waitFor(150) {
            try store.read { try $0.scalar("SELECT count(*) FROM outbox WHERE status = 'sent'") } == .integer(1000)
        }, "every notice sent")
        usleep(500_000)
        poller.stop()

        let received = try ParsedEmail.parse(files: try sink.messages())
        let ids = received.compactMap(\.messageID)
        #expect(Set(ids) == Set(expected.map { "<\($0.messageID)>" }), "every notice arrived")
        // A notice accepted by the sink in the instant between its "250" and the killed instance's commit is sent again
        // by whoever takes it over (same Message-ID); nothing else may arrive twice.
        #expect(ids.count <= 1001, "each arrived once, at most the one in flight at the kill twice: \(ids.count)")
        #expect(poller.failures.value.isEmpty, "the status page answered through nginx every time: \(poller.failures.value.prefix(5))")
        #expect(poller.ok.value > 100, "\(poller.ok.value) status pages answered")
        print("two instances behind nginx: \(ids.count) messages for 1000 notices (\(Set(ids).count) distinct), \(atKill) before the kill, status page \(poller.ok.value) ok / \(poller.failures.value.count) failed")
    }
}
