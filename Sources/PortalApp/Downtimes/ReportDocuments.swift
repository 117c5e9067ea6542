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

    /// The change-impact report of a downtime: the model's sections in their order, the window once in the title block
    /// of page 1. The creation date comes from the snapshot (or the last change of a draft), never the clock, so the same
    /// snapshot always gives the same bytes. Without `baseURL` the PDF has no links into the portal.
    static func changeImpact(_ model: ChangeImpactReport.Model, downtime: DowntimeRecord, snapshot: ImpactSnapshotRecord?,
                             paper: PaperSize, baseURL: String?) -> ReportDocument {
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
            titleBlock: [ReportField("Downtime", "DT-\(downtime.id)"), ReportField("Window", model.window),
                         ReportField("Change ticket", model.ticket, link: URL(string: downtime.changeURL))],
            blocks: model.sections.flatMap { blocks($0, baseURL: baseURL) })
    }

    /// One report section as PDF blocks; an empty one says "None".
    static func blocks(_ section: ReportSection, baseURL: String?) -> [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(section.title, level: 1)]
        if section.hasFields {
            blocks.append(.fields(section.fields.map { field in
                ReportField(field.label, field.flag.isEmpty ? field.value : "\(field.value) (\(field.flag))", link: link(field.href, baseURL))
            }))
        }
        for line in section.lines {
            blocks.append(line.warning ? .note(line.text, tone: .warning) : .paragraph(line.text))
        }
        if let table = section.table {
            blocks.append(.table(ReportTable(
                columns: table.columns.map { ReportColumn($0) },
                rows: table.rows.map { row in
                    row.cells.map { cell in
                        let text = (cell.lines + (cell.flag.isEmpty ? [] : [cell.flag])).joined(separator: "\n")
                        return ReportCell(text, link: link(cell.href, baseURL), tone: cell.flag.isEmpty ? tone(cell.badge) : .danger, bold: cell.bold)
                    }
                })))
        }
        blocks += section.after.map { .paragraph($0.text) }
        if section.none { blocks.append(.paragraph(ReportSection.noneText)) }
        if section.breakAfter { blocks.append(.pageBreak) }
        return blocks
    }

    /// A cell's link in the PDF: absolute links as they are, portal paths only with a public base.
    static func link(_ href: String, _ baseURL: String?) -> URL? {
        guard !href.isEmpty else { return nil }
        if href.hasPrefix("/") { return baseURL.flatMap { URL(string: $0 + href) } }
        return URL(string: href)
    }
}
