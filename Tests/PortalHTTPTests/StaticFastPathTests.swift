import ForewarnTestSupport
import Foundation
import Testing
@testable import PortalHTTP

/// The static-file fast path (`StaticFastPath`): taken when the access log is off, it must answer exactly as the
/// ordinary path does, and hand over everything that is not a plain GET or HEAD of a file's exact address.
@Suite("Static fast path")
struct StaticFastPathTests {
    /// The number in a dynamic answer's `X-Request-Id` (`<prefix>-<n>`, counted per request that gets a state).
    static func requestNumber(_ response: RawResponse) throws -> Int {
        let id = try #require(response.header("X-Request-Id"))
        return try #require(id.split(separator: "-").last.flatMap { Int($0) })
    }

    @Test func exactStaticAddressesAreAnsweredWithoutARequestState() throws {
        let fast = try TestServer()
        let ordinary = try TestServer(logLevel: .info)
        defer { fast.stop(); ordinary.stop() }
        #expect(fast.server.staticFastPath != nil && ordinary.server.staticFastPath == nil)
        // Three static answers between two dynamic ones on one keep-alive connection: on the fast path they take no
        // request number; on the ordinary path each takes one.
        for (app, between) in [(fast, 1), (ordinary, 4)] {
            let client = try RawHTTPClient(port: app.port)
            let before = try Self.requestNumber(client.request("GET", "/hello"))
            #expect(try client.request("GET", "/static/site.css").text == "body { color: red; }")
            #expect(try client.request("GET", app.files.url(for: "big.css"), headers: ["Accept-Encoding": "gzip"]).header("Content-Encoding") == "gzip")
            #expect(try client.request("HEAD", "/static/big.css").status == 200)
            #expect(try Self.requestNumber(client.request("GET", "/hello")) - before == between)
        }
    }

    /// Every request here answered by both servers, compared: status, body and headers (but the date and request id).
    @Test func theFastPathAnswersAsTheOrdinaryPathDoes() throws {
        let fast = try TestServer { $0.maxHeaderBytes = 2048 }
        let ordinary = try TestServer(logLevel: .info) { $0.maxHeaderBytes = 2048 }
        defer { fast.stop(); ordinary.stop() }
        let big = fast.files.url(for: "big.css")
        #expect(big == ordinary.files.url(for: "big.css"))
        let etag = try #require(try fetch(port: fast.port, "GET", "/static/site.css").header("ETag"))
        let cases: [(method: String, target: String, headers: [String: String], body: [UInt8])] = [
            ("GET", "/static/site.css", [:], []),
            ("GET", big, [:], []),
            ("GET", big, ["Accept-Encoding": "gzip, br"], []),
            ("GET", big, ["accept-encoding": "gzip;q=0"], []),
            ("GET", "/static/big.css", ["Accept-Encoding": "*;q=0.5", "If-None-Match": "\"other\""], []),
            ("GET", "/static/site.css", ["If-None-Match": etag], []),
            ("GET", "/static/site.css", ["if-none-match": "W/" + etag + ", \"x\""], []),
            ("HEAD", "/static/site.css", [:], []),
            ("HEAD", big, ["Accept-Encoding": "gzip"], []),
            // Handed to the ordinary path: a query, encoding, another method, a declared body, a head over the limit.
            ("GET", "/static/site.css?v=2", [:], []),
            ("GET", "/static/site%2Ecss", [:], []),
            ("GET", "/static/site.cs", [:], []),
            ("POST", "/static/site.css", ["Content-Type": "text/plain"], Array("x".utf8)),
            ("GET", "/static/site.css", ["Content-Type": "text/plain"], Array("body".utf8)),
            ("GET", "/static/site.css", ["Cookie": String(repeating: "c", count: 3000)], []),
        ]
        for (method, target, headers, body) in cases {
            let one = try fetch(port: fast.port, method, target, headers: headers, body: body)
            let other = try fetch(port: ordinary.port, method, target, headers: headers, body: body)
            let comparable = { (response: RawResponse) in
                response.headers.filter { !["date", "x-request-id"].contains($0.name.lowercased()) }.map { "\($0.name.lowercased()): \($0.value)" }.sorted()
            }
            #expect(one.status == other.status, "\(method) \(target) \(headers.keys.sorted())")
            #expect(one.body == other.body, "\(method) \(target)")
            #expect(comparable(one) == comparable(other), "\(method) \(target)")
        }
        // And the statuses are the expected ones, not merely equal.
        #expect(try fetch(port: fast.port, "GET", "/static/site.css", headers: ["If-None-Match": etag]).status == 304)
        #expect(try fetch(port: fast.port, "GET", "/static/site.css", headers: ["Cookie": String(repeating: "c", count: 3000)]).status == 431)
        #expect(try fetch(port: fast.port, "GET", "/static/site.cs").status == 404)
    }

    /// Fast and ordinary requests alternate on kept-alive connections from several clients at once: every answer is
    /// the right one (the per-request pointer is a tag for one request and an object for the next).
    @Test func fastAndOrdinaryRequestsInterleaveOnKeptConnections() throws {
        let app = try TestServer()
        defer { app.stop() }
        let failures = TestServer.Box()
        DispatchQueue.concurrentPerform(iterations: 8) { client in
            guard let connection = try? RawHTTPClient(port: app.port) else { return failures.increment() }
            for i in 0..<50 {
                let ok: Bool
                switch (i + client) % 3 {
                case 0: ok = (try? connection.request("GET", "/static/site.css").text) == "body { color: red; }"
                case 1: ok = (try? connection.request("GET", "/items/\(i)").text) == "item \(i)"
                default: ok = (try? connection.request("POST", "/count", body: Array("n".utf8)).text) == "counted"
                }
                if !ok { failures.increment() }
            }
        }
        #expect(failures.count == 0)
        // Every request, fast or not, is counted out again (libmicrohttpd's completed callback may run just after the
        // client has its answer, hence the short wait).
        let deadline = Date().addingTimeInterval(5)
        while app.server.inFlight != 0 && Date() < deadline { usleep(10_000) }
        #expect(app.server.inFlight == 0)
    }

    @Test func tagsKeepTheirParts() {
        let tag = StaticFastPath.Tag(file: 37, slot: 5, headersRead: true)
        #expect(tag.file == 37 && tag.slot == 5 && tag.headersRead)
        let again = StaticFastPath.Tag(tag.pointer)
        #expect(again?.bits == tag.bits)
        #expect(StaticFastPath.Tag(file: 3).headersRead == false)
        // An object's address is never taken for a tag.
        let object = Unmanaged.passRetained(NSObject())
        defer { object.release() }
        #expect(StaticFastPath.Tag(object.toOpaque()) == nil)
    }

    @Test func onlyGetAndHeadQualify() {
        for (method, qualifies) in [("GET", true), ("HEAD", true), ("GETS", false), ("HEA", false), ("POST", false), ("G", false), ("", false)] {
            #expect(method.withCString { StaticFastPath.isGetOrHead($0) } == qualifies, "\(method)")
        }
    }
}
