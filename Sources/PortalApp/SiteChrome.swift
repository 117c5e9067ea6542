import PortalCore

/// What the layout shows on every page: navigation, flash message, version.
public struct SiteChrome: Sendable {
    public struct NavItem: Sendable {
        let label: String
        let href: String
        let current: Bool
    }

    public struct Flash: Sendable {
        let kind: String
        let message: String
    }

    let version = ForewarnVersion.current
    let nav: [NavItem]
    let flash: Flash?

    public init(path: String, flash: (kind: String, message: String)? = nil) {
        let items: [(String, String)] = [("Home", "/")]
        nav = items.map { label, href in
            NavItem(label: label, href: href, current: href == "/" ? path == "/" : path.hasPrefix(href))
        }
        self.flash = flash.map { Flash(kind: $0.kind, message: $0.message) }
    }
}
