import Foundation
import Testing
@testable import PortalCore
@testable import PortalViews

@Suite struct StatusDerivationTests {
    typealias Status = StatusSummary.ComponentStatus

    /// The rule table, written out independently of the code so an accidental edit to either fails here.
    static let table: [(TimelineEvent.Kind, StatusDerivation.EffectState, Status)] = [
        (.downtime(.planned), .down, .underMaintenance),
        (.downtime(.planned), .degraded, .underMaintenance),
        (.downtime(.planned), .atRisk, .operational),
        (.downtime(.emergency), .down, .underMaintenance),
        (.downtime(.emergency), .degraded, .underMaintenance),
        (.downtime(.emergency), .atRisk, .operational),
        (.downtime(.unplanned), .down, .majorOutage),
        (.downtime(.unplanned), .degraded, .degradedPerformance),
        (.downtime(.unplanned), .atRisk, .operational),
        (.incident(.minor), .down, .partialOutage),
        (.incident(.minor), .degraded, .degradedPerformance),
        (.incident(.minor), .atRisk, .operational),
        (.incident(.major), .down, .majorOutage),
        (.incident(.major), .degraded, .degradedPerformance),
        (.incident(.major), .atRisk, .operational),
        (.incident(.critical), .down, .majorOutage),
        (.incident(.critical), .degraded, .degradedPerformance),
        (.incident(.critical), .atRisk, .operational),
        (.alert, .down, .majorOutage),
        (.alert, .degraded, .degradedPerformance),
        (.alert, .atRisk, .operational),
        (.deployment, .down, .operational),
        (.deployment, .degraded, .operational),
        (.deployment, .atRisk, .operational),
    ]

    @Test(arguments: table)
    func ruleTable(source: TimelineEvent.Kind, state: StatusDerivation.EffectState, expected: Status) {
        #expect(StatusDerivation.status(source: source, state: state) == expected)
    }

    @Test func tableCoversEveryPair() {
        #expect(Self.table.count == TimelineEvent.Kind.allCases.count * StatusDerivation.EffectState.allCases.count)
    }

    static func effect(_ source: TimelineEvent.Kind, _ state: StatusDerivation.EffectState) -> StatusDerivation.Effect {
        .init(eventID: "\(source.slug)-\(state.rawValue)", source: source, state: state)
    }

    @Test(arguments: [
        ("nothing in force", [], Status.operational),
        ("maintenance explains a slowdown", [(TimelineEvent.Kind.downtime(.planned), StatusDerivation.EffectState.down), (.incident(.minor), .degraded)], .underMaintenance),
        ("an outage during maintenance shows as the outage", [(.downtime(.planned), .down), (.incident(.critical), .down)], .majorOutage),
        ("a minor outage during maintenance", [(.downtime(.planned), .degraded), (.incident(.minor), .down)], .partialOutage),
        ("worst of two incidents", [(.incident(.minor), .down), (.incident(.major), .down)], .majorOutage),
        ("at risk only", [(.incident(.critical), .atRisk), (.downtime(.planned), .atRisk)], .operational),
    ] as [(String, [(TimelineEvent.Kind, StatusDerivation.EffectState)], Status)])
    func combiningTakesTheWorst(name: String, effects: [(TimelineEvent.Kind, StatusDerivation.EffectState)], expected: Status) {
        #expect(StatusDerivation.status(of: effects.map { Self.effect($0.0, $0.1) }) == expected, "\(name)")
    }

    @Test(arguments: [
        ([Status.operational], [StatusSummary.IncidentImpact](), StatusSummary.Indicator.none, "All Systems Operational"),
        ([.operational, .underMaintenance], [], .none, "Service Under Maintenance"),
        ([.degradedPerformance], [], .minor, "Minor Service Outage"),
        ([.partialOutage, .degradedPerformance], [], .major, "Partial System Outage"),
        ([.majorOutage], [], .critical, "Major System Outage"),
        ([.operational], [.major], .major, "Partial System Outage"),
        ([.degradedPerformance], [.critical], .critical, "Major System Outage"),
    ])
    func pageIndicator(components: [Status], incidents: [StatusSummary.IncidentImpact], indicator: StatusSummary.Indicator, description: String) {
        let derived = StatusDerivation.indicator(components: components, incidents: incidents)
        #expect(derived == indicator)
        #expect(StatusDerivation.description(of: derived, anyUnderMaintenance: components.contains(.underMaintenance)) == description)
    }

