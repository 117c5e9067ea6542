import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/live`, `/live/events` and `/api/v1/service-levels`: every service and aggregate with its level, mood and reason.
enum LiveController {
    struct Row {
        let subject: String
        let kind: String
        let name: String
        let href: String
        let hasHref: Bool
        let level: String
        let hour: String
        let day: String
        let month: String
        let mood: String
        let reason: String
        let sla: String
        let budget: String
        /// The section's: services show every window.
        var isServices = false
    }

    struct Section {
        let title: String
        let rows: [Row]
        /// Services show every window, their SLA and budget; aggregates show the 10-minute level.
        let isServices: Bool
    }

    struct PageModel {
        let site: SiteChrome
        let title = "Live service level"
        let sections: [Section]
        let hasSections: Bool
        let generated: String
    }

    /// The current levels of every subject, with each service's figures per window.
    static func current(_ context: AppContext, now: Date = Date()) throws -> (states: [ServiceLevelState], services: [Int64: ServiceLevelAssessment]) {
        let inventory = try context.inventory.current(context.store)
        let result = try context.store.read { db in try ServiceLevels.assessments(db, inventory: inventory, now: now) }
        return (result.states, result.services)
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let (states, services) = try current(context)
        func row(_ state: ServiceLevelState) -> Row {
            let assessment: ServiceLevelAssessment?
            var href = ""
            switch state.subject {
            case .service(let id): assessment = services[id]; href = "/services/\(id)"
            case .process(let id): assessment = nil; href = "/processes/\(id)"
            case .region(let id): assessment = nil; href = "/regions/\(id)"
            case .overall: assessment = nil
            }
            func window(_ i: Int) -> String { assessment.flatMap { $0.levels[i].percent }.map(ServiceLevel.format) ?? "—" }
            return Row(subject: state.subject.key, kind: state.subject.kindName, name: state.name, href: href, hasHref: !href.isEmpty,
                       level: state.levelText, hour: window(1), day: window(2), month: window(3), mood: state.mood.rawValue,
                       reason: state.reason, sla: assessment?.slaPercent.map(ServiceLevel.format) ?? "—",
                       budget: assessment?.budgetLeftMinutes.map { String(format: "%.1f min", $0) } ?? "—")
        }
        let groups: [(String, (ServiceLevelSubject) -> Bool)] = [
            ("Overall", { $0 == .overall }),
            ("Regions", { if case .region = $0 { true } else { false } }),
            ("Business processes", { if case .process = $0 { true } else { false } }),
            ("Services", { if case .service = $0 { true } else { false } }),
        ]
        let sections = groups.compactMap { title, test -> Section? in
            let isServices = title == "Services"
            let rows = states.filter { test($0.subject) }.map { state in
                var line = row(state)
                line.isServices = isServices
                return line
            }
            return rows.isEmpty ? nil : Section(title: title, rows: rows, isServices: isServices)
        }
        let model = PageModel(site: SiteChrome(request), sections: sections, hasSections: !sections.isEmpty,
                              generated: StoreTime.format(Date()))
        return Flash.clear(try context.views.page("live", model), request: request)
    }

    /// Server-Sent Events: one `level` event per change, resumable with `Last-Event-ID` (or `?last_event_id=`).
    @Sendable static func events(_ request: Request, _ context: AppContext) throws -> Response {
        let raw = request.header("Last-Event-ID") ?? request.queryValue("last_event_id")
        let lastID = raw.flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
        let stream = try context.live.open(store: context.store, lastEventID: lastID)
        return .eventStream(stream)
    }

    /// `GET /api/v1/service-levels`: the same as `/live`, as JSON.
    @Sendable static func api(_ request: Request, _ context: AppContext) throws -> Response {
        let (states, services) = try current(context)
        struct Window: Encodable {
            let window: String
            let level: String
            let percent: Double?
            let good_minutes: Int
            let bad_minutes: Int
            let maintenance_minutes: Int
        }
        struct Item: Encodable {
            let current: LiveJSON.Level
            let windows: [Window]?
            let sla_percent: Double?
            let budget_left_minutes: Double?

            func encode(to encoder: Encoder) throws {
                try current.encode(to: encoder)
                enum Keys: String, CodingKey { case windows, sla_percent, budget_left_minutes }
                var container = encoder.container(keyedBy: Keys.self)
                try container.encodeIfPresent(windows, forKey: .windows)
                try container.encode(sla_percent, forKey: .sla_percent)
                try container.encode(budget_left_minutes, forKey: .budget_left_minutes)
            }
        }
        let lastEventID = try context.store.read { try ServiceLevelStore.lastEventID($0) }
        let items = states.map { state -> Item in
            var assessment: ServiceLevelAssessment?
            if case .service(let id) = state.subject { assessment = services[id] }
            let windows = assessment.map { a in
                a.levels.map { Window(window: $0.window.rawValue, level: $0.percent.map(ServiceLevel.format) ?? "unknown", percent: $0.percent,
                                      good_minutes: $0.goodMinutes, bad_minutes: $0.badMinutes, maintenance_minutes: $0.maintenanceMinutes) }
            }
            return Item(current: LiveJSON.Level(state, at: nil, eventID: nil), windows: windows, sla_percent: assessment?.slaPercent,
                        budget_left_minutes: assessment?.budgetLeftMinutes)
        }
        struct Body: Encodable {
            let levels: [Item]
            let last_event_id: Int64
        }
        return .json(Body(levels: items, last_event_id: lastEventID))
    }
}
