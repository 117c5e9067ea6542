import ForewarnTestSupport
import Foundation
import Logging
import PortalApp
import PortalHTTP

/// The whole application on a temporary SQLite file and a real daemon on port 0.
final class TestApp: @unchecked Sendable {
    let app: Application
    let folder: String
    var port: UInt16 { app.port }

    static func start(configure: (inout AppConfiguration) -> Void = { _ in }) throws -> TestApp {
        try TestApp(configure: configure)
    }

    private init(configure: (inout AppConfiguration) -> Void) throws {
        folder = temporaryDirectory()
        var configuration = AppConfiguration()
        configuration.databasePath = folder + "/forewarn.sqlite"
        configuration.resourcesPath = repositoryRoot + "/Resources"
        configuration.server.port = 0
        configuration.server.threads = 2
        configure(&configuration)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        app = try Application(configuration: configuration, logger: logger)
        try app.start()
    }

    func stop() { app.shutdown() }

    func get(_ target: String, headers: [String: String] = [:]) throws -> RawResponse {
        try fetch(port: port, "GET", target, headers: headers)
    }

    func post(_ target: String, form: [(String, String)], headers: [String: String] = [:]) throws -> RawResponse {
        let body = form.map { URLEncoding.encode($0.0) + "=" + URLEncoding.encode($0.1) }.joined(separator: "&")
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return try fetch(port: port, "POST", target, headers: all, body: Array(body.utf8))
    }

    func postJSON(_ target: String, _ json: String, headers: [String: String] = [:]) throws -> RawResponse {
        var all = headers
        all["Content-Type"] = "application/json"
        return try fetch(port: port, "POST", target, headers: all, body: Array(json.utf8))
    }
}
