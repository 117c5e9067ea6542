import PortalCore
import PortalHTTP

/// What the layout shows on every page: navigation, flash message, version.
public struct SiteChrome: Sendable {
    public struct NavItem: Sendable {
        let label: String
        let href: String
        let current: Bool
    }

    public struct FlashMessage: Sendable {
        let kind: String
        let message: String
    }

    let version = ForewarnVersion.current
    /// The daily pages, always in the top bar.
    let nav: [NavItem]
    /// Pages folded into the "More" menu so the bar fits one line at 1366 px (listed flat in the phone menu).
    let more: [NavItem]
    /// Whether the current page is one of `more`.
    let moreCurrent: Bool
    let flash: FlashMessage?
    /// The CSRF token every form on the page embeds.
    let csrf: String
    /// The signed-in user's name, empty when nobody is signed in.
    var userName: String = ""
    var isAdmin: Bool = false

    public init(path: String, flash: (kind: String, message: String)? = nil, csrf: String = "") {
        self.csrf = csrf
        func items(_ list: [(String, String)]) -> [NavItem] {
            list.map { label, href in NavItem(label: label, href: href, current: href == "/" ? path == "/" : path.hasPrefix(href)) }
        }
        // The daily pages; every other inventory kind is one click away on the home page.
        nav = items([("Home", "/"), ("Downtimes", "/downtimes"), ("Incidents", "/incidents"), ("Timeline", "/timeline"), ("Status", "/status"),
                     ("Monitoring", "/monitoring"), ("Logs", "/logs"), ("Reports", "/reports")])
        more = items([("Servers", "/servers"), ("Services", "/services"), ("People", "/people"), ("Audit", "/audit")])
        moreCurrent = more.contains { $0.current }
        self.flash = flash.map { FlashMessage(kind: $0.kind, message: $0.message) }
    }
}

extension SiteChrome {
    /// The chrome for a request: current path, pending flash message, CSRF token.
    init(_ request: Request) {
        self.init(path: request.path, flash: Flash.read(request), csrf: request.csrfToken)
        userName = request.identity?.user.displayName ?? ""
        isAdmin = request.identity?.role == .admin
    }
}
