import Foundation

/// A complete HTTP response.
public struct Response: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Set for a long-lived body (Server-Sent Events): `body` is sent first, then what is written to the stream.
    public var stream: ResponseStream?
    /// Set for slow work: the server runs it on its work pool (the connection waits, suspended, holding no request
    /// thread) and sends what it returns; 503 with Retry-After when the pool is full.
    public var offloaded: (@Sendable () -> Response)?
    /// Set on a response answered many times unchanged (a kept page): the server queues one libmicrohttpd object for
    /// all of them while status, headers and body stay those it was built from (`ReusableAnswer`).
    public var reusable: ReusableAnswer?

    public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/event-stream` response fed by `stream` (which starts with `body`).
    public static func eventStream(_ stream: ResponseStream, first: [UInt8] = []) -> Response {
        var response = Response(status: 200, headers: [("Content-Type", "text/event-stream; charset=utf-8"), ("Cache-Control", "no-store"),
                                                       ("X-Accel-Buffering", "no")], body: [])
        if !first.isEmpty { stream.write(first) }
        response.stream = stream
        return response
    }

    /// A response computed on the server's work pool rather than on the request thread.
    public static func offloaded(_ work: @escaping @Sendable () -> Response) -> Response {
        var response = Response(status: 202)
        response.offloaded = work
        return response
    }

    public func header(_ name: String) -> String? {
        headers.first { ASCII.equalsIgnoringCase($0.name, name) }?.value
    }

    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { ASCII.equalsIgnoringCase($0.name, name) }
        headers.append((name, value))
    }

    public static func html(_ html: String, status: Int = 200) -> Response {
        Response(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(html.utf8))
    }

    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    /// Encodes a value as JSON with sorted keys (stable output for scripts and tests).
    public static func json<T: Encodable>(_ value: T, status: Int = 200) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(data))
    }

    /// A JSON body built from plain dictionaries and arrays.
    public static func jsonObject(_ object: Any, status: Int = 200) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(data))
    }

    /// 303 See Other: the POST-redirect-GET answer.
    public static func redirect(to location: String, status: Int = 303) -> Response {
        Response(status: status, headers: [("Location", location)], body: [])
    }
}

/// Allocation-free ASCII helpers for header names on the hot path.
public enum ASCII {
    /// Case-insensitive equality of two ASCII header names, without lowercasing copies.
    @inlinable
    public static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        // Most names compared differ in length: answered without touching their bytes.
        guard a.utf8.count == b.utf8.count else { return false }
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                guard x.count == y.count else { return false }
                for i in 0..<x.count {
                    let p = x[i], q = y[i]
                    if p == q { continue }
                    let lower = p | 0x20
                    guard lower == q | 0x20, lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { return false }
                }
                return true
            }
        }
    }
}
