import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalStore
import Testing

/// `make bench` figure (Benchmarks/xmpp_presence_bench.sh): a mood change reaching 1,000 roster subscribers over the
/// one component connection. A real Prosody with 1,000 accounts, all signed in from one asyncio process
/// (Benchmarks/xmpp_roster_clients.py) and subscribed to the service JID; the time runs from the level pass that
/// publishes the change to the last client receiving its `dnd` presence. Runs only with FOREWARN_BENCH=1.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["FOREWARN_BENCH"] == "1"))
struct XMPPPresenceBenchTests {
    struct Line: Decodable {
        let ready: Int?
        let received: Int?
        let last: Double?
        let errors: [String]?
    }

    @Test func aMoodChangeReachesAThousandSubscribers() throws {
        let subscribers = Int(ProcessInfo.processInfo.environment["FOREWARN_BENCH_SUBSCRIBERS"] ?? "") ?? 1000
        let prosody = try ProsodyServer()
        defer { prosody.stop() }
        try prosody.registerMany(prefix: "user", count: subscribers, password: "bench-password")
        let app = try TestApp.start {
            $0.clockInterval = 0
            $0.deliversMail = false
            $0.runsMonitor = false
            var xmpp = XMPPSettings(domain: prosody.componentDomain, host: "127.0.0.1", port: UInt16(prosody.componentPort), secret: prosody.componentSecret)
            xmpp.anyoneOnServer = true
            $0.xmpp = xmpp
        }
        defer { app.stop() }
        try app.importFixture()
        let checkID = try MonitoringAlertTests.addCheck(app)
        let now = Date()
        try LiveServiceLevelTests.minute(app, checkID: checkID, at: now, samples: 6, up: 6)
        try app.app.recomputeServiceLevels(now: now)
        let connected = XMPPWiringTests.waitUntil(10) { app.app.xmppConnected == true }
        #expect(connected)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repositoryRoot + "/Benchmarks/xmpp_roster_clients.py", String(prosody.clientPort), "pg-3@services.example.org",
                             "--count", String(subscribers), "--timeout", "180"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let lines = Locked<[Line]>([])
        let buffer = Locked(Data())
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            var complete: [Data] = []
            buffer.mutate { data in
                data.append(chunk)
                while let newline = data.firstIndex(of: UInt8(ascii: "\n")) {
                    complete.append(data[data.startIndex..<newline])
                    data.removeSubrange(data.startIndex...newline)
                }
            }
            let decoded = complete.compactMap { try? JSONDecoder().decode(Line.self, from: $0) }
            if !decoded.isEmpty { lines.mutate { $0 += decoded } }
        }
        defer { output.fileHandleForReading.readabilityHandler = nil }
        let signedIn = Date()
        #expect(XMPPWiringTests.waitUntil(170) { lines.value.contains { $0.ready != nil } })
        let ready = lines.value.first { $0.ready != nil }?.ready ?? 0
        #expect(ready == subscribers, "every client signed in and subscribed")
        print("xmpp presence: \(ready) clients signed in and subscribed in \(Int(Date().timeIntervalSince(signedIn))) s")

        // The change: the check fails, the next pass publishes dnd to every subscriber.
        try LiveServiceLevelTests.minute(app, checkID: checkID, at: now.addingTimeInterval(60), samples: 6, up: 0)
        let changed = Date()
        try app.app.recomputeServiceLevels(now: now.addingTimeInterval(60))
        #expect(XMPPWiringTests.waitUntil(30) { lines.value.contains { $0.received != nil } })
        let result = lines.value.first { $0.received != nil }
        let received = result?.received ?? 0
        let elapsed = (result?.last ?? 0) - changed.timeIntervalSince1970
        print("xmpp presence: mood change reached \(received) of \(subscribers) subscribers, the last after \(Int(elapsed * 1000)) ms (target < 1000 ms)")
        #expect(received == subscribers, "\(result?.errors ?? [])")
    }
}
