import ForewarnTestSupport
import Foundation
import PortalHTTP
import Testing

@Suite("HTTP server on a real libmicrohttpd daemon")
struct ServerTests {
    @Test func routesWithPathParametersAndQueryStrings() throws {
        let app = try TestServer()
        defer { app.stop() }
        #expect(app.port > 0)
        let hello = try fetch(port: app.port, "GET", "/hello")
        #expect(hello.status == 200)
        #expect(hello.text == "hello")
        #expect(hello.header("X-Request-Id")?.isEmpty == false)
        #expect(try fetch(port: app.port, "GET", "/items/db-east%2D1").text == "item db-east-1")
        #expect(try fetch(port: app.port, "GET", "/search?q=caf%C3%A9+au+lait").text == "q=café au lait")
    }

    @Test func unknownPathIs404AndWrongMethodIs405WithAllow() throws {
        let app = try TestServer()
        defer { app.stop() }
        let missing = try fetch(port: app.port, "GET", "/nowhere")
        #expect(missing.status == 404)
        let wrong = try fetch(port: app.port, "DELETE", "/hello")
        #expect(wrong.status == 405)
        #expect(wrong.header("Allow") == "GET, HEAD")
        let apiMissing = try fetch(port: app.port, "GET", "/api/nothing")
        #expect(apiMissing.status == 404)
        #expect(apiMissing.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect((apiMissing.json as? [String: Any])?["error"] != nil)
    }

    @Test func keepAliveAnswersTwoRequestsOnOneConnection() throws {
        let app = try TestServer()
        defer { app.stop() }
        let client = try RawHTTPClient(port: app.port)
        let first = try client.request("GET", "/hello")
        let second = try client.request("GET", "/items/7")
        #expect(first.status == 200)
        #expect(second.text == "item 7")
        #expect(first.header("Connection")?.lowercased() != "close")
        #expect(!client.isClosedByPeer())
        // Both went through one socket: the server saw two requests, the client opened one connection.
        #expect(app.handled.count == 2)
    }

