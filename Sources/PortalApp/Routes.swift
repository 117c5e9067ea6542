import PortalHTTP

/// A controller action: the request and the app's services in, a response out.
public typealias Action = @Sendable (Request, AppContext) throws -> Response

/// The routes table: every URL Forewarn answers, in one screen.
public enum Routes {
    public static func build() -> Router<Action> {
        var routes = Router<Action>()
        routes.get("/", HomeController.index)
        routes.get("/healthz", HealthController.check)
        routes.get("/api/v1", HealthController.apiIndex)
        return routes
    }
}
