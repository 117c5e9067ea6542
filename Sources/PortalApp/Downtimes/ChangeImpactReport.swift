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
        let windowUTC: String
        /// The window once, in the declared zone with the UTC times beside it: the title block of the page and of page 1.
        let window: String
        let ticket: String
        let changeURL: String
        let snapshot: String
        let impact: ImpactView
        let changePack: ChangePack?
        let approvals: [ApprovalRecord]
        let conflictLines: [ConflictLine]
        let override: String
        let coordinator: String
        let commsManager: String
        let state: String
        let targets: String
        let reason: String
        let note: String
        let audit: [AuditRow]
        /// The sections in their order, shared by the page and the PDF.
        var sections: [ReportSection] = []
    }

    /// What the report shows: the frozen snapshot when announced, else the live impact.
    static func impact(_ context: AppContext, _ downtime: DowntimeRecord) throws -> (Impact, ImpactSnapshotRecord?) {
        let snapshot = try context.store.read { try DowntimeStore.latestSnapshot($0, downtimeID: downtime.id) }
        return (try snapshot?.impact ?? DowntimeService.liveImpact(context, downtime: downtime), snapshot)
    }

    /// The report's model, shared by the page and the PDF; `site` is the page chrome (navigation, user), unused by the PDF.
    /// `portalBase` makes the online-report link of the summary (the PDF's; nil leaves it out).
    static func model(_ context: AppContext, _ downtime: DowntimeRecord, site: SiteChrome, portalBase: String? = nil) throws -> (Model, ImpactSnapshotRecord?) {
        let (impact, snapshot) = try self.impact(context, downtime)
        // A frozen report reads only the inventory rows it names (see `ReportInventory`), never the whole inventory.
        var inventory = try snapshot == nil ? context.inventory.current(context.store) : nil
        let conflicts = try DowntimeService.conflicts(context, downtime: downtime, scope: snapshot == nil ? nil : { others, blackouts in
            let scoped = try ReportInventory.load(context, downtime: downtime, impact: impact, others: others, blackouts: blackouts)
            inventory = scoped
            return scoped
        })
        let reportInventory = try inventory ?? ReportInventory.load(context, downtime: downtime, impact: impact, others: [], blackouts: [])
        let (events, audit, pack, approvals) = try context.store.read { db in
            (try DowntimeStore.events(db, downtimeID: downtime.id), try AuditLog.recent(db, objectKind: "downtime", objectID: downtime.id, limit: 500),
             try ChangePackStore.fetch(db, downtimeID: downtime.id), try ChangePackStore.approvers(db, downtimeID: downtime.id))
        }
        let utc = (try? downtime.window.format(in: "UTC")) ?? downtime.window.formatted
        let auditRows = events.map { Model.AuditRow(at: StoreTime.format($0.at), actor: $0.actor, action: "\($0.event): \($0.fromState.map { "\($0) → " } ?? "")\($0.toState)\($0.note.isEmpty ? "" : " (\($0.note))")") }
            + audit.compactMap { entry -> Model.AuditRow? in
                switch entry.action {
                case "update": return Model.AuditRow(at: entry.at, actor: entry.actor, action: "edited")
                case "approve", "reject": return Model.AuditRow(at: entry.at, actor: entry.actor, action: ApprovalService.auditText(entry))
                default: return nil
                }
            }
        var model = Model(
            site: site, title: "Change-impact report DT-\(downtime.id)", id: downtime.id, downtimeTitle: downtime.title,
            kind: downtime.kind.displayName, windowUTC: utc,
            window: downtime.window.formatted,
            ticket: downtime.changeTicket.isEmpty ? "—" : downtime.changeTicket, changeURL: downtime.changeURL,
            snapshot: snapshot.map { "Snapshot \($0.id), frozen \(StoreTime.format($0.takenAt))" } ?? "Not announced yet: live impact, may still change",
            impact: ImpactView(impact, inventory: reportInventory, serverLimit: 5000), changePack: pack, approvals: approvals,
            conflictLines: ConflictLine.lines(conflicts), override: downtime.overrideReason,
            coordinator: DowntimePages.person(downtime.coordinatorName, downtime.coordinatorEmail),
            commsManager: DowntimePages.person(downtime.commsManagerName, downtime.commsManagerEmail),
            state: downtime.state.displayName, targets: downtime.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", "),
            reason: downtime.reason, note: downtime.note, audit: auditRows)
        model.sections = ChangeImpactSections.sections(model, downtimeID: downtime.id, portalBase: portalBase)
        return (model, snapshot)
    }

    /// The printable HTML page.
    static func html(_ context: AppContext, downtime: DowntimeRecord, site: SiteChrome) throws -> String {
        try context.views.render("downtimes/report", try model(context, downtime, site: site).0)
    }

    /// The PDF. Its links to the portal start with the configured public URL (`PublicURL`); without one they are left
    /// out, the "Online report" line included, because the listening address is rarely one a reader can reach. The
    /// notice worker passes the base its notice was queued with, so the attachment matches the mail.
    static func pdf(_ context: AppContext, downtime: DowntimeRecord, paper: PaperSize, baseURL: String? = nil) throws -> Data {
        let current = try PublicURL.current(context)
        let base = current.isConfigured ? (baseURL ?? current.base) : nil
        let (model, snapshot) = try self.model(context, downtime, site: SiteChrome(path: "/downtimes/\(downtime.id)/report.pdf"), portalBase: base)
        return try PDFRenderer.render(ReportDocuments.changeImpact(model, downtime: downtime, snapshot: snapshot, paper: paper, baseURL: base))
    }
}
