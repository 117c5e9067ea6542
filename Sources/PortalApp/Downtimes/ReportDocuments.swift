import Foundation
import PortalCore
import PortalReports
import PortalStore

/// Builds PDF documents from the same view models as the HTML pages, with the one table/section engine of PortalReports.
enum ReportDocuments {
    static func tone(_ stateClass: String) -> CellTone {
        switch stateClass {
        case "down": return .danger
        case "degraded": return .warning
        case "at_risk": return .caution
        default: return .normal
        }
    }

    static func objectTable(_ title: String, _ rows: [ImpactView.ObjectRow], empty: String, base: String) -> [ReportBlock] {
        [.heading(title, level: 1),
         .table(ReportTable(columns: [ReportColumn("Name", width: 1.3), ReportColumn("State", width: 0.7), ReportColumn("Explanation", width: 4)],
                            rows: rows.map { [ReportCell($0.name, link: URL(string: base + $0.href), bold: true),
                                              ReportCell($0.state, tone: tone($0.stateClass)), ReportCell($0.explanation)] },
                            emptyText: empty))]
    }

    /// The change-impact report of a downtime. The creation date comes from the snapshot (or the last change of a
    /// draft), never the clock, so the same snapshot always gives the same bytes.
    static func changeImpact(_ model: ChangeImpactReport.Model, downtime: DowntimeRecord, snapshot: ImpactSnapshotRecord?,
                             paper: PaperSize, baseURL: String) -> ReportDocument {
        let impact = model.impact
        let reportURL = URL(string: "\(baseURL)/downtimes/\(downtime.id)/report")
        var blocks: [ReportBlock] = [
            .heading("Summary", level: 1),
            .fields([ReportField("When (UTC)", model.windowUTC), ReportField("When (declared zone)", model.windowLocal),
                     ReportField("Kind", model.kind), ReportField("State", model.state), ReportField("Targets", model.targets),
                     ReportField("Coordinator", model.coordinator), ReportField("Comms manager", model.commsManager),
                     ReportField("Impact", model.snapshot), ReportField("Online report", reportURL?.absoluteString ?? "", link: reportURL)]
                    + (model.reason.isEmpty ? [] : [ReportField("Reason", model.reason)])
                    + (model.note.isEmpty ? [] : [ReportField("Note", model.note)])),
            .paragraph(impact.summary),
            // Conflicts and change freezes come first: they are what a change board asks about before anything else.
            .heading("Conflicts and overrides", level: 1),
        ]
        blocks += model.conflicts.isEmpty ? [.paragraph("No conflicts.")] : model.conflicts.map { .note($0, tone: .warning) }
        if !model.override.isEmpty { blocks.append(.note("Change-freeze override: \(model.override)", tone: .warning)) }
        blocks += objectTable("Affected services by severity", impact.services, empty: "No service is affected.", base: baseURL)
        blocks += objectTable("Business processes", impact.processes, empty: "No business process is affected.", base: baseURL)
        blocks += [.heading("Data sets and their owners", level: 1),
                   .table(ReportTable(columns: [ReportColumn("Data set", width: 1.3), ReportColumn("State", width: 0.7),
                                                ReportColumn("Owners", width: 1.3), ReportColumn("Explanation", width: 3)],
                                      rows: impact.datasets.map { [ReportCell($0.name, bold: true), ReportCell($0.state, tone: tone($0.stateClass)),
                                                                   ReportCell($0.owners.isEmpty ? "—" : $0.owners), ReportCell($0.explanation)] },
                                      emptyText: "No data set is affected."))]
        blocks += [
            .heading("Notification list", level: 1),
            .table(ReportTable(columns: [ReportColumn("Person or team", width: 1.4), ReportColumn("Roles", width: 1.2),
                                         ReportColumn("Why", width: 3), ReportColumn("How to reach", width: 1.6)],
                               rows: impact.contacts.map { [ReportCell("\($0.name) (\($0.priority))", bold: true), ReportCell($0.roles),
                                                            ReportCell($0.reasons.joined(separator: "\n")),
                                                            ReportCell([$0.email, $0.phone].filter { !$0.isEmpty }.joined(separator: "\n"),
                                                                       link: $0.email.isEmpty ? nil : URL(string: "mailto:\($0.email)"))] },
                               emptyText: "Nobody to notify.")),
        ]
        blocks += objectTable("Servers in the downtime (\(impact.serverCount))", impact.servers, empty: "No server is down.", base: baseURL)
        blocks += [
            .heading("Audit trail", level: 1),
            .table(ReportTable(columns: [ReportColumn("When (UTC)", width: 1.3), ReportColumn("Who", width: 1.2), ReportColumn("What", width: 3.5)],
                               rows: model.audit.map { [ReportCell($0.at), ReportCell($0.actor), ReportCell($0.action)] })),
        ]
        let frozen = snapshot?.takenAt ?? downtime.updatedAt
        return ReportDocument(
            title: "Change-impact report DT-\(downtime.id)",
            subtitle: downtime.title,
            metadata: PDFMetadata(title: "Change-impact report DT-\(downtime.id): \(downtime.title)",
                                  subject: "Impact of \(downtime.kind.displayName.lowercased()) \(model.windowUTC)",
                                  author: "Forewarn", creator: "Forewarn \(ForewarnVersion.current)",
                                  keywords: ["downtime", "change", "DT-\(downtime.id)", downtime.changeTicket].filter { !$0.isEmpty }),
            creationDate: frozen, paper: paper,
            footerLeft: "DT-\(downtime.id) · " + (snapshot.map { "snapshot \($0.id) of \(StoreTime.format($0.takenAt))" } ?? "draft, live impact of \(StoreTime.format(frozen))"),
            titleBlock: [ReportField("Downtime", "DT-\(downtime.id)"), ReportField("Window (UTC)", model.windowUTC),
                         ReportField("Window (\(downtime.window.timeZone))", model.windowLocal),
                         ReportField("Change ticket", model.ticket, link: URL(string: downtime.changeURL))],
            blocks: blocks)
    }
}
