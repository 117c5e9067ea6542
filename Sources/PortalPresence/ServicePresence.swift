import PortalCore

/// What a service JID shows in people's rosters: the XMPP `show` value and the reason as status text.
public struct ServicePresence: Sendable, Equatable {
    /// RFC 6121 presence: available (no `<show/>`), away, dnd, xa, or unavailable (no signal at all).
    public enum Show: String, Sendable, CaseIterable {
        case available, away, dnd, xa, unavailable
    }

    public let show: Show
    public let status: String

    public init(show: Show, status: String) {
        self.show = show
        self.status = status
    }

    /// The presence of a service in `mood`: ok is available, degraded away, breaching and down dnd, maintenance xa,
    /// and a service without any signal is shown offline rather than pretending to be fine.
    public init(mood: ServiceMood, reason: String) {
        let show: Show = switch mood {
        case .ok: .available
        case .degraded: .away
        case .breaching, .down: .dnd
        case .maintenance: .xa
        case .unknown: .unavailable
        }
        self.init(show: show, status: reason)
    }
}