    @Test func hundredConcurrentClientsAreAllAnswered() throws {
        let app = try TestServer { $0.perIPConnectionLimit = 200 }
        defer { app.stop() }
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 100) { i in
            let response = try? fetch(port: app.port, "GET", "/items/\(i)")
            results.record(response?.status == 200 && response?.text == "item \(i)")
        }
        #expect(results.successes == 100)
    }

    @Test func urlencodedFormsKeepRepeatedFields() throws {
        let app = try TestServer()
        defer { app.stop() }
        let response = try fetch(port: app.port, "POST", "/items", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                 body: Array("name=DB+cluster+%C3%A9ast&tag=a&tag=b".utf8))
        #expect(response.text == "created DB cluster éast tags=a,b")
    }

    @Test(arguments: ["name=%zz", "name=%E", "name=%C3%28"])
    func malformedPercentEncodingIs400(body: String) throws {
        let app = try TestServer()
        defer { app.stop() }
        let response = try fetch(port: app.port, "POST", "/items", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(body.utf8))
        #expect(response.status == 400)
        #expect(response.text.contains("Bad Request"))
    }

    @Test func malformedPercentEncodingInThePathIs400() throws {
        let app = try TestServer()
        defer { app.stop() }
        #expect(try fetch(port: app.port, "GET", "/items/%G1").status == 400)
    }

    @Test func multipartUploadDeliversFileAndFields() throws {
        let app = try TestServer()
        defer { app.stop() }
        let boundary = "----forewarnBoundary42"
        let body = """
            --\(boundary)\r
            Content-Disposition: form-data; name="kind"\r
            \r
            servers\r
            --\(boundary)\r
            Content-Disposition: form-data; name="csv"; filename="servers.csv"\r
            Content-Type: text/csv\r
            \r
            name,region\r
            db-1,eu\r
            --\(boundary)--\r

            """
        let response = try fetch(port: app.port, "POST", "/upload", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: Array(body.utf8))
        #expect(response.status == 200)
        #expect(response.text == "servers:servers.csv:text/csv:20:name,region\r\ndb-1,eu")
    }

    @Test func multipartWithoutBoundaryIs400() throws {
        let app = try TestServer()
        defer { app.stop() }
        let response = try fetch(port: app.port, "POST", "/upload", headers: ["Content-Type": "multipart/form-data"], body: Array("x".utf8))
        #expect(response.status == 400)
    }

    @Test func jsonBodiesDecodeAndBadJSONIsAClearError() throws {
        let app = try TestServer()
        defer { app.stop() }
        let ok = try fetch(port: app.port, "POST", "/api/echo", headers: ["Content-Type": "application/json"], body: Array(#"{"name":"pg-3","count":2}"#.utf8))
        #expect(ok.status == 200)
        #expect(ok.text == #"{"count":2,"name":"pg-3"}"#)
        let broken = try fetch(port: app.port, "POST", "/api/echo", headers: ["Content-Type": "application/json"], body: Array(#"{"name": "#.utf8))
        #expect(broken.status == 400)
        let message = ((broken.json as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
        #expect(message?.contains("not valid JSON") == true)
        let missing = try fetch(port: app.port, "POST", "/api/echo", headers: ["Content-Type": "application/json"], body: Array(#"{"name":"x"}"#.utf8))
        #expect(missing.status == 422)
        #expect(missing.text.contains("count"))
    }

    @Test func oversizedBodyIs413AndNothingIsProcessed() throws {
        let app = try TestServer { $0.maxBodyBytes = 1024 }
        defer { app.stop() }
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 4096)
        let response = try fetch(port: app.port, "POST", "/count", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: big)
        #expect(response.status == 413)
        #expect(app.counterBox.count == 0)
        // Chunked bodies have no Content-Length up front: the limit must still hold.
        let client = try RawHTTPClient(port: app.port)
        let chunk = String(repeating: "b", count: 800)
        try client.send("POST /count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n320\r\n\(chunk)\r\n320\r\n\(chunk)\r\n0\r\n\r\n")
        let chunked = try client.readResponse()
        #expect(chunked.status == 413)
        #expect(app.counterBox.count == 0)
        // A body within the limit still works.
        let small = try fetch(port: app.port, "POST", "/count", headers: ["Content-Type": "text/plain"], body: Array("ok".utf8))
        #expect(small.status == 200)
        #expect(app.counterBox.count == 1)
    }

    @Test func oversizedHeaderIs431() throws {
        let app = try TestServer { $0.maxHeaderBytes = 2048 }
        defer { app.stop() }
        let response = try fetch(port: app.port, "GET", "/hello", headers: ["Cookie": String(repeating: "x", count: 4000)])
        #expect(response.status == 431)
        #expect(response.text.contains("larger than"))
        // Far beyond the connection memory: libmicrohttpd itself answers 431.
        let huge = try fetch(port: app.port, "GET", "/hello", headers: ["X-Big": String(repeating: "y", count: 200_000)])
        #expect(huge.status == 431)
    }

    /// With the default limits, a head just under `maxHeaderBytes` (16 KiB: one large cookie, or many headers) is
    /// answered on a keep-alive connection, again and again (so the per-connection memory libmicrohttpd is given is
    /// enough for the largest head we accept), and one just over it gets a 431 (libmicrohttpd's own at this size; ours,
    /// with its message, in `oversizedHeaderIs431`).
    @Test func headsUpToTheDefaultLimitAreAnsweredAndLargerOnesGet431() throws {
        let app = try TestServer()
        defer { app.stop() }
        let limit = ServerConfiguration().maxHeaderBytes
        let client = try RawHTTPClient(port: app.port)
        for _ in 0..<3 {
            let big = try client.request("GET", "/hello", headers: ["Cookie": "a=" + String(repeating: "x", count: limit - 400)])
            #expect(big.status == 200)
            var many: [String: String] = [:]
            for i in 0..<150 { many["X-Header-\(i)"] = String(repeating: "v", count: (limit - 2400) / 150) }
            #expect(try client.request("GET", "/hello", headers: many).status == 200)
        }
        let over = try fetch(port: app.port, "GET", "/hello", headers: ["Cookie": "a=" + String(repeating: "x", count: limit + 100)])
        #expect(over.status == 431)
    }

    @Test func staticFilesHaveETagsAndAnswer304() throws {
        let app = try TestServer()
        defer { app.stop() }
        let first = try fetch(port: app.port, "GET", "/static/site.css")
        #expect(first.status == 200)
        #expect(first.text == "body { color: red; }")
        #expect(first.header("Content-Type") == "text/css; charset=utf-8")
        #expect(first.header("Cache-Control")?.contains("max-age") == true)
        let etag = try #require(first.header("ETag"))
        let second = try fetch(port: app.port, "GET", "/static/site.css", headers: ["If-None-Match": etag])
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
        let stale = try fetch(port: app.port, "GET", "/static/site.css", headers: ["If-None-Match": "\"other\""])
        #expect(stale.status == 200)
        #expect(try fetch(port: app.port, "GET", "/static/../TestServer.swift").status == 404)
        #expect(try fetch(port: app.port, "GET", "/static/.hidden").status == 404)
    }

    @Test func connectionsAreSharedByBothRequestThreads() throws {
        // libmicrohttpd's own accepting put every connection of a burst on one pool thread: a handler there held up
        // the other connections while the second thread idled. Two connections opened one after the other now run
        // their handlers at the same time (each waits up to 3 s for the other), on either order of opening.
        let app = try TestServer()
        defer { app.stop() }
        for _ in 0..<3 {
            let clients = try (0..<2).map { _ in try RawHTTPClient(port: app.port) }
            let results = ResultBox()
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                results.record((try? clients[i].request("GET", "/together"))?.text == "together")
            }
            #expect(results.successes == 2)
        }
    }

    @Test func shutdownLetsAnInFlightRequestFinish() throws {
        let app = try TestServer()
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let client = try RawHTTPClient(port: app.port)
        Thread.detachNewThread {
            let response = try? client.request("GET", "/slow")
            result.record(response?.status == 200 && response?.text == "finished")
            done.signal()
        }
        // Wait until the slow request is inside the server, then stop it.
        let deadline = Date().addingTimeInterval(5)
        while app.server.inFlight == 0 && Date() < deadline { usleep(2_000) }
        #expect(app.server.inFlight == 1)
        app.stop()
        done.wait()
        #expect(result.successes == 1)
        // After shutdown nothing listens any more.
        #expect(throws: (any Error).self) { try fetch(port: app.port, "GET", "/hello") }
    }
}

/// Counts successes from many threads.
final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func record(_ ok: Bool) {
        lock.lock()
        if ok { count += 1 }
        lock.unlock()
    }
    var successes: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

@Suite("Static files and the work pool")
struct StaticAndPoolTests {
    @Test func gzipVariantsFingerprintsAndPrebuiltAnswers() throws {
        let app = try TestServer()
        defer { app.stop() }
        let plain = try fetch(port: app.port, "GET", "/static/big.css")
        #expect(plain.status == 200 && plain.header("Content-Encoding") == nil)
        #expect(plain.header("Vary") == "Accept-Encoding")
        let packed = try fetch(port: app.port, "GET", "/static/big.css", headers: ["Accept-Encoding": "br, gzip;q=0.8"])
        #expect(packed.header("Content-Encoding") == "gzip")
        #expect(packed.body.count < plain.body.count / 3 && Array(packed.body.prefix(2)) == [0x1f, 0x8b])
        #expect(try gunzip(packed.body) == plain.body)
        #expect(packed.header("ETag") != plain.header("ETag"))
        // q=0 refuses gzip.
        #expect(try fetch(port: app.port, "GET", "/static/big.css", headers: ["Accept-Encoding": "gzip;q=0"]).header("Content-Encoding") == nil)
        // Either entity tag validates.
        #expect(try fetch(port: app.port, "GET", "/static/big.css", headers: ["Accept-Encoding": "gzip", "If-None-Match": packed.header("ETag")!]).status == 304)
        // The fingerprinted name serves the same bytes, cached for a year; the static files never reach the handler.
        let handled = app.handled.count
        let url = app.files.url(for: "big.css")
        #expect(url.hasPrefix("/static/big.") && url.hasSuffix(".css") && url != "/static/big.css")
        let fingerprinted = try fetch(port: app.port, "GET", url)
        #expect(fingerprinted.body == plain.body)
        #expect(fingerprinted.header("Cache-Control") == "public, max-age=31536000, immutable")
        #expect(try fetch(port: app.port, "HEAD", url).body.isEmpty)
        #expect(app.handled.count == handled)
        // A small file with no gain from gzip is sent as it is.
        #expect(try fetch(port: app.port, "GET", "/static/site.css", headers: ["Accept-Encoding": "gzip"]).text == "body { color: red; }")
    }

    @Test func slowWorkRunsOnThePoolAndAFullPoolAnswers503() throws {
        let app = try TestServer { $0.workThreads = 1; $0.workQueueLimit = 0 }
        defer { app.stop() }
        #expect(try fetch(port: app.port, "GET", "/offload").text == "done on the pool")
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        // The first job's thread may not be back in the pool yet (seen under load): try until it is, never wait blind.
        var submitted = false
        for _ in 0..<500 where !submitted {
            submitted = app.server.workPool.submit { started.signal(); release.wait() }
            if !submitted { usleep(10_000) }
        }
        try #require(submitted)
        started.wait()
        let refused = try fetch(port: app.port, "GET", "/offload")
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "5")
        #expect(try fetch(port: app.port, "GET", "/hello").text == "hello")
        release.signal()
        var answer = refused
        for _ in 0..<50 where answer.status == 503 {
            usleep(10_000)
            answer = try fetch(port: app.port, "GET", "/offload")
        }
        #expect(answer.status == 200 && answer.text == "done on the pool")
    }

    @Test func poolThreadsRunBelowTheRequestThreadsInTheKernelsEyes() throws {
        // Read from /proc by the answering thread itself: nice (field 19) and scheduling policy (field 41).
        let app = try TestServer()
        defer { app.stop() }
        func niceAndPolicy(_ path: String) throws -> (nice: Int, policy: Int) {
            let stat = try fetch(port: app.port, "GET", path).text
            // Fields after the command name in parentheses start with field 3 (state).
            let fields = try #require(stat.split(separator: ")").last).split(separator: " ")
            return (try #require(Int(fields[19 - 3])), try #require(Int(fields[41 - 3])))
        }
        let request = try niceAndPolicy("/thread-stat")
        let pool = try niceAndPolicy("/offload/thread-stat")
        #expect(request.policy == 0) // SCHED_OTHER
        #expect(pool.policy == 3) // SCHED_BATCH
        #expect(pool.nice == min(19, request.nice + 5))
    }

    func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let folder = temporaryDirectory()
        let path = folder + "/body.gz"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return [UInt8](data)
    }
}
