/// An error a handler throws to answer with a status and a message the user can act on.
public struct HTTPError: Error, Sendable, Equatable {
    public let status: Int
    public let message: String
    /// Field-level problems, by form or JSON field name.
    public let fields: [String: String]
    /// Extra headers, such as `Allow` on a 405.
    public let headers: [String: String]

    public init(_ status: Int, _ message: String, fields: [String: String] = [:], headers: [String: String] = [:]) {
        self.status = status
        self.message = message
        self.fields = fields
        self.headers = headers
    }

    public static func badRequest(_ message: String) -> HTTPError { HTTPError(400, message) }
    public static func notFound(_ message: String = "The page you asked for does not exist.") -> HTTPError { HTTPError(404, message) }
}
