import Foundation

/// One downtime or incident as the timeline, status page and feeds show it: display values only, already resolved.
public struct TimelineEvent: Sendable, Hashable, Identifiable {
    /// Whether the event is a downtime or an incident, with what sets its colour and its weight on the status page.
    public enum Kind: Sendable, Hashable {
        case downtime(DowntimeKind)
        case incident(IncidentSeverity)
        /// An availability alert of a monitoring check, from alert to recovery.
        case alert
        /// The first message of a new version of a product in a stage (`log_versions`): which version ran when.
        case deployment
    }

    public var id: String
    public var kind: Kind
    public var title: String
    /// A sentence or two under the title: what is done or what is broken.
    public var summary: String
    /// The lifecycle state as shown to people ("Scheduled", "In progress", "Investigating", "Cancelled").
    public var stateText: String
    public var start: Date
    /// Nil while the event is still open (an incident not yet resolved, a downtime without a fixed end).
    public var end: Date?
    /// Names of the affected services, servers or clusters, most important first.
    public var affected: [String]
    /// The downtime coordinator or the engineer on the incident.
    public var contactName: String?
    /// The change or incident ticket as people quote it ("CHG-1234").
    public var ticket: String?
    public var ticketURL: String?
    /// The event's detail page, relative ("/downtimes/42") or absolute http(s).
    public var link: String

    /// Every field, in the order the timeline tooltip shows them.
    public init(
        id: String, kind: Kind, title: String, summary: String = "", stateText: String,
        start: Date, end: Date?, affected: [String] = [], contactName: String? = nil,
        ticket: String? = nil, ticketURL: String? = nil, link: String
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.summary = summary
        self.stateText = stateText
        self.start = start
        self.end = end
        self.affected = affected
        self.contactName = contactName
        self.ticket = ticket
        self.ticketURL = ticketURL
        self.link = link
    }

    /// The end used for selection and drawing: open events run to `now`, and an end before the start counts as the start.
    public func effectiveEnd(now: Date) -> Date {
        max(start, end ?? now)
    }

    /// True from the start until the end (or for as long as it is open); a future open event is not yet in progress.
    public func isInProgress(at now: Date) -> Bool {
        start <= now && (end.map { now < $0 } ?? true)
    }

    /// True when the state text says the event was called off, so it is drawn hollow and left off the status page.
    public var isCancelled: Bool {
        let state = stateText.lowercased()
        return state == "cancelled" || state == "canceled"
    }
}

extension TimelineEvent.Kind {
    /// The name shown in legends, tooltips and labels.
    public var displayName: String {
        switch self {
        case .downtime(.planned): "Planned maintenance"
        case .downtime(.emergency): "Emergency maintenance"
        case .downtime(.unplanned): "Unplanned outage"
        case .incident(.minor): "Minor incident"
        case .incident(.major): "Major incident"
        case .incident(.critical): "Critical incident"
        case .alert: "Monitoring alert"
        case .deployment: "Deployment"
        }
    }

    /// Who the contact person is for this kind of event.
    package var contactRole: String {
        switch self {
        case .downtime: "Coordinator"
        case .incident: "Engineer"
        case .alert: "Check"
        case .deployment: "Stage"
        }
    }

    /// A short machine name used in CSS classes and URLs: `downtime-planned`, `incident-critical`.
    public var slug: String {
        switch self {
        case .downtime(.planned): "downtime-planned"
        case .downtime(.emergency): "downtime-emergency"
        case .downtime(.unplanned): "downtime-unplanned"
        case .incident(.minor): "incident-minor"
        case .incident(.major): "incident-major"
        case .incident(.critical): "incident-critical"
        case .alert: "alert"
        case .deployment: "deployment"
        }
    }

    /// Every kind, in legend order.
    public static let allCases: [TimelineEvent.Kind] =
        DowntimeKind.allCases.map { .downtime($0) } + IncidentSeverity.allCases.map { .incident($0) } + [.alert, .deployment]
}
