import Foundation
import PortalCore

/// The public status page in the shape of Statuspage's `GET /api/v2/summary.json`, so existing status widgets,
/// monitors and chat integrations can read Forewarn as they read any Statuspage page.
///
/// Keys are written out (snake_case) rather than left to an encoder strategy, and timestamps always encode as
/// RFC 3339 strings, so the JSON is the same whatever encoder settings a caller uses.
public struct StatusSummary: Codable, Sendable, Equatable {
    public var page: Page
    public var components: [Component]
    /// Unresolved incidents only, as in Statuspage's summary: widgets show each of these as ongoing.
    public var incidents: [Incident]
    /// Forewarn's addition: the incidents of the last 90 days, resolved ones included, newest first.
    public var recentIncidents: [Incident]
    public var scheduledMaintenances: [Maintenance]
    public var status: Status

    enum CodingKeys: String, CodingKey {
        case page, components, incidents, status
        case recentIncidents = "recent_incidents"
        case scheduledMaintenances = "scheduled_maintenances"
    }

    /// Builds a summary from its parts; `StatusDerivation.summary` is the usual way to get one. `incidents` is
    /// the recent list; the unresolved ones among them become `incidents`.
    public init(page: Page, components: [Component], incidents: [Incident], scheduledMaintenances: [Maintenance], status: Status) {
        self.page = page
        self.components = components
        self.incidents = incidents.filter { $0.resolvedAt == nil }
        self.recentIncidents = incidents
        self.scheduledMaintenances = scheduledMaintenances
        self.status = status
    }

    /// The page itself: `{id, name, url, time_zone, updated_at}`.
    public struct Page: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var url: String
        /// An IANA zone name, as Statuspage writes it ("Etc/UTC").
        public var timeZone: String
        public var updatedAt: Timestamp

        enum CodingKeys: String, CodingKey {
            case id, name, url
            case timeZone = "time_zone"
            case updatedAt = "updated_at"
        }

