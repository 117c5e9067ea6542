import Foundation
import PortalCore
import PortalHTTP
import PortalReports
import PortalStore

/// The change-impact report for the change ticket: printable HTML, and the notification list as CSV.
enum ReportController {
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
        let hasConflicts: Bool
        let override: String
        let audit: [AuditRow]
    }

    /// What the report shows: the frozen snapshot when announced, else the live impact.
    static func impact(_ context: AppContext, _ downtime: DowntimeRecord) throws -> (Impact, ImpactSnapshotRecord?) {
        let snapshot = try context.store.read { try DowntimeStore.latestSnapshot($0, downtimeID: downtime.id) }
        return (try snapshot?.impact ?? DowntimeService.liveImpact(context, downtime: downtime), snapshot)
    }

    @Sendable static func report(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        return try context.views.page("downtimes/report", try model(request, context, downtime).0)
    }

    /// The notification list as CSV: one row per contact with roles, reasons and how to reach them.
    @Sendable static func notificationsCSV(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        let (impact, _) = try self.impact(context, downtime)
        let view = ImpactView(impact, inventory: try context.inventory.current(context.store), serverLimit: 0)
        var text = CSV.line(["contact", "kind", "email", "phone", "priority", "roles", "reasons"])
        for contact in view.contacts {
            text += CSV.line([contact.name, contact.kind, contact.email, contact.phone, contact.priority, contact.roles, contact.reasons.joined(separator: "; ")])
        }
        return Response(status: 200, headers: [("Content-Type", "text/csv; charset=utf-8"),
                                               ("Content-Disposition", "attachment; filename=\"forewarn-DT-\(downtime.id)-notifications.csv\"")],
                        body: Array(text.utf8))
    }
}

extension ReportController {
    /// The HTML report's model, shared by the page and the PDF.
    static func model(_ request: Request, _ context: AppContext, _ downtime: DowntimeRecord) throws -> (Model, ImpactSnapshotRecord?) {
        let (impact, snapshot) = try self.impact(context, downtime)
        let inventory = try context.inventory.current(context.store)
        let (events, audit) = try context.store.read { db in
            (try DowntimeStore.events(db, downtimeID: downtime.id), try AuditLog.recent(db, objectKind: "downtime", objectID: downtime.id, limit: 500))
        }
        let conflicts = try DowntimeService.conflicts(context, downtime: downtime)
        let utc = (try? downtime.window.format(in: "UTC")) ?? downtime.window.formatted
        let model = Model(
            site: SiteChrome(request), title: "Change-impact report DT-\(downtime.id)", id: downtime.id, downtimeTitle: downtime.title,
            kind: downtime.kind.displayName, state: downtime.state.displayName, windowUTC: utc, windowLocal: downtime.window.formatted,
            ticket: downtime.changeTicket.isEmpty ? "—" : downtime.changeTicket, changeURL: downtime.changeURL,
            coordinator: DowntimePages.person(downtime.coordinatorName, downtime.coordinatorEmail),
            commsManager: DowntimePages.person(downtime.commsManagerName, downtime.commsManagerEmail),
            reason: downtime.reason, note: downtime.note,
            snapshot: snapshot.map { "Snapshot \($0.id), frozen \(StoreTime.format($0.takenAt))" } ?? "Not announced yet: live impact, may still change",
            generated: StoreTime.format(Date()), targets: downtime.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", "),
            impact: ImpactView(impact, inventory: inventory, serverLimit: 5000),
            conflicts: conflicts.map(\.message), hasConflicts: !conflicts.isEmpty, override: downtime.overrideReason,
            audit: events.map { Model.AuditRow(at: StoreTime.format($0.at), actor: $0.actor, action: "\($0.event): \($0.fromState.map { "\($0) → " } ?? "")\($0.toState)\($0.note.isEmpty ? "" : " (\($0.note))")") }
                + audit.filter { $0.action == "update" }.map { Model.AuditRow(at: $0.at, actor: $0.actor, action: "edited") })
        return (model, snapshot)
    }

    /// `GET /downtimes/:id/report.pdf[?paper=letter]`: the same report as a PDF to attach to the change ticket.
    @Sendable static func pdf(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        let paper = try paperSize(request.queryValue("paper"))
        let data = try pdfData(request, context, downtime: downtime, paper: paper)
        return Response(status: 200, headers: [("Content-Type", "application/pdf"),
                                               ("Content-Disposition", "attachment; filename=\"forewarn-DT-\(downtime.id)-impact.pdf\"")],
                        body: [UInt8](data))
    }

    static func pdfData(_ request: Request, _ context: AppContext, downtime: DowntimeRecord, paper: PaperSize) throws -> Data {
        let (model, snapshot) = try self.model(request, context, downtime)
        let host = request.header("host").map { "http://\($0)" } ?? "http://127.0.0.1"
        let base = context.configuration.publicURL ?? host
        return try PDFRenderer.render(ReportDocuments.changeImpact(model, downtime: downtime, snapshot: snapshot, paper: paper, baseURL: base))
    }

    static func paperSize(_ value: String?) throws -> PaperSize {
        guard let value, !value.isEmpty else { return .a4 }
        guard let paper = PaperSize(rawValue: value.lowercased()) else { throw HTTPError(400, "paper must be a4 or letter.") }
        return paper
    }
}

/// `forewarn report <id> --pdf FILE`: the change-impact report written without a running server.
public enum ReportCommand {
    /// Writes the PDF of downtime `id` to `path`; `paper` is `a4` or `letter`. Throws a message for the user.
    public static func writePDF(application: Application, downtimeID: Int64, paper: String, path: String) throws {
        let context = application.context
        guard let downtime = try context.store.read({ try DowntimeStore.fetch($0, id: downtimeID) }) else {
            throw ServerError(message: "there is no downtime DT-\(downtimeID)")
        }
        guard let size = PaperSize(rawValue: paper.lowercased()) else { throw ServerError(message: "--paper must be a4 or letter") }
        let request = try Request(method: "GET", rawTarget: "/downtimes/\(downtimeID)/report.pdf", headers: [("Host", "127.0.0.1:8080")])
        let data = try ReportController.pdfData(request, context, downtime: downtime, paper: size)
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw ServerError(message: "cannot write \(path)") }
    }
}
