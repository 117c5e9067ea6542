import Foundation

/// Where a Forewarn database lives: an SQLite file (a path or a `file:` URL) or a PostgreSQL database
/// (`postgres://` / `postgresql://` URL). Any other URL scheme is refused, so that a typo never becomes a folder.
public enum DatabaseLocation: Equatable, Sendable {
    case sqlite(path: String)
    case postgres(url: String)

    /// Reads a `--db` value or `FOREWARN_DATABASE_URL`.
    public static func parse(_ value: String) throws -> DatabaseLocation {
        guard let scheme = urlScheme(of: value) else { return .sqlite(path: value) }
        switch scheme.lowercased() {
        case "postgres", "postgresql":
            return .postgres(url: value)
        case "file":
            var rest = String(value.dropFirst("file:".count))
            if rest.hasPrefix("//") {
                rest = String(rest.dropFirst(2))
                // file://localhost/path or file:///path: the authority must be empty or localhost.
                let authority = rest.prefix { $0 != "/" }
                guard authority.isEmpty || authority == "localhost" else {
                    throw StoreOpenError(path: value, reason: "a file: URL names a file on this machine (file:///path), not on \(authority)")
                }
                rest = String(rest.dropFirst(authority.count))
            }
            let path = rest.removingPercentEncoding ?? rest
            guard !path.isEmpty else { throw StoreOpenError(path: value, reason: "the file: URL names no file") }
            return .sqlite(path: path)
        default:
            throw StoreOpenError(path: value, reason: "unsupported scheme \"\(scheme):\"; use a file path, file:///path, or postgres://user@host:port/dbname")
        }
    }

    /// The scheme of a URL-looking value: `scheme://…`, or `file:` / `postgres:` / `postgresql:` without slashes.
    /// A plain file name with a colon (`backup:2027.sqlite`) is still a path.
    static func urlScheme(of value: String) -> String? {
        guard let colon = value.firstIndex(of: ":") else { return nil }
        let scheme = value[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }) else { return nil }
        let rest = value[value.index(after: colon)...]
        if rest.hasPrefix("//") || ["file", "postgres", "postgresql"].contains(scheme.lowercased()) { return String(scheme) }
        return nil
    }

    /// The value for messages: a PostgreSQL URL without its password.
    public var displayName: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url):
            guard var components = URLComponents(string: url), components.password != nil else { return url }
            components.password = "***"
            return components.string ?? url
        }
    }
}