        /// The page's identity; `updatedAt` is the floor for the derived `updated_at` (the last time its settings changed).
        public init(id: String, name: String, url: String, timeZone: String = "Etc/UTC", updatedAt: Date) {
            self.id = id
            self.name = name
            self.url = url
            self.timeZone = timeZone
            self.updatedAt = Timestamp(updatedAt)
        }
    }

    /// One service on the page: `{id, name, status, updated_at}`.
    public struct Component: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var status: ComponentStatus
        public var updatedAt: Timestamp

        enum CodingKeys: String, CodingKey {
            case id, name, status
            case updatedAt = "updated_at"
        }

        /// A component as listed at the top level and inside incidents and maintenances.
        public init(id: String, name: String, status: ComponentStatus, updatedAt: Date) {
            self.id = id
            self.name = name
            self.status = status
            self.updatedAt = Timestamp(updatedAt)
        }
    }

    /// Statuspage's five component statuses, ordered from best to worst for combining (see `StatusDerivation`).
    public enum ComponentStatus: String, Codable, Sendable, CaseIterable, Comparable {
        case operational
        case degradedPerformance = "degraded_performance"
        case underMaintenance = "under_maintenance"
        case partialOutage = "partial_outage"
        case majorOutage = "major_outage"

        public static func < (lhs: ComponentStatus, rhs: ComponentStatus) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }

        /// The words shown next to the component on the HTML status page.
        public var displayName: String {
            switch self {
            case .operational: "Operational"
            case .degradedPerformance: "Degraded performance"
            case .underMaintenance: "Under maintenance"
            case .partialOutage: "Partial outage"
            case .majorOutage: "Major outage"
            }
        }
    }

    /// An incident: `{id, name, status, impact, created_at, updated_at, resolved_at, shortlink, started_at, components,
    /// incident_updates}`; `resolved_at` is `null` while it is open.
    public struct Incident: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var status: IncidentStatus
        public var impact: IncidentImpact
        /// The incident's page.
        public var shortlink: String
        public var startedAt: Timestamp
        public var createdAt: Timestamp
        public var updatedAt: Timestamp
        public var resolvedAt: Timestamp?
        /// The components it affects, with their current status.
        public var components: [Component]
        /// Its updates, newest first, as Statuspage lists them.
        public var incidentUpdates: [IncidentUpdate]

        enum CodingKeys: String, CodingKey {
            case id, name, status, impact, shortlink, components
            case startedAt = "started_at"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
            case resolvedAt = "resolved_at"
            case incidentUpdates = "incident_updates"
        }

        /// Every field; `createdAt` and `updatedAt` default to the start, updates to none.
        public init(id: String, name: String, status: IncidentStatus, impact: IncidentImpact, shortlink: String, startedAt: Timestamp,
                    createdAt: Timestamp? = nil, updatedAt: Timestamp? = nil, resolvedAt: Timestamp? = nil, components: [Component],
                    incidentUpdates: [IncidentUpdate] = []) {
            self.id = id
            self.name = name
            self.status = status
            self.impact = impact
            self.shortlink = shortlink
            self.startedAt = startedAt
            self.createdAt = createdAt ?? startedAt
            self.updatedAt = updatedAt ?? startedAt
            self.resolvedAt = resolvedAt
            self.components = components
            self.incidentUpdates = incidentUpdates
        }

        // Written by hand only so an open incident's `resolved_at` is `null` rather than a missing key.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(status, forKey: .status)
            try container.encode(impact, forKey: .impact)
            try container.encode(shortlink, forKey: .shortlink)
            try container.encode(startedAt, forKey: .startedAt)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(updatedAt, forKey: .updatedAt)
            try container.encode(resolvedAt, forKey: .resolvedAt)
            try container.encode(components, forKey: .components)
            try container.encode(incidentUpdates, forKey: .incidentUpdates)
        }
    }

    /// One incident update: `{status, body, created_at}`.
    public struct IncidentUpdate: Codable, Sendable, Equatable {
        public var status: IncidentStatus
        public var body: String
        public var createdAt: Timestamp

        enum CodingKeys: String, CodingKey {
            case status, body
            case createdAt = "created_at"
        }

        /// An update as posted at `createdAt`.
        public init(status: IncidentStatus, body: String, createdAt: Date) {
            self.status = status
            self.body = body
            self.createdAt = Timestamp(createdAt)
        }
    }

    /// An incident's or maintenance's impact; scheduled maintenances always say `maintenance`.
    public enum IncidentImpact: String, Codable, Sendable, CaseIterable, Comparable {
        case none, minor, major, critical, maintenance

        public static func < (lhs: IncidentImpact, rhs: IncidentImpact) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// An upcoming or running maintenance: `{id, name, status, impact, shortlink, scheduled_for, scheduled_until, components}`.
    public struct Maintenance: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var status: MaintenanceStatus
        public var impact: IncidentImpact
        public var shortlink: String
        public var scheduledFor: Timestamp
        /// Nil (JSON `null`) when the downtime has no fixed end.
        public var scheduledUntil: Timestamp?
        public var components: [Component]

        enum CodingKeys: String, CodingKey {
            case id, name, status, impact, shortlink, components
            case scheduledFor = "scheduled_for"
            case scheduledUntil = "scheduled_until"
        }

        // Written by hand only so an open end is `null` rather than a missing key: clients index it unconditionally.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(status, forKey: .status)
            try container.encode(impact, forKey: .impact)
            try container.encode(shortlink, forKey: .shortlink)
            try container.encode(scheduledFor, forKey: .scheduledFor)
            try container.encode(scheduledUntil, forKey: .scheduledUntil)
            try container.encode(components, forKey: .components)
        }
    }

    /// Statuspage's maintenance workflow states.
    public enum MaintenanceStatus: String, Codable, Sendable, CaseIterable {
        case scheduled
        case inProgress = "in_progress"
        case verifying
        case completed
    }

    /// The page-wide roll-up: `{indicator, description}`.
    public struct Status: Codable, Sendable, Equatable {
        public var indicator: Indicator
        public var description: String
    }

    /// Statuspage's page indicator, ordered from best to worst.
    public enum Indicator: String, Codable, Sendable, CaseIterable, Comparable {
        case none, minor, major, critical

        public static func < (lhs: Indicator, rhs: Indicator) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// An instant that always encodes as an RFC 3339 UTC string (`2027-01-12T21:00:00Z`), whatever the encoder's strategy.
    public struct Timestamp: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
        public var date: Date

        /// Wraps an instant; fractions of a second are dropped when written.
        public init(_ date: Date) {
            self.date = date
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = TimelineDateText.parseRFC3339(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "“\(text)” is not an RFC 3339 date-time.")
            }
            self.date = date
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(TimelineDateText.rfc3339(date))
        }

        public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.date < rhs.date }

        public var description: String { TimelineDateText.rfc3339(date) }
    }

    /// The JSON served at `/api/v2/summary.json`: keys sorted, so equal summaries give byte-identical output
    /// (stable ETags, readable diffs).
    public func jsonData(prettyPrinted: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads JSON written by `jsonData` (or by Statuspage, for the keys this type has).
    public static func decode(from data: Data) throws -> StatusSummary {
        try JSONDecoder().decode(StatusSummary.self, from: data)
    }
}
