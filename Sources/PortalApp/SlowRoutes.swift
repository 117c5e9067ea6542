import PortalHTTP

/// The routes whose work takes long enough to hold a request thread hostage (argon2id hashing, PDF rendering, CSV
/// import, the big report and impact pages that reload or walk the whole inventory). They run on the server's work
/// pool; when it is full the caller gets 503 with Retry-After at once instead of a stalled server.
enum SlowRoutes {
    static let all: Set<String> = [
        "POST /login", "POST /account/password", "POST /users", "POST /users/:id",
        "GET /downtimes/:id/report", "GET /downtimes/:id/report.pdf", "GET /api/v1/downtimes/:id/report.pdf",
        "GET /incidents/:id/postmortem.pdf", "GET /api/v1/incidents/:id/postmortem.pdf",
        "POST /import", "POST /api/v1/impact",
    ]
    // Not here: the declaration form (`POST /downtimes`, `/downtimes/:id`). Its preview shows 50 rows per list and
    // costs 17–33 ms of CPU at 100,000 servers; on the pool it waited behind sign-ins (75–365 ms server time).

    /// Routes that are slow only for some requests. The impact API's first page costs 9–36 ms of CPU at 100,000
    /// servers (the region's `include=all`, 300 ms): on the pool, one thread at nice 5 shared with argon2id sign-ins,
    /// the first page waited 0.2–1.3 s on a busy machine for that work.
    static let onlyWhen: [String: @Sendable (Request) -> Bool] = [
        "POST /api/v1/impact": { $0.queryValue("include") == "all" },
    ]

    static func mark(_ routes: inout Router<Route>) {
        routes.update { method, pattern, route in
            guard all.contains(method + " " + pattern) else { return nil }
            var slow = route
            slow.offloaded = true
            slow.offloadedOnlyWhen = onlyWhen[method + " " + pattern]
            return slow
        }
    }
}
