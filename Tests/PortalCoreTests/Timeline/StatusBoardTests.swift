import Foundation
import PortalCore
import PortalViews
import Testing

/// The status page's headline and grid come from one list of component states and never disagree (issue #20).
@Suite("Status board: headline and grid")
struct StatusBoardTests {
    typealias S = StatusSummary.ComponentStatus

    static func components(_ states: [(String, S)]) -> [StatusSummary.Component] {
        states.enumerated().map { StatusSummary.Component(id: "\($0.offset)", name: $0.element.0, status: $0.element.1, updatedAt: Date(timeIntervalSince1970: 0)) }
    }

    @Test(arguments: [
        ("nothing wrong", [("payroll", S.operational), ("portal", .operational)], S.operational, "All systems operational"),
        ("one service in maintenance", [("payroll", .operational), ("pg-3", .underMaintenance)], .underMaintenance,
         "Maintenance in progress on 1 service · 1 of 2 services affected"),
        ("an outage outranks maintenance", [("pg-3", .underMaintenance), ("portal", .majorOutage), ("payroll", .majorOutage), ("mail", .operational)],
         .majorOutage, "Major outage on 2 services · 3 of 4 services affected"),
        ("degraded only", [("portal", .degradedPerformance)], .degradedPerformance, "Degraded performance on 1 service · 1 of 1 service affected"),
        ("partial and degraded", [("a", .degradedPerformance), ("b", .partialOutage), ("c", .operational)], .partialOutage,
         "Partial outage on 1 service · 2 of 3 services affected"),
        ("an empty inventory", [], .operational, "All systems operational"),
    ])
    func headlineAndGridAgree(name: String, states: [(String, S)], worst: S, headline: String) {
        let board = StatusBoard(components: Self.components(states), reasons: [:])
        #expect(board.headline == headline, "\(name)")
        #expect(board.worst == worst, "\(name)")
        // The grid agrees: its first tile has the headline's state, and it counts as many affected tiles as the headline.
        #expect(board.tiles.first.map(\.status) ?? .operational == board.worst, "\(name)")
        #expect(board.tiles.map(\.status) == board.tiles.map(\.status).sorted(by: >), "\(name): worst first")
        #expect(board.headline == StatusBoard.headline(board.tiles.map(\.status)), "\(name)")
        let affected = states.filter { $0.1 != .operational }.count
        #expect(board.affected.count == affected, "\(name)")
        if affected > 0 { #expect(board.headline.contains("· \(affected) of \(states.count) service"), "\(name)") }
    }

    @Test func affectedComponentsComeFirstWithTheirReasonsAndOperationalOnesByName() {
        let components = Self.components([("web", .operational), ("Api", .operational), ("pg-3", .underMaintenance), ("portal", .majorOutage)])
        let board = StatusBoard(components: components, reasons: ["2": ["DT-4 Patch db-east"], "3": ["INC-7 Portal errors"], "0": ["ignored"]])
        #expect(board.tiles.map(\.name) == ["portal", "pg-3", "Api", "web"])
        #expect(board.tiles.map(\.reasons) == [["INC-7 Portal errors"], ["DT-4 Patch db-east"], [], []], "an operational tile has no reason")
        #expect(board.tiles.map(\.label) == ["Major outage", "Under maintenance", "Operational", "Operational"])
    }

    @Test func reasonsComeFromOpenIncidentsAndRunningMaintenanceElseMonitoring() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let services = [StatusDerivation.ServiceEntry(id: "1", name: "pg-3", updatedAt: now), .init(id: "2", name: "portal", updatedAt: now),
                        .init(id: "3", name: "mail", updatedAt: now), .init(id: "4", name: "web", updatedAt: now)]
        let events = [
            TimelineEvent(id: "DT-4", kind: .downtime(.planned), title: "Patch db-east", summary: "", stateText: "In progress",
                          start: now.addingTimeInterval(-60), end: now.addingTimeInterval(3600), affected: [], contactName: nil, link: "/downtimes/4"),
            TimelineEvent(id: "INC-7", kind: .incident(.major), title: "Portal errors", summary: "", stateText: "Investigating",
                          start: now.addingTimeInterval(-600), end: nil, affected: [], contactName: nil, link: "/incidents/7"),
        ]
        let effects: [String: [StatusDerivation.Effect]] = [
            "1": [.init(eventID: "DT-4", source: .downtime(.planned), state: .down)],
            "2": [.init(eventID: "INC-7", source: .incident(.major), state: .down)],
            "3": [.init(eventID: "CHECK-3", source: .alert, state: .degraded)],
        ]
        let summary = StatusDerivation.summary(page: .init(id: "f", name: "F", url: "http://x/status", updatedAt: now), services: services,
                                               effects: effects, events: events, now: now)
        let board = StatusBoard(summary)
        #expect(board.tiles.map(\.name) == ["portal", "pg-3", "mail", "web"])
        #expect(board.tiles.map(\.reasons) == [["INC-7 Portal errors"], ["DT-4 Patch db-east"], ["Monitoring: a check is failing or slow"], []])
        #expect(board.headline == "Major outage on 1 service · 3 of 4 services affected")
    }
}
