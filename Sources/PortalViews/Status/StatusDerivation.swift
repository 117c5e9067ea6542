import Foundation
import PortalCore

/// Derives the status page from the downtimes and incidents in effect: one status per service, the page indicator,
/// and the incident and maintenance lists, shaped as `StatusSummary`.
///
/// **Rule table** — what one effect on a service means (`status(source:state:)`):
///
/// | source                   | down              | degraded             | at risk     |
/// |--------------------------|-------------------|----------------------|-------------|
/// | downtime, planned        | under_maintenance | under_maintenance    | operational |
/// | downtime, emergency      | under_maintenance | under_maintenance    | operational |
/// | downtime, unplanned      | major_outage      | degraded_performance | operational |
/// | incident, minor          | partial_outage    | degraded_performance | operational |
/// | incident, major          | major_outage      | degraded_performance | operational |
/// | incident, critical       | major_outage      | degraded_performance | operational |
///
/// - Announced work (planned or emergency) is maintenance whether it takes the service down or only slows it.
/// - A minor incident is limited in reach by definition, so even "down" shows as a partial outage.
/// - "At risk" (redundancy reduced, nothing visible yet) leaves the service operational; it is still in the timeline.
///
/// **Combining** — a service with several effects takes the worst, in the order
/// `operational < degraded_performance < under_maintenance < partial_outage < major_outage`.
/// So maintenance outranks a slowdown (the work explains it), and an incident that causes an outage during
/// maintenance shows as the outage: "under maintenance unless an incident makes it worse".
///
/// **Page indicator** — the worst of each component's (degraded_performance → minor, partial_outage → major,
/// major_outage → critical, operational and under_maintenance → none) and each open incident's impact
/// (minor/major/critical). Descriptions are Statuspage's: none "All Systems Operational" (or "Service Under
/// Maintenance" when a component is under maintenance), minor "Minor Service Outage", major "Partial System Outage",
/// critical "Major System Outage".
public enum StatusDerivation {
    /// A service as the status page lists it; `updatedAt` is the last change to the service itself.
    public struct ServiceEntry: Sendable, Hashable {
        public var id: String
        public var name: String
        public var updatedAt: Date

        /// A service listed on the page, in page order.
        public init(id: String, name: String, updatedAt: Date) {
            self.id = id
            self.name = name
            self.updatedAt = updatedAt
        }
    }

    /// How a downtime or incident touches one service (PortalCore's impact states).
    public enum EffectState: String, Sendable, Hashable, CaseIterable {
        case down
        case degraded
        case atRisk = "at_risk"
    }

    /// One downtime or incident affecting one service: which event, what kind (with its type or severity), how.
    public struct Effect: Sendable, Hashable {
        public var eventID: String
        public var source: TimelineEvent.Kind
        public var state: EffectState

        /// The effect of event `eventID` (a downtime of some type or an incident of some severity) on one service.
        public init(eventID: String, source: TimelineEvent.Kind, state: EffectState) {
            self.eventID = eventID
            self.source = source
            self.state = state
        }
    }

    /// What the timeline event does not carry about an incident: when it was recorded and last changed, and its updates.
    public struct IncidentHistory: Sendable, Equatable {
        public var createdAt: Date
        public var updatedAt: Date
        /// Newest first.
        public var updates: [StatusSummary.IncidentUpdate]

        /// The record of one incident.
        public init(createdAt: Date, updatedAt: Date, updates: [StatusSummary.IncidentUpdate]) {
            self.createdAt = createdAt
            self.updatedAt = updatedAt
            self.updates = updates
        }
    }

    /// The rule table above: the status one effect gives a service.
    public static func status(source: TimelineEvent.Kind, state: EffectState) -> StatusSummary.ComponentStatus {
        switch (source, state) {
        case (_, .atRisk): .operational
        case (.downtime(.planned), _), (.downtime(.emergency), _): .underMaintenance
        case (.downtime(.unplanned), .down): .majorOutage
        case (.incident(.minor), .down): .partialOutage
        case (.incident(.major), .down), (.incident(.critical), .down): .majorOutage
        case (.downtime(.unplanned), .degraded), (.incident, .degraded), (.alert, .degraded): .degradedPerformance
        // A check failing or slow outside declared downtime (checks in maintenance raise no effect, so maintenance wins).
        case (.alert, .down): .majorOutage
        // A deployment marker says which version ran when; it never changes a service's status.
        case (.deployment, _): .operational
        }
    }

    /// A service's status under all the effects in force on it: the worst single one, operational when none.
    public static func status(of effects: [Effect]) -> StatusSummary.ComponentStatus {
        effects.map { status(source: $0.source, state: $0.state) }.max() ?? .operational
    }

    /// The page indicator for the components' statuses and the open incidents' impacts (see the type's documentation).
    public static func indicator(components: [StatusSummary.ComponentStatus], incidents: [StatusSummary.IncidentImpact]) -> StatusSummary.Indicator {
        (components.map(impact(ofOutage:)) + incidents).map { impact -> StatusSummary.Indicator in
            switch impact {
            case .none, .maintenance: .none
            case .minor: .minor
            case .major: .major
            case .critical: .critical
            }
        }.max() ?? .none
    }

    /// Statuspage's wording for an indicator.
    public static func description(of indicator: StatusSummary.Indicator, anyUnderMaintenance: Bool) -> String {
        switch indicator {
        case .none: anyUnderMaintenance ? "Service Under Maintenance" : "All Systems Operational"
        case .minor: "Minor Service Outage"
        case .major: "Partial System Outage"
        case .critical: "Major System Outage"
        }
    }

