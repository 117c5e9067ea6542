import ForewarnTestSupport
import Foundation
import Logging
import PortalHTTP
import Synchronization

/// A real libmicrohttpd daemon on port 0 with a small routes table for the server tests.
final class TestServer: @unchecked Sendable {
    let server: HTTPServer
    let handled = Box()
    let staticRoot: String
    let files: StaticFiles
    var port: UInt16 { server.port }

    /// `logLevel`: info turns the access log on (and with it the ordinary path for static files).
    init(logLevel: Logger.Level = .warning, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.threads = 2
        configure(&configuration)
        staticRoot = temporaryDirectory()
        try "body { color: red; }".write(toFile: staticRoot + "/site.css", atomically: true, encoding: .utf8)
        try (0..<200).map { ".rule-\($0) { margin: \($0)px; }\n" }.joined().write(toFile: staticRoot + "/big.css", atomically: true, encoding: .utf8)
        let files = StaticFiles(root: staticRoot)
        self.files = files
        var router = Router<@Sendable (Request) throws -> Response>()
        let counter = Box()
        router.get("/hello") { _ in .text("hello") }
        router.get("/items/:id") { request in .text("item \(try request.parameter("id"))") }
        router.post("/items") { request in
            let form = try request.form()
            return .text("created \(form["name"] ?? "-") tags=\(form.all("tag").joined(separator: ","))")
        }
        router.post("/upload") { request in
            let form = try request.form()
            guard let file = form.file("csv") else { throw HTTPError(422, "no file") }
            return .text("\(form["kind"] ?? "-"):\(file.filename):\(file.contentType):\(file.data.count):\(String(decoding: file.data, as: UTF8.self))")
        }
        router.post("/api/echo") { request in
            struct Payload: Codable { let name: String; let count: Int }
            let payload = try request.decodeJSON(Payload.self)
            return .json(payload)
        }
        router.get("/offload") { _ in .offloaded { .text("done on the pool") } }
        // The kernel's view of the thread that answers: /proc/thread-self/stat on a request thread and on the pool.
        router.get("/thread-stat") { _ in .text(try String(contentsOfFile: "/proc/thread-self/stat", encoding: .utf8)) }
        router.get("/offload/thread-stat") { _ in .offloaded { .text((try? String(contentsOfFile: "/proc/thread-self/stat", encoding: .utf8)) ?? "") } }
        router.get("/search") { request in .text("q=\(request.queryValue("q") ?? "")") }
        router.get("/slow") { _ in
            usleep(600_000)
            return .text("finished")
        }
        let meeting = Rendezvous()
        router.get("/together") { _ in .text(meeting.arrive() ? "together" : "alone") }
        router.post("/count") { _ in
            counter.increment()
            return .text("counted")
        }
        self.counterBox = counter
        var logger = Logger(label: "test")
        logger.logLevel = logLevel
        let routes = router
        let handledCounter = handled
        server = HTTPServer(configuration: configuration, logger: logger, responder: { request in
            handledCounter.increment()
            if let file = files.respond(to: request) { return file }
            switch routes.match(method: request.method, path: request.path) {
            case .success(let (handler, parameters)):
                var routed = request
                routed.parameters = parameters
                do { return try handler(routed) } catch let error as HTTPError {
                    var response = HTTPServer.plainErrorResponse(RequestSummary(method: request.method, rawTarget: request.rawTarget, requestID: request.requestID), error)
                    response.status = error.status
                    return response
                } catch { return .text("bug", status: 500) }
            case .failure(let error):
                return HTTPServer.plainErrorResponse(RequestSummary(method: request.method, rawTarget: request.rawTarget, requestID: request.requestID), error)
            }
        }, staticFiles: files)
        try server.start()
    }

    let counterBox: Box

    func stop() { server.shutdown() }

    /// Two handlers meet here: the first waits (up to 3 s) for a second to arrive at the same time, which only happens
    /// when two request threads run handlers at once.
    final class Rendezvous: @unchecked Sendable {
        private let condition = NSCondition()
        private var inside = 0
        private var met = false
        func arrive() -> Bool {
            condition.lock()
            defer { condition.unlock() }
            inside += 1
            if inside >= 2 { met = true }
            condition.broadcast()
            let deadline = Date().addingTimeInterval(3)
            while !met && condition.wait(until: deadline) {}
            let together = met
            inside -= 1
            if inside == 0 { met = false }
            return together
        }
    }

    /// A thread-safe counter of requests that reached a handler.
    final class Box: @unchecked Sendable {
        private let value = Atomic<Int>(0)
        func increment() { value.add(1, ordering: .relaxed) }
        var count: Int { value.load(ordering: .relaxed) }
    }
}
