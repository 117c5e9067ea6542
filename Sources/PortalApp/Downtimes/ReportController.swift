import Foundation
import PortalCore
import PortalHTTP
import PortalReports
import PortalStore

/// `/downtimes/:id/report[.pdf]` and the notification list as CSV; the report itself is `ChangeImpactReport`.
enum ReportController {
    @Sendable static func report(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        return .html(try ChangeImpactReport.html(context, downtime: downtime, site: SiteChrome(request)))
    }

    /// The notification list as CSV: one row per contact with roles, reasons and how to reach them.
    @Sendable static func notificationsCSV(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        let (impact, _) = try ChangeImpactReport.impact(context, downtime)
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
    /// `GET /downtimes/:id/report.pdf[?paper=letter]`: the same report as a PDF to attach to the change ticket.
    @Sendable static func pdf(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        let paper = try paperSize(request.queryValue("paper"))
        let data = try ChangeImpactReport.pdf(context, downtime: downtime, paper: paper)
        return Response(status: 200, headers: [("Content-Type", "application/pdf"),
                                               ("Content-Disposition", "attachment; filename=\"forewarn-DT-\(downtime.id)-impact.pdf\"")],
                        body: [UInt8](data))
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
        let data = try ChangeImpactReport.pdf(context, downtime: downtime, paper: size)
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw ServerError(message: "cannot write \(path)") }
    }
}
