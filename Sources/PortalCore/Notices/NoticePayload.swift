import Foundation

/// The facts of a notice as they were when it was queued; the outbox stores this so a later edit never rewrites it.
public struct NoticePayload: Sendable, Codable, Equatable {
    /// `downtime`, `incident` or `alert`.
    public var subjectKind: String
    public var subjectID: Int64
    public var event: NoticeEvent
    public var title: String
    /// `Planned`, `Emergency`, `Unplanned` for downtimes; `Minor`, `Major`, `Critical` incident for incidents.
    public var kindLabel: String
    public var state: String
    public var start: Date
    /// Nil for an open incident.
    public var end: Date?
    /// The zone the window was declared in.
    public var timeZone: String
    /// The window before a reschedule or extension.
    public var previousStart: Date?
    public var previousEnd: Date?
    public var ticket: String
    public var ticketURL: String
    public var reason: String
    /// A note from the person acting (cancel reason, incident update text).
    public var message: String
    public var targets: [String]
    public var coordinator: String
    /// Where people reach the portal, e.g. `https://forewarn.example.com`.
    public var baseURL: String
    /// The page of the downtime or incident, e.g. `/downtimes/7`.
    public var path: String
    /// For reminders: how long before the start.
    public var leadMinutes: Int?

    public init(subjectKind: String, subjectID: Int64, event: NoticeEvent, title: String, kindLabel: String, state: String, start: Date,
                end: Date?, timeZone: String, previousStart: Date? = nil, previousEnd: Date? = nil, ticket: String = "", ticketURL: String = "",
                reason: String = "", message: String = "", targets: [String] = [], coordinator: String = "", baseURL: String, path: String,
                leadMinutes: Int? = nil) {
        self.subjectKind = subjectKind
        self.subjectID = subjectID
        self.event = event
        self.title = title
        self.kindLabel = kindLabel
        self.state = state
        self.start = start
        self.end = end
        self.timeZone = timeZone
        self.previousStart = previousStart
        self.previousEnd = previousEnd
        self.ticket = ticket
        self.ticketURL = ticketURL
        self.reason = reason
        self.message = message
        self.targets = targets
        self.coordinator = coordinator
        self.baseURL = baseURL
        self.path = path
        self.leadMinutes = leadMinutes
    }

    /// The id people quote: `DT-7` or `INC-3`.
    public var reference: String {
        (subjectKind == "incident" ? "INC-" : subjectKind == "alert" ? "ALERT-" : subjectKind == "level" ? "LEVEL-" : "DT-") + String(subjectID)
    }
}
