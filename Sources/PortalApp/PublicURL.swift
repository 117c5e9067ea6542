import Foundation
import PortalStore

/// The portal's public base URL, decided in one place for every link that is stored or sent: notices and their
/// reminders, the report's "Online report" link, the status page, the Atom and calendar feeds.
///
/// It comes from configuration only: `serve --public-url` (or `FOREWARN_PUBLIC_URL`), else the value saved on the
/// mail settings page, else `http://<--host>:<port>` as the server listens. Never from a request's `Host` header: a
/// request with `Host: evil.example` is still served, but it must not put evil.example into mail sent to everyone.
struct PublicURL: Sendable, Equatable {
    /// The settings key of the value saved on `/settings/mail`.
    static let settingKey = "portal.public_url"

    /// Where the base came from.
    enum Source: Sendable, Equatable {
        case commandLine, settingsPage, listeningAddress
    }

    /// `https://forewarn.example.com` (no trailing slash).
    let base: String
    let source: Source

    /// False while nothing names the public address (links then use the listening address, which readers may not reach).
    var isConfigured: Bool { source != .listeningAddress }

    /// The current base, reading the settings on a reader connection.
    static func current(_ context: AppContext) throws -> PublicURL {
        if let configured = fromConfiguration(context) { return configured }
        return try context.store.read { try current(context, $0) }
    }

    /// The current base, reading the settings on `db` (inside a write transaction, say).
    static func current(_ context: AppContext, _ db: Database) throws -> PublicURL {
        if let configured = fromConfiguration(context) { return configured }
        if let stored = try SettingsStore.value(db, settingKey), !stored.isEmpty { return PublicURL(base: stored, source: .settingsPage) }
        return PublicURL(base: listeningAddress(context), source: .listeningAddress)
    }

    static func fromConfiguration(_ context: AppContext) -> PublicURL? {
        guard let url = context.configuration.publicURL, !url.isEmpty else { return nil }
        return PublicURL(base: url, source: .commandLine)
    }

    /// `http://<configured host>:<port>`: the bound port once the server listens, else the configured one.
    static func listeningAddress(_ context: AppContext) -> String {
        let host = context.configuration.server.host
        let port = context.listeningPort.value ?? context.configuration.server.port
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// A typed base URL cleaned for storage (`https://host[:port][/path]`, no trailing slash, no query or fragment),
    /// or nil when it is not one.
    static func normalized(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 500, let components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
              components.query == nil, components.fragment == nil else { return nil }
        return trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
    }
}

/// The port the HTTP server is bound to, known once it listens (port 0 picks a free one).
public final class ListeningPort: @unchecked Sendable {
    private let lock = NSLock()
    private var port: UInt16?

    public init() {}

    public var value: UInt16? {
        lock.lock()
        defer { lock.unlock() }
        return port
    }

    func set(_ value: UInt16) {
        lock.lock()
        defer { lock.unlock() }
        port = value
    }
}