    // MARK: - Whole summary

    static let now = TimelineFixtures.now
    static let services = ["payroll", "wiki", "sso", "erp"].map {
        StatusDerivation.ServiceEntry(id: $0, name: $0.capitalized, updatedAt: TimelineFixtures.instant("2026-12-01T00:00:00Z"))
    }
    static let events = [
        // In progress: a planned downtime on payroll and a critical incident taking SSO down.
        TimelineEvent(id: "d1", kind: .downtime(.planned), title: "Payroll DB upgrade", stateText: "In progress",
                      start: TimelineFixtures.hours(-1), end: TimelineFixtures.hours(2), link: "https://status.example.com/downtimes/d1"),
        TimelineEvent(id: "i1", kind: .incident(.critical), title: "SSO down", stateText: "Identified",
                      start: TimelineFixtures.hours(-0.5), end: nil, link: "https://status.example.com/incidents/i1"),
        // Upcoming: maintenance on the ERP tomorrow, with no fixed end.
        TimelineEvent(id: "d2", kind: .downtime(.emergency), title: "ERP disk swap", stateText: "Scheduled",
                      start: TimelineFixtures.hours(20), end: nil, link: "https://status.example.com/downtimes/d2"),
        // Ended and cancelled ones leave no trace but the updated_at of what they touched.
        TimelineEvent(id: "i0", kind: .incident(.minor), title: "Wiki slow", stateText: "Resolved",
                      start: TimelineFixtures.hours(-5), end: TimelineFixtures.hours(-3), link: "https://status.example.com/incidents/i0"),
        TimelineEvent(id: "d0", kind: .downtime(.planned), title: "Cancelled work", stateText: "Cancelled",
                      start: TimelineFixtures.hours(-1), end: TimelineFixtures.hours(1), link: "https://status.example.com/downtimes/d0"),
    ]
    static let effects: [String: [StatusDerivation.Effect]] = [
        "payroll": [.init(eventID: "d1", source: .downtime(.planned), state: .down),
                    .init(eventID: "i1", source: .incident(.critical), state: .degraded)],
        "sso": [.init(eventID: "i1", source: .incident(.critical), state: .down)],
        "wiki": [.init(eventID: "i0", source: .incident(.minor), state: .degraded)],
        "erp": [.init(eventID: "d2", source: .downtime(.emergency), state: .down),
                .init(eventID: "d0", source: .downtime(.planned), state: .down)],
    ]

    static func summary() -> StatusSummary {
        StatusDerivation.summary(
            page: .init(id: "forewarn", name: "Example IT", url: "https://status.example.com", updatedAt: TimelineFixtures.instant("2026-11-01T00:00:00Z")),
            services: services, effects: effects, events: events,
            history: ["i1": .init(createdAt: TimelineFixtures.hours(-0.4), updatedAt: TimelineFixtures.hours(-0.1),
                                  updates: [.init(status: .identified, body: "Certificate expired", createdAt: TimelineFixtures.hours(-0.1)),
                                            .init(status: .investigating, body: "Logins fail", createdAt: TimelineFixtures.hours(-0.4))])],
            now: now)
    }

