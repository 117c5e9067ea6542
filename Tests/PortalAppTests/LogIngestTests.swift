import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalIngest
import PortalStore
import Testing

/// Runs a tool (logger, curl) and returns its exit status and output.
@discardableResult
func runClient(_ tool: String, _ arguments: [String]) throws -> (status: Int32, stdout: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite("Log ingest with real clients", .serialized)
struct LogIngestTests {
    static func start() throws -> TestApp {
        try TestApp.start { configuration in
            configuration.clockInterval = 0
            configuration.deliversMail = false
            configuration.syslogUDP = ListenAddress(host: "127.0.0.1", port: 0)
            configuration.syslogTCP = ListenAddress(host: "127.0.0.1", port: 0)
        }
    }

    /// Messages the API finds for a query string, waiting up to 5 s for the receivers, batch writer and indexer
    /// (`once`: asked once, for what must already be there).
    func search(_ app: TestApp, _ query: String, expect count: Int, once: Bool = false) throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        for _ in 0..<(once ? 1 : 50) {
            let response = try app.fetch("GET", "/api/v1/logs?" + query)
            #expect(response.status == 200, "\(response.text)")
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            items = object?["items"] as? [[String: Any]] ?? []
            if items.count >= count { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(items.count == count, "\(query)")
        return items
    }

    @Test func loggerOverTCPAndUDPAndPythonSysLogHandlerAreSearchable() throws {
        let app = try Self.start()
        defer { app.stop() }
        try app.importFixture()
        let tcp = try #require(app.app.context.logs.tcp?.port)
        let udp = try #require(app.app.context.logs.udp?.port)
        let common = ["--rfc5424", "--server", "127.0.0.1", "--port"]
        #expect(try runClient("logger", ["--tcp"] + common + [String(tcp), "--tag", "payroll", "--sd-id", "forewarn@32473",
                                       "--sd-param", "version=\"2.4.1\"", "--sd-param", "module=\"invoice\"", "--sd-param", "line=\"120\"",
                                       "-p", "user.err", "payroll batch zebracorn failed"]).status == 0)
        #expect(try runClient("logger", ["--udp"] + common + [String(udp), "--tag", "portal", "-p", "user.warning", "udp quaggaword arrived"]).status == 0)
        _ = try Python.run("""
            import logging, logging.handlers, sys
            handler = logging.handlers.SysLogHandler(address=("127.0.0.1", int(sys.argv[1])))
            handler.setFormatter(logging.Formatter("pyapp: %(message)s"))
            log = logging.getLogger("t"); log.addHandler(handler); log.setLevel(logging.INFO)
            log.error("python wombatword message")
            handler.close()
            """, arguments: [String(udp)])

        let tcpItem = try #require(try search(app, "q=zebracorn", expect: 1).first)
        #expect(tcpItem["product"] as? String == "payroll")
        #expect(tcpItem["service"] as? String == "payroll")
        #expect(tcpItem["stage"] as? String == "PROD")  // from the payroll service's environment
        #expect(tcpItem["version"] as? String == "2.4.1")
        #expect(tcpItem["module"] as? String == "invoice")
        #expect(tcpItem["line"] as? Int == 120)
        #expect(tcpItem["level"] as? String == "error")
        let udpItem = try #require(try search(app, "q=quaggaword&level=warning", expect: 1).first)
        #expect(udpItem["product"] as? String == "portal")
        let pyItem = try #require(try search(app, "q=wombatword", expect: 1).first)
        #expect(pyItem["product"] as? String == "pyapp")
        #expect(pyItem["level"] as? String == "error")
        #expect(pyItem["message"] as? String == "python wombatword message")
        _ = try search(app, "q=%22batch%20zebracorn%22&stage=PROD&product=payroll", expect: 1)
        _ = try search(app, "q=zebra*", expect: 1)
        _ = try search(app, "q=zebracorn&stage=TEST", expect: 0)

        let page = try app.fetch("GET", "/logs?q=zebracorn")
        #expect(page.status == 200)
        #expect(page.text.contains("payroll batch zebracorn failed"))
        #expect(page.text.contains("<svg"))
        let bad = try app.fetch("GET", "/api/v1/logs?q=%22open&level=loud")
        #expect(bad.status == 422)
    }

    @Test func badFramesAreCountedAndTheReceiverKeepsRunning() throws {
        let app = try Self.start()
        defer { app.stop() }
        let tcp = try #require(app.app.context.logs.tcp?.port)
        let udp = try #require(app.app.context.logs.udp?.port)
        _ = try Python.run("""
            import socket, sys
            tcp, udp = int(sys.argv[1]), int(sys.argv[2])
            s = socket.create_connection(("127.0.0.1", tcp))
            s.sendall(b"garbage without pri\\n")
            s.sendall(b"<11>1 - h app - - - bad \\xff\\xfe utf8\\n")
            s.sendall(b"<999>1 - h app - - - unknown level\\n")
            s.sendall(b"1048576 " + b"A" * 1048576)
            s.sendall(b"<11>1 - h app - - - newline framed okapiword\\n")
            frame = b"<11>1 - h app - - - octet counted okapiword"
            s.sendall(str(len(frame)).encode() + b" " + frame)
            s.sendall(b"500 <11>1 - h app - - - cut short")
            s.close()
            u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            u.sendto(b"\\x00\\x01 not syslog", ("127.0.0.1", udp))
            u.sendto(b"<14>after the garbage okapiword", ("127.0.0.1", udp))
            """, arguments: [String(tcp), String(udp)])
        _ = try search(app, "q=okapiword", expect: 3)
        let counters = app.app.context.logs.counters
        #expect(counters.value(IngestCounters.rejected(.malformed(""))) == 2)
        #expect(counters.value(IngestCounters.rejected(.invalidUTF8)) == 1)
        #expect(counters.value(IngestCounters.rejected(.unknownLevel)) == 1)
        #expect(counters.value(IngestCounters.rejected(.oversized)) == 1)
        for _ in 0..<20 where counters.value(IngestCounters.rejected(.truncated)) == 0 { Thread.sleep(forTimeInterval: 0.1) }
        #expect(counters.value(IngestCounters.rejected(.truncated)) == 1)
        #expect(try app.fetch("GET", "/logs").text.contains("skipped: invalid UTF-8"))
    }

    /// A batch the queue has no room for is refused whole with 503 and Retry-After (curl), counted and shown on `/logs`;
    /// UDP messages that find the queue full are dropped and counted (each is either stored or counted as dropped).
    @Test func aFullQueueAnswers503WithRetryAfterAndDropsUDPCounted() throws {
        let app = try TestApp.start { configuration in
            configuration.logQueueCapacity = 10
            configuration.deliversMail = false
            configuration.syslogUDP = ListenAddress(host: "127.0.0.1", port: 0)
        }
        defer { app.stop() }
        let url = "http://127.0.0.1:\(app.port)/api/v1/logs"
        let items = (0..<11).map { #"{"level":"info","message":"overflow \#($0)"}"# }.joined(separator: ",")
        let sent = try runClient("curl", ["-s", "-i", "-X", "POST", "-H", "Authorization: Bearer \(app.token)", "-H", "Content-Type: application/json",
                                          "--data-binary", "[\(items)]", url])
        #expect(sent.stdout.hasPrefix("HTTP/1.1 503"), "\(sent.stdout)")
        #expect(sent.stdout.lowercased().contains("retry-after: 1"))
        #expect(sent.stdout.contains("nothing of this batch was stored"))
        #expect(try app.app.context.store.read { try LogStore.count($0) } == 0)
        #expect(app.app.context.logs.counters.value(IngestCounters.refusedHTTP) == 11)
        #expect(try app.fetch("GET", "/logs").text.contains("refused (HTTP, queue full)"))
        // A batch that fits goes in.
        let fits = try runClient("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", "Authorization: Bearer \(app.token)",
                                          "-H", "Content-Type: application/json", "--data-binary", #"[{"level":"info","message":"fits"}]"#, url])
        #expect(fits.stdout == "202")

        // 500 datagrams from logger within a few milliseconds: the writer gathers for 100 ms, the queue holds 10.
        let udp = try #require(app.app.context.logs.udp?.port)
        let lines = folderFile(app, "burst.txt", (0..<500).map { "udp burst \($0)" }.joined(separator: "\n") + "\n")
        #expect(try runClient("logger", ["--udp", "--rfc5424", "--server", "127.0.0.1", "--port", String(udp), "--tag", "bursty", "-f", lines]).status == 0)
        let counters = app.app.context.logs.counters
        var settled = false
        for _ in 0..<100 where !settled {
            let stored = try app.app.context.store.read { try LogStore.count($0) } - 1
            settled = stored + counters.value(IngestCounters.droppedUDP) == 500
            if !settled { usleep(50_000) }
        }
        #expect(settled, "every datagram stored or counted as dropped")
        #expect(counters.value(IngestCounters.droppedUDP) > 0)
        #expect(try app.fetch("GET", "/logs").text.contains("dropped (UDP, queue full)"))
    }

    func folderFile(_ app: TestApp, _ name: String, _ text: String) -> String {
        let path = app.folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    @Test func httpIngestWithCurlIsAllOrNothing() throws {
        let app = try Self.start()
        defer { app.stop() }
        let url = "http://127.0.0.1:\(app.port)/api/v1/logs"
        let good = #"[{"level":"error","message":"curl narwhalword one","product":"billing-api","stage":"PRODUCTION","version":"1.0","host":"h1","module":"m","line":7,"fields":{"order":"A-17","retries":3}},{"time":"2026-01-01T00:00:00Z","level":"info","message":"old curl narwhalword"}]"#
        let sent = try runClient("curl", ["-s", "-w", "\n%{http_code}", "-X", "POST", "-H", "Authorization: Bearer \(app.token)", "-H", "Content-Type: application/json", "--data-binary", good, url])
        #expect(sent.stdout.hasSuffix("\n202"), "\(sent.stdout)")
        #expect(sent.stdout.contains(#""accepted":2"#) || sent.stdout.contains(#""accepted" : 2"#))
        // Committed before the 202: visible at once without a text query; searchable once the indexer has caught up.
        _ = try search(app, "stage=PROD&product=billing-api", expect: 1, once: true)
        #expect(app.app.context.logs.writer.waitUntilSearchable())
        let items = try search(app, "q=narwhalword&stage=PROD", expect: 1, once: true)
        #expect((items.first?["fields"] as? [String: Any])?["order"] as? String == "A-17")
        _ = try search(app, "q=narwhalword&from=2025-12-31T00:00:00Z", expect: 2, once: true)
        // Over ten days the histogram counts by the hour: bars of whole hours, said so under it.
        let month = try app.fetch("GET", "/logs?from=" + LogTimestamp.string(from: Date().addingTimeInterval(-31 * 86_400)))
        #expect(month.text.contains("peak 1 per 4 hours"), "\(month.text)")
        #expect(try app.fetch("GET", "/logs").text.contains("peak 1 per minute"))

        let bad = #"[{"level":"info","message":"fine"},{"level":"loud","message":"never stored"}]"#
        let refused = try runClient("curl", ["-s", "-w", "\n%{http_code}", "-X", "POST", "-H", "Authorization: Bearer \(app.token)", "-H", "Content-Type: application/json", "--data-binary", bad, url])
        #expect(refused.stdout.hasSuffix("\n422"))
        #expect(refused.stdout.contains("Item 1"))
        #expect(refused.stdout.contains("1.level"))
        _ = try search(app, "q=fine", expect: 0)
        let anonymous = try app.fetch("POST", "/api/v1/logs", headers: ["Content-Type": "application/json"], body: Array("[]".utf8), anonymous: true)
        #expect(anonymous.status == 401)
    }
}
