import Foundation
import PortalCore
import PortalStore
import PortalViews

/// The "Service level" card of a service or process page: level, mood, reason, windows and the 30-day chart.
struct ServiceLevelPanel {
    struct Window {
        let label: String
        let level: String
    }

    let level: String
    let mood: String
    let reason: String
    let windows: [Window]
    let hasWindows: Bool
    let sla: String
    let budget: String
    let chart: String

    static let days = 30

    /// The panel for a service or process page; nil for other kinds.
    static func make(_ db: Database, inventory: Inventory, kind: InventoryKind, id: Int64, now: Date = Date()) throws -> ServiceLevelPanel? {
        let subject: ServiceLevelSubject
        let memberIDs: [Int64]
        switch kind {
        case .services:
            subject = .service(id)
            memberIDs = [id]
        case .processes:
            guard let process = inventory.processes.first(where: { $0.id == id }) else { return nil }
            subject = .process(id)
            memberIDs = ServiceLevelAggregates.members(of: process, inventory: inventory)
        default:
            return nil
        }
        let computed = try ServiceLevels.assessments(db, inventory: inventory, now: now)
        let (assessments, states) = (computed.services, computed.states)
        guard let state = states.first(where: { $0.subject == subject }) else { return nil }
        let assessment: ServiceLevelAssessment? = if case .service(let serviceID) = subject { assessments[serviceID] } else { nil }

        let today = Int(now.timeIntervalSince1970 / 86_400)
        let daily = try ServiceLevelStore.daily(db, serviceIDs: memberIDs, fromMinute: (today - days + 1) * 1440)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        let chartDays = (today - days + 1...today).map { day -> ServiceLevelChart.Day in
            let percents = memberIDs.map { member -> Double? in
                guard let counts = daily[member]?[day], counts.good + counts.bad > 0 else { return nil }
                return Double(counts.good) * 100 / Double(counts.good + counts.bad)
            }
            let percent = kind == .services ? percents.first ?? nil : ServiceLevelAggregation.worst(percents)
            return ServiceLevelChart.Day(label: formatter.string(from: Date(timeIntervalSince1970: Double(day) * 86_400)), percent: percent)
        }
        return ServiceLevelPanel(
            level: state.levelText, mood: state.mood.rawValue, reason: state.reason,
            windows: assessment?.levels.map { Window(label: $0.window.label, level: $0.percent.map(ServiceLevel.format) ?? "—") } ?? [],
            hasWindows: assessment != nil,
            sla: assessment?.slaPercent.map { ServiceLevel.format($0) } ?? "",
            budget: assessment?.budgetLeftMinutes.map { String(format: "%.1f bad minutes", $0) } ?? "",
            chart: ServiceLevelChart.svg(days: chartDays, slaPercent: assessment?.slaPercent))
    }
}