    /// The whole status page at `now`.
    ///
    /// `effects` maps service id to the effects on it. An effect whose event is in `events` counts only while that
    /// event is in progress and not cancelled, so callers may pass the effects of upcoming and ended events too;
    /// an effect whose event is not in `events` is taken as in force. `events` also supplies the lists: incidents in
    /// progress and those already resolved (the caller chooses how far back, the page shows 90 days) and unplanned
    /// downtimes in progress, newest first; planned and emergency downtimes not yet ended, soonest first. Only
    /// unresolved incidents count towards the page indicator. `history` adds the record times and updates of
    /// incidents by event id. `updated_at` of a component is the latest of the service's own change and the start or end of an
    /// event affecting it, up to `now`.
    public static func summary(
        page: StatusSummary.Page, services: [ServiceEntry], effects: [String: [Effect]],
        events: [TimelineEvent], history: [String: IncidentHistory] = [:], now: Date
    ) -> StatusSummary {
        let eventsByID = Dictionary(events.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func inForce(_ effect: Effect) -> Bool {
            guard let event = eventsByID[effect.eventID] else { return true }
            return event.isInProgress(at: now) && !event.isCancelled
        }

        var components: [StatusSummary.Component] = []
        for service in services {
            let serviceEffects = effects[service.id] ?? []
            var updated = service.updatedAt
            for effect in serviceEffects {
                guard let event = eventsByID[effect.eventID], !event.isCancelled else { continue }
                if event.start <= now { updated = max(updated, event.start) }
                if let end = event.end, end <= now { updated = max(updated, end) }
            }
            let component = StatusSummary.Component(
                id: service.id, name: service.name, status: status(of: serviceEffects.filter(inForce)), updatedAt: updated)
            components.append(component)
        }

        // The components each event touches, in page order, with their current status.
        var componentsByEvent: [String: [StatusSummary.Component]] = [:]
        for component in components {
            for eventID in Set((effects[component.id] ?? []).map(\.eventID)) {
                componentsByEvent[eventID, default: []].append(component)
            }
        }

        var incidents: [StatusSummary.Incident] = []
        var maintenances: [StatusSummary.Maintenance] = []
        for event in events where !event.isCancelled {
            switch event.kind {
            case .incident(let severity):
                let resolved = event.end.map { $0 <= now } ?? false
                guard event.isInProgress(at: now) || resolved else { continue }
                incidents.append(incident(event, impact: StatusSummary.IncidentImpact(rawValue: severity.rawValue)!,
                                          components: componentsByEvent[event.id] ?? [], history: history[event.id], now: now))
            case .downtime(.unplanned):
                guard event.isInProgress(at: now) else { continue }
                let affected = componentsByEvent[event.id] ?? []
                incidents.append(incident(event, impact: impact(ofOutage: affected.map(\.status).max() ?? .operational),
                                          components: affected, history: nil, now: now))
            case .alert, .deployment:
                continue
            case .downtime:
                guard event.end.map({ $0 > now }) ?? true else { continue }
                maintenances.append(StatusSummary.Maintenance(
                    id: event.id, name: event.title, status: event.start <= now ? .inProgress : .scheduled,
                    impact: .maintenance, shortlink: event.link, scheduledFor: .init(event.start),
                    scheduledUntil: event.end.map(StatusSummary.Timestamp.init), components: componentsByEvent[event.id] ?? []))
            }
        }
        incidents.sort { $0.startedAt != $1.startedAt ? $0.startedAt > $1.startedAt : $0.id < $1.id }
        maintenances.sort { $0.scheduledFor != $1.scheduledFor ? $0.scheduledFor < $1.scheduledFor : $0.id < $1.id }

        let statuses = components.map(\.status)
        let indicator = indicator(components: statuses, incidents: incidents.filter { $0.resolvedAt == nil }.map(\.impact))
        var page = page
        page.updatedAt = ([page.updatedAt] + components.map(\.updatedAt)).max()!
        return StatusSummary(
            page: page, components: components, incidents: incidents, scheduledMaintenances: maintenances,
            status: .init(indicator: indicator,
                          description: description(of: indicator, anyUnderMaintenance: statuses.contains(.underMaintenance))))
    }

    /// The impact a component status stands for: an unplanned downtime has no severity of its own, so its
    /// impact follows the worst outage it causes, and the page indicator reads components the same way.
    static func impact(ofOutage status: StatusSummary.ComponentStatus) -> StatusSummary.IncidentImpact {
        switch status {
        case .operational, .underMaintenance: .none
        case .degradedPerformance: .minor
        case .partialOutage: .major
        case .majorOutage: .critical
        }
    }

    static func incident(_ event: TimelineEvent, impact: StatusSummary.IncidentImpact, components: [StatusSummary.Component],
                         history: IncidentHistory?, now: Date) -> StatusSummary.Incident {
        // Incident states typed in Forewarn use Statuspage's words; anything else reads as still being investigated.
        var status = IncidentStatus(rawValue: event.stateText.lowercased()) ?? .investigating
        let resolvedAt = event.end.flatMap { $0 <= now ? $0 : nil }
        if resolvedAt != nil { status = .resolved }
        return StatusSummary.Incident(id: event.id, name: event.title, status: status, impact: impact, shortlink: event.link,
                                      startedAt: .init(event.start), createdAt: .init(history?.createdAt ?? event.start),
                                      updatedAt: .init(history?.updatedAt ?? resolvedAt ?? event.start), resolvedAt: resolvedAt.map(StatusSummary.Timestamp.init),
                                      components: components, incidentUpdates: history?.updates ?? [])
    }
}
