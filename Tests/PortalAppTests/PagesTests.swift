import ForewarnTestSupport
import Foundation
import PortalHTTP
import Testing

@Suite("Pages and errors of the running portal")
struct PagesTests {
    @Test func homePageShowsWhatTheDatabaseHolds() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let page = try app.get("/")
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.text.contains("What this portal holds"))
        #expect(page.text.contains("Audit entries"))
        #expect(page.text.contains("schema version"))
        #expect(page.text.contains("/static/css/forewarn.") && page.text.contains(".css\""))
    }

    @Test func healthzChecksTheDatabase() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let health = try app.get("/healthz")
        #expect(health.status == 200)
        let json = try #require(health.json as? [String: Any])
        #expect(json["status"] as? String == "ok")
        #expect((json["database"] as? [String: Any])?["status"] as? String == "ok")
    }

    @Test func friendlyErrorPagesInHTMLAndJSON() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let missing = try app.get("/no/such/page")
        #expect(missing.status == 404)
        #expect(missing.text.contains("Not Found"))
        #expect(missing.text.contains("Back to the home page"))
        #expect(missing.text.contains("Request id"))
        let wrongMethod = try app.fetch("DELETE", "/")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "GET, HEAD")
        #expect(wrongMethod.text.contains("Method Not Allowed"))
        let api = try app.get("/api/v1/nothing")
        #expect(api.status == 404)
        let error = (api.json as? [String: Any])?["error"] as? [String: Any]
        #expect(error?["message"] as? String != nil)
        #expect(error?["request_id"] as? String == api.header("X-Request-Id"))
    }

    @Test func tooLargeBodiesGetTheFriendly413Page() throws {
        let app = try TestApp.start { $0.server.maxBodyBytes = 512 }
        defer { app.stop() }
        let response = try app.post("/", form: [("x", String(repeating: "a", count: 2000))])
        #expect(response.status == 413)
        #expect(response.text.contains("Content Too Large"))
        #expect(response.text.contains("nothing was processed"))
    }

    @Test(arguments: ["/", "/healthz", "/nope", "/static/css/forewarn.css"])
    func securityHeadersOnEveryResponse(path: String) throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let response = try app.get(path)
        #expect(response.header("X-Content-Type-Options") == "nosniff")
        #expect(response.header("Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        #expect(response.header("Referrer-Policy") == "same-origin")
    }

    @Test func staticAssetsAreServedWithValidation() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let css = try app.get("/static/css/forewarn.css")
        #expect(css.status == 200)
        #expect(css.text.contains(":root"))
        let etag = try #require(css.header("ETag"))
        #expect(try app.get("/static/css/forewarn.css", headers: ["If-None-Match": etag]).status == 304)
    }
}

@Suite("Audit log page")
struct AuditPageTests {
    @Test func listsChangesNewestFirstAndFilters() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        for name in ["europe", "asia"] {
            _ = try app.fetch("POST", "/api/v1/regions", headers: ["Content-Type": "application/json"], body: Array("{\"name\":\"\(name)\"}".utf8))
        }
        let page = try app.get("/audit")
        #expect(page.status == 200)
        let asia = try #require(page.text.range(of: "region asia"))
        let europe = try #require(page.text.range(of: "region europe"))
        #expect(asia.lowerBound < europe.lowerBound)
        let filtered = try app.get("/audit?object=europe")
        #expect(filtered.text.contains("region europe"))
        #expect(!filtered.text.contains("region asia"))
        #expect(try app.fetch("POST", "/audit").status == 405)
    }
}
