import Foundation
import PortalCore
import PortalReports
import PortalStore

extension ReportDocuments {
    /// The postmortem of an incident as a PDF: facts and duration, root cause, what was affected (from the frozen
    /// impact), the timeline of updates and the follow-ups. Dated by the incident's last change, never the clock.
    static func postmortem(_ incident: IncidentRecord, impact: ImpactView, updates: [IncidentUpdateRecord], followups: [IncidentFollowupRecord],
                           paper: PaperSize, baseURL: String) -> ReportDocument {
        let row = IncidentPages.row(incident, now: incident.endedAt ?? incident.updatedAt)
        let pageURL = URL(string: "\(baseURL)/incidents/\(incident.id)/postmortem")
        var blocks: [ReportBlock] = [
            .heading("Summary", level: 1),
            .fields([ReportField("Severity", row.severity), ReportField("Status", row.status), ReportField("Started", row.started),
                     ReportField("Ended", row.ended), ReportField("Duration", row.duration), ReportField("Affected", row.targets),
                     ReportField("Engineer", row.engineer.isEmpty ? "—" : row.engineer),
                     ReportField("Online postmortem", pageURL?.absoluteString ?? "", link: pageURL)]
                    + (incident.description.isEmpty ? [] : [ReportField("Description", incident.description)])
                    + (incident.resolution.isEmpty ? [] : [ReportField("Resolution", incident.resolution)])),
            .heading("Root cause", level: 1),
            .paragraph(incident.rootCause.isEmpty ? "Not written yet." : incident.rootCause),
            .heading("What was affected", level: 1),
            .paragraph(impact.summary),
        ]
        blocks += objectTable("Affected services", impact.services, empty: "No service was affected.", base: baseURL)
        blocks += objectTable("Business processes", impact.processes, empty: "No business process was affected.", base: baseURL)
        blocks += [
            .heading("Timeline of updates", level: 1),
            .table(ReportTable(columns: [ReportColumn("When", width: 1.4), ReportColumn("Status", width: 1), ReportColumn("Who", width: 1),
                                         ReportColumn("Message", width: 3.6)],
                               rows: updates.map { [ReportCell(Format.minute($0.at)), ReportCell($0.status.displayName), ReportCell($0.actor),
                                                    ReportCell($0.message)] })),
            .heading("Follow-up actions", level: 1),
            .table(ReportTable(columns: [ReportColumn("Action", width: 3.5), ReportColumn("Owner", width: 2), ReportColumn("Due", width: 1)],
                               rows: followups.map { [ReportCell($0.action), ReportCell(DowntimePages.person($0.ownerName, $0.ownerEmail)), ReportCell($0.dueOn)] },
                               emptyText: "No follow-up actions.")),
        ]
        return ReportDocument(
            title: "Postmortem INC-\(incident.id)", subtitle: incident.title,
            metadata: PDFMetadata(title: "Postmortem INC-\(incident.id): \(incident.title)", subject: "Incident \(row.started), \(row.duration)",
                                  author: "Forewarn", creator: "Forewarn \(ForewarnVersion.current)",
                                  keywords: ["incident", "postmortem", "INC-\(incident.id)", incident.ticket].filter { !$0.isEmpty }),
            creationDate: incident.updatedAt, paper: paper, footerLeft: "INC-\(incident.id) · postmortem",
            titleBlock: [ReportField("Incident", "INC-\(incident.id)"), ReportField("Severity", row.severity), ReportField("Duration", row.duration),
                         ReportField("Ticket", incident.ticket.isEmpty ? "—" : incident.ticket, link: URL(string: incident.ticketURL))],
            blocks: blocks)
    }
}
