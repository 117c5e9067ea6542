import ForewarnTestSupport
import Foundation
import PortalApp
import Testing

/// A full disk under the database: writes are refused with 503 and a clear message, nothing is half-written,
/// `/healthz` says so, and everything works again once space is back. On a real (tmpfs) file system.
@Suite("Storage full", .serialized)
struct StorageFullTests {
    @Test func aFullDiskAnswers503KeepsNothingHalfWrittenAndRecoversByItself() throws {
        let disk = try SmallFileSystem(megabytes: 12)
        defer { disk.unmount() }
        let app = try TestApp.start {
            $0.databasePath = disk.path + "/forewarn.sqlite"
            $0.clockInterval = 0
            $0.deliversMail = false
            $0.healthProbeInterval = 0.2
        }
        defer { app.stop() }
        try app.importFixture()
        #expect(try app.fetch("GET", "/healthz").status == 200)
        let csrf = try TestApp.csrfToken(try app.fetch("GET", "/login", anonymous: true))

        try disk.fill()
        // Writes go on until the WAL needs room the disk does not have; from then on every one is refused.
        var refused: RawResponse?
        var name = ""
        let description = String(repeating: "Full-disk test region. ", count: 80)
        for attempt in 0..<200 where refused == nil {
            name = "full-disk-\(attempt)"
            let response = try app.postJSON("/api/v1/regions", #"{"name":"\#(name)","description":"\#(description)"}"#)
            if response.status != 201 { refused = response }
        }
        let api = try #require(refused, "200 writes of 2 KiB each fitted on a full 12 MiB disk")
        #expect(api.status == 503)
        let error = (api.json as? [String: Any])?["error"] as? [String: Any]
        #expect((error?["message"] as? String)?.contains("Storage is full or failing: nothing was saved") == true, "\(api.text)")
        #expect(api.header("Retry-After") != nil)
        // Nothing of the refused write is there.
        let found = try app.fetch("GET", "/api/v1/regions?q=\(name)")
        #expect(((found.json as? [String: Any])?["items"] as? [Any])?.isEmpty == true, "\(found.text)")

        // Forms, sign-in and import get the same clear page, never the generic 500.
        let form = try app.post("/regions", form: [("_csrf", csrf), ("name", "form-on-full-disk"), ("description", description)],
                                headers: ["Cookie": "forewarn_csrf=\(csrf)"])
        #expect(form.status == 503)
        #expect(form.text.contains("Storage is full or failing"))
        let signIn = try app.fetch("POST", "/login", headers: ["Cookie": "forewarn_csrf=\(csrf)", "Content-Type": "application/x-www-form-urlencoded"],
                                   body: Array("_csrf=\(csrf)&login=tester&password=a+long+enough+password".utf8), anonymous: true)
        #expect(signIn.status == 503, "\(signIn.status)")
        #expect(signIn.text.contains("nothing was saved"))

        // The health check reports the failing storage so a load balancer takes the instance out.
        let health = try app.fetch("GET", "/healthz")
        #expect(health.status == 503)
        #expect((health.json as? [String: Any])?["status"] as? String == "failing", "\(health.text)")

        disk.free()
        Thread.sleep(forTimeInterval: 0.3)
        let healed = try app.fetch("GET", "/healthz")
        #expect(healed.status == 200, "\(healed.text)")
        #expect(try app.postJSON("/api/v1/regions", #"{"name":"\#(name)","description":"back"}"#).status == 201)
    }
}
