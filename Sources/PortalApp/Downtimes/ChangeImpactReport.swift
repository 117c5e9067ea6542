import Foundation
import PortalCore
import PortalReports
import PortalStore

/// The change-impact report of one downtime, as the HTML page or the PDF: one service for the report pages, the
/// `forewarn report` command and the notice worker's attachment. Takes values, never a request.
enum ChangeImpactReport {
    struct Model {
        struct AuditRow {
            let at: String
            let actor: String
            let action: String
        }

        let site: SiteChrome
        let title: String
        let id: Int64
        let downtimeTitle: String
        let kind: String
        let state: String
        let windowUTC: String
        let windowLocal: String
        let ticket: String
        let changeURL: String
        let coordinator: String
        let commsManager: String
        let reason: String
        let note: String
        let snapshot: String
        let generated: String
        let targets: String
        let impact: ImpactView
        let conflicts: [String]
        let conflictLines: [ConflictLine]
        let hasConflicts: Bool
        let override: String
        let audit: [AuditRow]
    }

    /// What the report shows: the frozen snapshot when announced, else the live impact.
    static func impact(_ context: AppContext, _ downtime: DowntimeRecord) throws -> (Impact, ImpactSnapshotRecord?) {
        let snapshot = try context.store.read { try DowntimeStore.latestSnapshot($0, downtimeID: downtime.id) }
        return (try snapshot?.impact ?? DowntimeService.liveImpact(context, downtime: downtime), snapshot)
    }

    /// The report's model, shared by the page and the PDF; `site` is the page chrome (navigation, user), unused by the PDF.
    static func model(_ context: AppContext, _ downtime: DowntimeRecord, site: SiteChrome) throws -> (Model, ImpactSnapshotRecord?) {
        let (impact, snapshot) = try self.impact(context, downtime)
        let inventory = try context.inventory.current(context.store)
        let (events, audit) = try context.store.read { db in
            (try DowntimeStore.events(db, downtimeID: downtime.id), try AuditLog.recent(db, objectKind: "downtime", objectID: downtime.id, limit: 500))
        }
        let conflicts = try DowntimeService.conflicts(context, downtime: downtime)
        let utc = (try? downtime.window.format(in: "UTC")) ?? downtime.window.formatted
        let model = Model(
            site: site, title: "Change-impact report DT-\(downtime.id)", id: downtime.id, downtimeTitle: downtime.title,
            kind: downtime.kind.displayName, state: downtime.state.displayName, windowUTC: utc, windowLocal: downtime.window.formatted,
            ticket: downtime.changeTicket.isEmpty ? "—" : downtime.changeTicket, changeURL: downtime.changeURL,
            coordinator: DowntimePages.person(downtime.coordinatorName, downtime.coordinatorEmail),
            commsManager: DowntimePages.person(downtime.commsManagerName, downtime.commsManagerEmail),
            reason: downtime.reason, note: downtime.note,
            snapshot: snapshot.map { "Snapshot \($0.id), frozen \(StoreTime.format($0.takenAt))" } ?? "Not announced yet: live impact, may still change",
            generated: StoreTime.format(Date()), targets: downtime.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", "),
            impact: ImpactView(impact, inventory: inventory, serverLimit: 5000),
            conflicts: conflicts.map(\.message), conflictLines: ConflictLine.lines(conflicts), hasConflicts: !conflicts.isEmpty, override: downtime.overrideReason,
            audit: events.map { Model.AuditRow(at: StoreTime.format($0.at), actor: $0.actor, action: "\($0.event): \($0.fromState.map { "\($0) → " } ?? "")\($0.toState)\($0.note.isEmpty ? "" : " (\($0.note))")") }
                + audit.filter { $0.action == "update" }.map { Model.AuditRow(at: $0.at, actor: $0.actor, action: "edited") })
        return (model, snapshot)
    }

    /// The printable HTML page.
    static func html(_ context: AppContext, downtime: DowntimeRecord, site: SiteChrome) throws -> String {
        try context.views.render("downtimes/report", try model(context, downtime, site: site).0)
    }

    /// The PDF; its links start with `baseURL`, by default the configured public URL (`PublicURL`). The notice worker
    /// passes the base its notice was queued with, so the attachment matches the mail.
    static func pdf(_ context: AppContext, downtime: DowntimeRecord, paper: PaperSize, baseURL: String? = nil) throws -> Data {
        let (model, snapshot) = try self.model(context, downtime, site: SiteChrome(path: "/downtimes/\(downtime.id)/report.pdf"))
        let base = try baseURL ?? PublicURL.current(context).base
        return try PDFRenderer.render(ReportDocuments.changeImpact(model, downtime: downtime, snapshot: snapshot, paper: paper, baseURL: base))
    }
}
