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
    let nav: [NavItem]
    let flash: FlashMessage?
    /// The CSRF token every form on the page embeds.
    let csrf: String
    /// The signed-in user's name, empty when nobody is signed in.
    var userName: String = ""
    var isAdmin: Bool = false

    public init(path: String, flash: (kind: String, message: String)? = nil, csrf: String = "") {
        self.csrf = csrf
        // The daily pages; every other inventory kind is one click away on the home page.
        let items: [(String, String)] = [("Home", "/"), ("Downtimes", "/downtimes"), ("Incidents", "/incidents"), ("Timeline", "/timeline"), ("Logs", "/logs"), ("Monitoring", "/monitoring"), ("Status", "/status"),
                                         ("Reports", "/reports"), ("Servers", "/servers"), ("Services", "/services"), ("People", "/people"),
                                         ("Audit", "/audit")]
        nav = items.map { label, href in
            NavItem(label: label, href: href, current: href == "/" ? path == "/" : path.hasPrefix(href))
        }
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
