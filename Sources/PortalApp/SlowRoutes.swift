import PortalHTTP

/// The routes whose work takes long enough to hold a request thread hostage (argon2id hashing, PDF rendering, CSV
/// import, the big report and impact pages that reload or walk the whole inventory). They run on the server's work
/// pool; when it is full the caller gets 503 with Retry-After at once instead of a stalled server.
enum SlowRoutes {
    static let all: Set<String> = [
        "POST /login", "POST /account/password", "POST /users", "POST /users/:id",
        "GET /downtimes/:id/report", "GET /downtimes/:id/report.pdf", "GET /api/v1/downtimes/:id/report.pdf",
        "GET /incidents/:id/postmortem.pdf", "GET /api/v1/incidents/:id/postmortem.pdf",
        "POST /import", "POST /api/v1/impact", "POST /downtimes", "POST /downtimes/:id",
    ]

    static func mark(_ routes: inout Router<Route>) {
        routes.update { method, pattern, route in
            guard all.contains(method + " " + pattern) else { return nil }
            var slow = route
            slow.offloaded = true
            return slow
        }
    }
}