    @Test func summaryDerivesEveryPart() {
        let summary = Self.summary()
        #expect(summary.components.map(\.id) == ["payroll", "wiki", "sso", "erp"])
        #expect(summary.components.map(\.status) == [.underMaintenance, .operational, .majorOutage, .operational])
        #expect(summary.components.map(\.updatedAt.description) == [
            "2027-01-12T11:30:00Z", "2027-01-12T09:00:00Z", "2027-01-12T11:30:00Z", "2026-12-01T00:00:00Z",
        ])
        #expect(summary.page.updatedAt.description == "2027-01-12T11:30:00Z")

        // The open incident first, then the resolved one (listed, but it no longer weighs on the indicator).
        #expect(summary.recentIncidents.map(\.id) == ["i1", "i0"])
        #expect(summary.incidents.map(\.id) == ["i1"], "the summary's incidents are the unresolved ones, as widgets expect")
        #expect(summary.incidents.first?.impact == .critical)
        #expect(summary.incidents.first?.status == .identified)
        #expect(summary.incidents.first?.components.map(\.id) == ["payroll", "sso"])
        #expect(summary.incidents.first?.resolvedAt == nil)
        #expect(summary.incidents.first?.incidentUpdates.map(\.body) == ["Certificate expired", "Logins fail"])
        #expect(summary.incidents.first?.updatedAt.date == TimelineFixtures.hours(-0.1))
        #expect(summary.recentIncidents.last?.status == .resolved)
        #expect(summary.recentIncidents.last?.resolvedAt?.date == TimelineFixtures.hours(-3))

        #expect(summary.scheduledMaintenances.map(\.id) == ["d1", "d2"])
        #expect(summary.scheduledMaintenances.map(\.status) == [.inProgress, .scheduled])
        #expect(summary.scheduledMaintenances.allSatisfy { $0.impact == .maintenance })
        #expect(summary.scheduledMaintenances.last?.scheduledUntil == nil)

        #expect(summary.status.indicator == .critical)
        #expect(summary.status.description == "Major System Outage")
    }

    @Test func unplannedDowntimeIsListedAsAnIncidentWithTheImpactOfItsOutage() {
        let event = TimelineEvent(id: "u1", kind: .downtime(.unplanned), title: "Rack B4 power loss", stateText: "In progress",
                                  start: TimelineFixtures.hours(-1), end: nil, link: "/downtimes/u1")
        let summary = StatusDerivation.summary(
            page: .init(id: "p", name: "P", url: "https://status.example.com", updatedAt: Self.now),
            services: Self.services, effects: ["wiki": [.init(eventID: "u1", source: .downtime(.unplanned), state: .down)]],
            events: [event], now: Self.now)
        #expect(summary.incidents.map(\.id) == ["u1"])
        #expect(summary.incidents.first?.impact == .critical)
        #expect(summary.incidents.first?.status == .investigating)
        #expect(summary.scheduledMaintenances.isEmpty)
        #expect(summary.components.first { $0.id == "wiki" }?.status == .majorOutage)
    }

    @Test func upcomingMaintenanceLeavesTheServiceOperational() {
        let summary = Self.summary()
        #expect(summary.components.first { $0.id == "erp" }?.status == .operational)
        #expect(summary.status.indicator == .critical)
    }

    // Services under open incidents, alone or with other events: the rule table applied through the whole derivation.
    @Test(arguments: [
        ("open critical incident, service down", [(TimelineEvent.Kind.incident(.critical), StatusDerivation.EffectState.down, nil as Double?)], StatusSummary.ComponentStatus.majorOutage, StatusSummary.Indicator.critical),
        ("open minor incident, service down", [(.incident(.minor), .down, nil)], .partialOutage, .major),
        ("open major incident, service degraded", [(.incident(.major), .degraded, nil)], .degradedPerformance, .major),
        ("resolved critical incident", [(.incident(.critical), .down, -0.5)], .operational, .none),
        ("maintenance plus an open minor slowdown", [(.downtime(.planned), .down, 2), (.incident(.minor), .degraded, nil)], .underMaintenance, .minor),
        ("maintenance plus an open critical outage", [(.downtime(.planned), .down, 2), (.incident(.critical), .down, nil)], .majorOutage, .critical),
    ])
    func servicesUnderIncidents(name: String, effects: [(TimelineEvent.Kind, StatusDerivation.EffectState, Double?)],
                                expected: StatusSummary.ComponentStatus, indicator: StatusSummary.Indicator) {
        var events: [TimelineEvent] = []
        var list: [StatusDerivation.Effect] = []
        for (index, effect) in effects.enumerated() {
            events.append(TimelineEvent(id: "e\(index)", kind: effect.0, title: name, stateText: effect.2.map { $0 < 0 ? "Resolved" : "In progress" } ?? "Investigating",
                                        start: TimelineFixtures.hours(-1), end: effect.2.map { TimelineFixtures.hours($0) }, link: "/x/\(index)"))
            list.append(.init(eventID: "e\(index)", source: effect.0, state: effect.1))
        }
        let summary = StatusDerivation.summary(page: .init(id: "p", name: "P", url: "https://status.example.com", updatedAt: Self.now),
                                               services: [.init(id: "svc", name: "svc", updatedAt: Self.now)], effects: ["svc": list],
                                               events: events, now: Self.now)
        #expect(summary.components.first?.status == expected, "\(name)")
        #expect(summary.status.indicator == indicator, "\(name)")
    }
}
