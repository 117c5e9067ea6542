import Foundation

/// One HTTP request, fully read (headers and the size-limited body) before a handler sees it.
public struct Request: Sendable {
    public let method: String
    /// The decoded path, without the query string.
    public let path: String
    /// The target as sent: path and query, still encoded.
    public let rawTarget: String
    public let query: [(name: String, value: String)]
    /// Header names as sent; look them up with `header(_:)`, which ignores case.
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]
    public let clientAddress: String
    public let requestID: String
    /// Path parameters filled by the router (`/servers/:id` → `id`).
    public var parameters: [String: String] = [:]
    /// Who is asking, set by the application once it has checked the credentials. Opaque here (PortalHTTP knows no
    /// users or roles); the application reads it back through its own typed accessor (`request.identity`).
    public var principal: (any Sendable)?
    /// The CSRF token the application issued for this request, which the page's forms embed.
    public var csrfToken: String = ""
    /// The Cookie header, found once (a signed-in page looks up three or four cookies).
    private let cookieHeader: String?

    public init(method: String, rawTarget: String, headers: [(name: String, value: String)], body: [UInt8] = [],
                clientAddress: String = "", requestID: String = "") throws {
        self.method = method
        self.rawTarget = rawTarget
        self.headers = headers
        self.body = body
        self.clientAddress = clientAddress
        self.requestID = requestID
        self.cookieHeader = headers.first { ASCII.equalsIgnoringCase($0.name, "cookie") }?.value
        let target = Substring(rawTarget)
        let pathPart: Substring
        if let q = target.firstIndex(of: "?") {
            pathPart = target[..<q]
            query = try URLEncoding.parsePairs(target[target.index(after: q)...])
        } else {
            pathPart = target
            query = []
        }
        let decoded = try URLEncoding.decode(pathPart, plusIsSpace: false)
        guard decoded.hasPrefix("/"), !decoded.utf8.contains(0) else { throw HTTPError.badRequest("The request path is not valid.") }
        path = decoded
    }

    /// The first header with this (case-insensitive) name.
    public func header(_ name: String) -> String? {
        headers.first { ASCII.equalsIgnoringCase($0.name, name) }?.value
    }

    /// The first query value with this name.
    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// A path parameter; a missing one is a routing bug, answered as 404.
    public func parameter(_ name: String) throws -> String {
        guard let value = parameters[name] else { throw HTTPError.notFound() }
        return value
    }

    /// Cookies sent by the client, by name.
    public var cookies: [String: String] { Cookies.parse(cookieHeader ?? "") }
    /// One cookie's value (cheaper than `cookies` when only a name or two is wanted).
    public func cookie(_ name: String) -> String? { cookieHeader.flatMap { Cookies.value(named: name, in: $0) } }

    public var contentType: String { HeaderValue.mediaType(header("content-type") ?? "") }

    /// The API is addressed by path, so errors there are JSON.
    public var wantsJSON: Bool { path.hasPrefix("/api/") || path == "/healthz" }

    /// The form body, urlencoded or multipart.
    public func form() throws -> FormData {
        switch contentType {
        case "application/x-www-form-urlencoded", "":
            guard let text = String(validating: body, as: UTF8.self) else { throw HTTPError.badRequest("The form body is not valid UTF-8.") }
            return FormData(fields: try URLEncoding.parsePairs(Substring(text)).map { (name: $0.0, value: $0.1) })
        case "multipart/form-data":
            return try Multipart.parse(body: body, contentType: header("content-type") ?? "")
        default:
            throw HTTPError(415, "Forms must be sent as application/x-www-form-urlencoded or multipart/form-data, not \(contentType).")
        }
    }

    /// Decodes a JSON body; malformed JSON is a 400 with the decoder's reason.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard contentType == "application/json" || contentType.hasSuffix("+json") else {
            throw HTTPError(415, "Send the request body as JSON with Content-Type: application/json.")
        }
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch let DecodingError.dataCorrupted(context) {
            throw HTTPError.badRequest("The body is not valid JSON: \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, _) {
            throw HTTPError(422, "The field \"\(key.stringValue)\" is required.", fields: [key.stringValue: "is required"])
        } catch let DecodingError.typeMismatch(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw HTTPError(422, "The field \"\(field)\" has the wrong type: \(context.debugDescription)", fields: [field: "has the wrong type"])
        } catch let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw HTTPError(422, "The field \"\(field)\" must not be null.", fields: [field: "must not be null"])
        } catch {
            throw HTTPError.badRequest("The body is not valid JSON.")
        }
    }

    /// A JSON object body as a dictionary, for handlers that validate fields one by one.
    public func jsonObject() throws -> [String: Any] {
        guard contentType == "application/json" || contentType.hasSuffix("+json") else {
            throw HTTPError(415, "Send the request body as JSON with Content-Type: application/json.")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)), let dictionary = object as? [String: Any] else {
            throw HTTPError.badRequest("The body is not a valid JSON object.")
        }
        return dictionary
    }
}
