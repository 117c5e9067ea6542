import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// `/series/:id`: a recurring window with every occurrence that exists, the next 10 the rule gives, and its moves.
enum SeriesPages {
    struct Model {
        struct Occurrence {
            let id: Int64
            let seriesID: Int64
            let local: String
            let utc: String
            let state: String
            let stateClass: String
            let note: String
            let conflicts: [String]
            let canSkip: Bool
        }

        let site: SiteChrome
        let title: String
        let id: Int64
        let rule: String
        let timeZone: String
        let firstStart: String
        let duration: String
        let horizon: String
        let announced: Bool
        let canAnnounce: Bool
        let targets: String
        let occurrences: [Occurrence]
        let next: [SeriesController.OccurrenceRow]
        let cancelFrom: String
    }

    @Sendable static func show(_ request: Request, _ context: AppContext) throws -> Response {
        let id = try SeriesController.seriesID(request)
        let view = try SeriesView.load(context, seriesID: id)
        let now = Date()
        let names = try context.store.read { db in try view.occurrences.first.map { try DowntimeStore.targets(db, downtimeID: $0.downtimeID) } ?? [] }
        // Conflicts and change freezes of every occurrence still to come, listed with it.
        var conflicts: [Int64: [String]] = [:]
        for occurrence in view.occurrences where occurrence.window.end > now && !occurrence.state.isFinal {
            if let record = try context.store.read({ try DowntimeStore.fetch($0, id: occurrence.downtimeID) }) {
                conflicts[occurrence.downtimeID] = try DowntimeService.conflicts(context, downtime: record).map(\.message)
            }
        }
        let occurrences = view.occurrences.map { occurrence in
            Model.Occurrence(id: occurrence.downtimeID, seriesID: id, local: occurrence.window.line(in: view.series.timeZone), utc: occurrence.window.line(in: "UTC"),
                             state: occurrence.state == .cancelled ? "skipped" : occurrence.state.displayName,
                             stateClass: occurrence.state.rawValue,
                             note: view.adjustments[occurrence.recurrenceAt]?.adjustmentNote ?? "", conflicts: conflicts[occurrence.downtimeID] ?? [],
                             canSkip: (occurrence.state == .draft || occurrence.state == .scheduled) && occurrence.window.start > now)
        }
        let tomorrow = (try? TimeZoneResolver.localDateTime(of: now.addingTimeInterval(86_400), in: view.series.timeZone))?.description.prefix(10) ?? ""
        let model = Model(
            site: SiteChrome(request), title: "Recurring window · \(view.series.template.title)", id: id, rule: view.series.rule,
            timeZone: view.series.timeZone, firstStart: view.series.firstStart.readable, duration: DurationText.format(TimeInterval(view.series.durationSeconds)),
            horizon: "\(view.series.horizonDays) days ahead; occurrences exist through "
                + ((try? TimeZoneResolver.localDateTime(of: view.series.plannedThrough, in: view.series.timeZone))?.description.prefix(10).description ?? ""),
            announced: view.series.announced, canAnnounce: view.occurrences.contains { $0.state == .draft },
            targets: names.map { "\($0.kindName) \($0.name)" }.joined(separator: ", "),
            occurrences: occurrences,
            next: view.next.map { SeriesController.row($0.window, note: $0.adjustmentNote ?? "", conflicts: []) },
            cancelFrom: String(tomorrow))
        return Flash.clear(try context.views.page("downtimes/series", model), request: request)
    }
}
