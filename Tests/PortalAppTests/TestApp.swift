import ForewarnTestSupport
import Foundation
import Logging
import PortalApp
import PortalHTTP
import PortalStore

/// The whole application on a temporary SQLite file and a real daemon on port 0.
final class TestApp: @unchecked Sendable {
    let app: Application
    let folder: String
    var port: UInt16 { app.port }

    static func start(configure: (inout AppConfiguration) -> Void = { _ in }) throws -> TestApp {
        try TestApp(configure: configure)
    }

    /// A new application on the database (and secret key) of `previous`, which was stopped: a restart.
    static func restart(_ previous: TestApp, configure: (inout AppConfiguration) -> Void = { _ in }) throws -> TestApp {
        try TestApp(reusing: previous, configure: configure)
    }

    private init(reusing previous: TestApp? = nil, configure: (inout AppConfiguration) -> Void) throws {
        folder = previous?.folder ?? temporaryDirectory()
        var configuration = AppConfiguration()
        configuration.databasePath = try previous?.app.context.configuration.databasePath ?? testDatabase(in: folder)
        configuration.secretKeyPath = folder + "/forewarn.sqlite.key"
        configuration.resourcesPath = repositoryRoot + "/Resources"
        configuration.server.port = 0
        configuration.server.threads = 2
        configuration.computesServiceLevels = false
        configure(&configuration)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        app = try Application(configuration: configuration, logger: logger)
        try app.start()
        // Every test acts as a signed-in admin unless it says otherwise (`anonymous: true`).
        let (session, token) = try app.context.store.write { db -> (String, String) in
            var id = try AccountStore.findUser(db, login: "tester")?.id
            if id == nil {
                // One argon2id hash per test process: hashing is deliberately slow.
                try db.run("INSERT INTO users (login, display_name, role, password_hash, created_at, password_changed_at) VALUES ('tester', 'Test Admin', 'admin', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", [TestApp.passwordHash])
                id = db.lastInsertRowID
            }
            guard let id else { throw ClientError("no tester") }
            return (try SessionStore.create(db, userID: id), try AccountStore.createToken(db, userID: id, name: "tests", scope: "write"))
        }
        self.session = session
        self.token = token
    }

    let session: String
    let token: String
    static let password = "a long enough password"
    static let passwordHash: String = (try? Secrets.hashPassword(password)) ?? ""

    /// A request with this app's admin identity: the API token under /api/, the session cookie elsewhere.
    func fetch(_ method: String = "GET", _ target: String, headers: [String: String] = [:], body: [UInt8] = [], anonymous: Bool = false) throws -> RawResponse {
        var all = headers
        if !anonymous {
            if target.hasPrefix("/api/") && all["Authorization"] == nil {
                all["Authorization"] = "Bearer \(token)"
            } else {
                all["Cookie"] = [all["Cookie"], "forewarn_session=\(session)"].compactMap { $0 }.joined(separator: "; ")
            }
        }
        return try ForewarnTestSupport.fetch(port: port, method, target, headers: all, body: body)
    }

    func stop() { app.shutdown() }

    /// Loads the fixture inventory (every kind, in import order).
    func importFixture() throws {
        for (kind, csv) in InventoryFixture.files {
            try app.context.store.write { db in _ = try PortalStoreImport.importRows(db, kind: kind, csv: csv) }
        }
    }

    /// The CSRF token a page handed out in its `forewarn_csrf` cookie.
    static func csrfToken(_ page: RawResponse) throws -> String {
        let cookie = page.headers.first { $0.name == "Set-Cookie" && $0.value.hasPrefix("forewarn_csrf=") }?.value ?? ""
        guard let value = cookie.split(separator: ";").first?.dropFirst("forewarn_csrf=".count), !value.isEmpty else {
            throw ClientError("the page set no forewarn_csrf cookie")
        }
        return String(value)
    }

    func get(_ target: String, headers: [String: String] = [:]) throws -> RawResponse {
        try fetch("GET", target, headers: headers)
    }

    func post(_ target: String, form: [(String, String)], headers: [String: String] = [:]) throws -> RawResponse {
        let body = form.map { URLEncoding.encode($0.0) + "=" + URLEncoding.encode($0.1) }.joined(separator: "&")
        var all = headers
        all["Content-Type"] = "application/x-www-form-urlencoded"
        return try fetch("POST", target, headers: all, body: Array(body.utf8))
    }

    func postJSON(_ target: String, _ json: String, headers: [String: String] = [:]) throws -> RawResponse {
        var all = headers
        all["Content-Type"] = "application/json"
        return try fetch("POST", target, headers: all, body: Array(json.utf8))
    }
}
