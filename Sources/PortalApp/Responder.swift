import Foundation
import Logging
import PortalCore
import PortalHTTP
import PortalStore

/// Turns a request into a response: static files, the routes table, error pages and the headers every response carries.
enum Responder {
    static let securityHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]

    static func respond(to request: Request, routes: Router<Route>, context: AppContext) -> Response {
        var response: Response
        if request.method == "GET" || request.method == "HEAD", let file = context.staticFiles.respond(to: request) {
            response = file
        } else {
            switch routes.match(method: request.method, path: request.path) {
            case .success(let (route, parameters)):
                var routed = request
                routed.parameters = parameters
                if route.offloaded, route.offloadedOnlyWhen?(routed) ?? true {
                    // The whole pipeline (session, CSRF, action) runs on the work pool; so does the session lookup.
                    return .offloaded { [routed] in
                        var response = answer(routed, route: route, context: context)
                        addCommonHeaders(&response)
                        return response
                    }
                }
                response = answer(routed, route: route, context: context)
            case .failure(let error):
                response = errorResponse(request: request, error: error, context: context)
            }
        }
        addCommonHeaders(&response)
        return response
    }

    /// Checks CSRF, identifies and authorizes the caller, runs the action, and turns errors into pages.
    static func answer(_ routed: Request, route: Route, context: AppContext) -> Response {
        guard context.configuration.reportsStatementCounts else { return answerCounted(routed, route: route, context: context) }
        StatementCounter.reset()
        var response = answerCounted(routed, route: route, context: context)
        response.setHeader("X-Statement-Count", String(StatementCounter.count))
        return response
    }

    private static func answerCounted(_ routed: Request, route: Route, context: AppContext) -> Response {
        var routed = routed
        let request = routed
        var response: Response
        let csrf = CSRF.token(for: request)
        routed.csrfToken = csrf.token
        do {
            try CSRF.verify(routed)
            let identity = try Authentication.identify(routed, context: context)
            routed.principal = identity
            if let needed = route.role {
                if let denied = try Authentication.authorize(routed, identity: identity, needs: needed) {
                    return denied
                }
            }
            response = try route.action(routed, context)
            if identity != nil && response.header("Cache-Control") == nil { response.setHeader("Cache-Control", "no-store") }
            if csrf.isNew && (response.header("Content-Type") ?? "").hasPrefix("text/html") {
                response.headers.append(("Set-Cookie", Cookies.setCookie(name: CSRF.cookie, value: csrf.token)))
            }
        } catch let error as HTTPError {
            response = errorResponse(request: request, error: error, context: context)
        } catch let error as Throttled {
            response = errorResponse(request: request, error: HTTPError(429, error.message, headers: ["Retry-After": "\(error.seconds)"]), context: context)
        } catch let error as DatabaseError where error.isStorageFailure {
            context.logger.critical("storage full or failing, nothing was saved: \(error) id=\(request.requestID)")
            context.storageHealth.recordFailure()
            response = errorResponse(request: request, error: HTTPError(503, StorageHealth.fullMessage, headers: ["Retry-After": "60"]), context: context)
        } catch let error as DatabaseError where error.isBusy {
            context.logger.warning("database busy: \(error) id=\(request.requestID)")
            response = errorResponse(request: request, error: HTTPError(503, "The database is busy. Please try again in a moment."), context: context)
        } catch {
            // A bug, not a user error: details go to the log only.
            context.logger.error("unhandled error: \(error) id=\(request.requestID)")
            response = errorResponse(request: request, error: HTTPError(500, "Something went wrong on our side. The problem has been logged."), context: context)
        }
        return response
    }

    static func errorResponse(request: Request, error: HTTPError, context: AppContext) -> Response {
        let summary = RequestSummary(method: request.method, rawTarget: request.rawTarget, requestID: request.requestID)
        return errorResponse(summary: summary, error: error, context: context)
    }

    /// Error pages: JSON under /api/, a friendly HTML page elsewhere; never a stack trace.
    static func errorResponse(summary: RequestSummary, error: HTTPError, context: AppContext) -> Response {
        var response: Response
        if summary.wantsJSON {
            var body: [String: Any] = ["status": error.status, "message": error.message, "request_id": summary.requestID]
            if !error.fields.isEmpty { body["fields"] = error.fields }
            response = .jsonObject(["error": body], status: error.status)
        } else {
            let model = ErrorPage(site: SiteChrome(path: ""), status: error.status, reason: HTTPStatus.reason(error.status),
                                  message: error.message, requestID: summary.requestID,
                                  hint: ErrorPage.hint(for: error.status))
            response = (try? context.views.page("error", model, status: error.status))
                ?? HTTPServer.plainErrorResponse(summary, error)
        }
        for (name, value) in error.headers { response.setHeader(name, value) }
        addCommonHeaders(&response)
        return response
    }

    static func addCommonHeaders(_ response: inout Response) {
        // One pass over the response's headers finds which are there (a kept page has them all and is left as it is).
        var present: UInt = 0  // bit i: securityHeaders[i] is there
        for header in response.headers {
            for (i, common) in securityHeaders.enumerated() where present & (1 << i) == 0 && ASCII.equalsIgnoringCase(header.name, common.name) {
                present |= 1 << i
            }
        }
        for (i, header) in securityHeaders.enumerated() where present & (1 << i) == 0 {
            response.headers.append(header)
        }
    }
}

/// The friendly error page.
struct ErrorPage {
    let site: SiteChrome
    let status: Int
    let reason: String
    let message: String
    let requestID: String
    let hint: String
    let title: String

    init(site: SiteChrome, status: Int, reason: String, message: String, requestID: String, hint: String) {
        self.site = site
        self.status = status
        self.reason = reason
        self.message = message
        self.requestID = requestID
        self.hint = hint
        self.title = "\(status) \(reason)"
    }

    static func hint(for status: Int) -> String {
        switch status {
        case 404: return "Check the address, or start again from the home page."
        case 405: return "This address exists, but not for this kind of request."
        case 413: return "Send a smaller file or fewer rows at a time."
        case 431: return "Your browser sent very large headers, usually too many cookies."
        case 400: return "The request was not well formed. If you followed a link, it may be broken."
        case 503: return "The service cannot take this request right now; try again shortly."
        default: return "If this keeps happening, send the request id to an administrator."
        }
    }
}
