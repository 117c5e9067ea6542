import Foundation
import PortalCore

/// An incident as stored, with its targets and the names people see.
public struct IncidentRecord: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var ticket: String
    public var ticketURL: String
    public var severity: IncidentSeverity
    public var status: IncidentStatus
    public var engineerID: Int64?
    public var engineerName: String
    public var engineerEmail: String
    public var startedAt: Date
    /// Set exactly when the incident is resolved.
    public var endedAt: Date?
    public var description: String
    public var resolution: String
    public var rootCause: String
    /// The unplanned-outage downtime about the same objects, when linked.
    public var downtimeID: Int64?
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    /// The objects hit directly; the same value type as a downtime's targets.
    public var targets: [DowntimeTarget]

    /// From start to end, or to `now` while open.
    public func duration(now: Date) -> TimeInterval { max(0, (endedAt ?? now).timeIntervalSince(startedAt)) }
}

/// The fields an incident is opened with, already resolved to ids.
public struct IncidentDraft: Sendable {
    public var title: String
    public var ticket: String
    public var ticketURL: String
    public var severity: IncidentSeverity
    public var engineerID: Int64?
    public var startedAt: Date
    public var description: String
    public var targets: [ObjectRef]
    public var downtimeID: Int64?

    /// Every field of a new incident.
    public init(title: String, ticket: String = "", ticketURL: String = "", severity: IncidentSeverity, engineerID: Int64? = nil,
                startedAt: Date, description: String = "", targets: [ObjectRef], downtimeID: Int64? = nil) {
        self.title = title
        self.ticket = ticket
        self.ticketURL = ticketURL
        self.severity = severity
        self.engineerID = engineerID
        self.startedAt = startedAt
        self.description = description
        self.targets = targets
        self.downtimeID = downtimeID
    }
}

/// One line of an incident's timeline: opening, an update, the resolution or a reopening.
public struct IncidentUpdateRecord: Sendable, Equatable {
    public let id: Int64
    public let at: Date
    public let actor: String
    /// open, update, resolve or reopen.
    public let kind: String
    public let status: IncidentStatus
    public let message: String
    public let notify: Bool
}

/// A postmortem follow-up action with its owner and due day.
public struct IncidentFollowupRecord: Sendable, Equatable {
    public let id: Int64
    public let action: String
    public let ownerID: Int64?
    public let ownerName: String
    public let ownerEmail: String
    /// `2027-01-31`.
    public let dueOn: String
    public let doneAt: Date?
}

/// What one list query asks for: every filter is optional.
public struct IncidentFilter: Sendable {
    public var from: Date?
    public var to: Date?
    public var statuses: [IncidentStatus] = []
    public var severity: IncidentSeverity?
    public var targetName: String?
    public var ascending = true
    public var limit = 200

    /// A filter; incidents meet `[from, to)` when they started before `to` and are open or ended after `from`.
    public init(from: Date? = nil, to: Date? = nil, statuses: [IncidentStatus] = [], severity: IncidentSeverity? = nil,
                targetName: String? = nil, ascending: Bool = true, limit: Int = 200) {
        self.from = from
        self.to = to
        self.statuses = statuses
        self.severity = severity
        self.targetName = targetName
        self.ascending = ascending
        self.limit = limit
    }
}
