import Foundation
import PortalReports

/// Documents the tests render: one that exercises every block and script, and a long table.
enum ReportFixtures {
    static let ticketURL = URL(string: "https://tickets.example.com/browse/CHG-118230?view=it's(all)")!
    static let creationDate = Date(timeIntervalSince1970: 1_799_571_600)  // 2027-01-10 09:00:00 UTC
    static let longToken = String(repeating: "unbreakable0123456789", count: 14)
    static let headings = ["Summary", "Affected services", "Production", "Contacts", "Appendix", "Method"]
    static let tableHeader = ["Service", "Env", "State", "Owner", "Why"]
    static let owners = ["José Núñez", "山田太郎", "김민수", "Zoë Lefèvre", "דוד כהן", "ليلى حداد", "Łukasz Wójcik",
                         "Ольга Иванова"]

    static func metadata(paper: PaperSize = .a4) -> PDFMetadata {
        PDFMetadata(title: "Change-impact report DT-42", subject: "Impact of downtime DT-42 (\(paper.rawValue))",
                    author: "Zoë Lefèvre", creator: "Forewarn tests", keywords: ["downtime", "impact", "DT-42"])
    }

    /// Every block kind, CJK, accented, right-to-left names, a long token and a table of `rows` rows.
    static func sample(paper: PaperSize = .a4, rows: Int = 120) -> ReportDocument {
        ReportDocument(
            title: "Change-impact report: DT-42",
            subtitle: "Firmware upgrade of the db-east cluster",
            metadata: metadata(paper: paper),
            creationDate: creationDate,
            paper: paper,
            footerLeft: "Snapshot 42 · generated 2027-01-10 09:00 UTC",
            titleBlock: [
                ReportField("Downtime", "DT-42"),
                ReportField("Window", "Sat 2027-01-16 22:00 – Sun 2027-01-17 04:00 Europe/Paris"),
                ReportField("Ticket", "CHG-118230", link: ticketURL),
                ReportField("Coordinator", "山田太郎 (downtime coordinator)"),
            ],
            blocks: [
                .heading("Summary"),
                .paragraph("This downtime takes down \(rows) services. Owners were notified when it was announced; "
                    + "the impact below is frozen with the snapshot."),
                .note("Payroll runs its monthly batch in this window; the data owner agreed to move it.", tone: .info),
                .fields([ReportField("Down", "40"), ReportField("Degraded", "40"), ReportField("At risk", "40")]),
                .heading("Affected services"),
                .heading("Production", level: 2),
                .table(serviceTable(rows: rows)),
                .heading("Contacts"),
                .table(ReportTable(
                    columns: [ReportColumn("Name", width: 2), ReportColumn("Role", width: 2), ReportColumn("Mail", width: 3)],
                    rows: owners.enumerated().map { index, name in
                        [ReportCell(name, bold: true), ReportCell("data owner", tone: .muted),
                         ReportCell("owner\(index)@example.com", link: URL(string: "mailto:owner\(index)@example.com"))]
                    }
                )),
                .heading("Appendix"),
                .heading("Method", level: 2),
                .paragraph("Impact follows hard and soft dependencies from the targets to business processes."),
                .spacer,
                .note("Generated from the frozen snapshot; a changed inventory shows as a diff.", tone: .warning),
                .paragraph("Open the ticket", link: ticketURL),
            ]
        )
    }

    static func serviceTable(rows: Int) -> ReportTable {
        let states: [(String, CellTone)] = [("down", .danger), ("degraded", .warning), ("at risk", .caution)]
        return ReportTable(
            columns: [
                ReportColumn("Service", width: 1.2), ReportColumn("Env", width: 0.6), ReportColumn("State", width: 0.8),
                ReportColumn("Owner", width: 1.4), ReportColumn("Why", width: 3),
            ],
            rows: (0..<rows).map { index in
                let state = states[index % states.count]
                let why = index == 7 ? longToken
                    : "Payroll is down: it depends (hard) on PG-\(index % 9), which runs only on db-12 and db-13."
                return [
                    ReportCell(String(format: "svc-%03d", index), bold: true),
                    ReportCell(index % 2 == 0 ? "PROD" : "INT", tone: .muted),
                    ReportCell(state.0, tone: state.1),
                    ReportCell(owners[index % owners.count]),
                    ReportCell(why),
                ]
            }
        )
    }

    /// A change-impact style table of `rows` rows with six columns of realistic text.
    static func large(rows: Int = 2000) -> ReportDocument {
        let kinds = ["Server", "Service", "Cluster", "Process", "Data set"]
        let people = ["Anna Müller", "José Núñez", "Zoë Lefèvre", "山田太郎", "김민수", "Priya Raman"]
        let table = ReportTable(
            columns: [
                ReportColumn("Object", width: 1.85), ReportColumn("Kind", width: 0.9), ReportColumn("Env", width: 0.65),
                ReportColumn("State", width: 1.1), ReportColumn("Why", width: 3.25), ReportColumn("Contacts", width: 2.55),
            ],
            rows: (0..<rows).map { index in
                [
                    ReportCell("object-\(index)", bold: true),
                    ReportCell(kinds[index % kinds.count]),
                    ReportCell(["PROD", "INT", "TEST"][index % 3], tone: .muted),
                    ReportCell(["down", "degraded", "at risk"][index % 3], tone: [.danger, .warning, .caution][index % 3]),
                    ReportCell(index % 5 == 0 ? "uses svc-\(index % 97) → pg-\(index % 13), which runs on db-\(index % 40)"
                                              : "depends (hard) on svc-\(index % 97)"),
                    ReportCell("\(people[index % people.count]) (data owner)"),
                ]
            }
        )
        return ReportDocument(
            title: "Large report", metadata: metadata(), creationDate: creationDate, footerLeft: "Snapshot 7",
            blocks: [.heading("Affected objects"), .table(table)]
        )
    }

    /// A table whose single row is taller than a page.
    static func tallRow() -> ReportDocument {
        // Enough words to be taller than a page even when the column takes the whole width.
        let words = (1...2500).map { String(format: "w%04d", $0) }.joined(separator: " ")
        return ReportDocument(
            title: "Tall row", metadata: metadata(), creationDate: creationDate,
            blocks: [
                .heading("Tall"),
                .table(ReportTable(columns: [ReportColumn("Name"), ReportColumn("Text", width: 0.6)],
                                   rows: [["first", "-"], ["tall", ReportCell(words)], ["after", "-"]])),
            ]
        )
    }
}
