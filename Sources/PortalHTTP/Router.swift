/// Method + path-pattern routing with `:name` parameters; a path that exists under another method answers 405 with `Allow`.
///
/// Generic over the handler so the application can route to actions of its own shape.
public struct Router<Handler: Sendable>: Sendable {
    @usableFromInline
    struct Route: Sendable {
        @usableFromInline let method: String
        @usableFromInline let segments: [Segment]
        @usableFromInline let handler: Handler
        let pattern: String
    }

    @usableFromInline
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    @usableFromInline private(set) var routes: [Route] = []
    /// The indexes of the routes with n segments at [n], in order: a path is only tried against routes of its length
    /// (the only ones `bind` can match), so the first match is the same as scanning the whole table.
    @usableFromInline var bySegmentCount: [[Int]] = []

    public init() {}

    public mutating func add(_ method: String, _ pattern: String, _ handler: Handler) {
        let segments = pattern.split(separator: "/").map { part -> Segment in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(String(part))
        }
        while bySegmentCount.count <= segments.count { bySegmentCount.append([]) }
        bySegmentCount[segments.count].append(routes.count)
        routes.append(Route(method: method, segments: segments, handler: handler, pattern: pattern))
    }

    public mutating func get(_ pattern: String, _ handler: Handler) { add("GET", pattern, handler) }
    public mutating func post(_ pattern: String, _ handler: Handler) { add("POST", pattern, handler) }
    public mutating func put(_ pattern: String, _ handler: Handler) { add("PUT", pattern, handler) }
    public mutating func patch(_ pattern: String, _ handler: Handler) { add("PATCH", pattern, handler) }
    public mutating func delete(_ pattern: String, _ handler: Handler) { add("DELETE", pattern, handler) }

    /// Replaces the handler of every route for which `transform` returns one (marking routes after the table is built).
    public mutating func update(_ transform: (_ method: String, _ pattern: String, _ handler: Handler) -> Handler?) {
        routes = routes.map { route in
            guard let handler = transform(route.method, route.pattern, route.handler) else { return route }
            return Route(method: route.method, segments: route.segments, handler: handler, pattern: route.pattern)
        }
    }

    /// Every registered route with its handler, in order.
    public var entries: [(method: String, pattern: String, handler: Handler)] { routes.map { ($0.method, $0.pattern, $0.handler) } }

    /// Every registered (method, pattern), in order: the routes table as data.
    public var table: [(method: String, pattern: String)] { routes.map { ($0.method, $0.pattern) } }

    /// The handler and parameters for a request, or the HTTPError (404 / 405) to answer with. Inlinable: specialised
    /// for the application's handler type, every request matches without generic metadata lookups.
    @inlinable
    public func match(method: String, path: String) -> Result<(Handler, [String: String]), HTTPError> {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed: [String] = []
        for index in parts.count < bySegmentCount.count ? bySegmentCount[parts.count] : [] {
            let route = routes[index]
            guard let parameters = Router.bind(route.segments, to: parts) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                return .success((route.handler, parameters))
            }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if allowed.isEmpty { return .failure(.notFound()) }
        if allowed.contains("GET") && !allowed.contains("HEAD") { allowed.append("HEAD") }
        let list = allowed.joined(separator: ", ")
        return .failure(HTTPError(405, "This address does not accept \(method) requests (it accepts \(list)).", headers: ["Allow": list]))
    }

    @inlinable
    static func bind(_ segments: [Segment], to parts: [Substring]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text): if text != part { return nil }
            case .parameter(let name): parameters[name] = String(part)
            }
        }
        return parameters
    }
}
