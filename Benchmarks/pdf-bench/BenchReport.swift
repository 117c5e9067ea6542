import Foundation
import PortalReports

/// Deterministic pseudo-random numbers (SplitMix64), so every run and every renderer sees the same rows.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A change-impact style report with `rows` affected objects: the benchmark's fixed workload.
enum BenchReport {
    static let columns = [
        ReportColumn("Object", width: 1.85),
        ReportColumn("Kind", width: 0.9),
        ReportColumn("Env", width: 0.65),
        ReportColumn("State", width: 1.1),
        ReportColumn("Why", width: 3.25),
        ReportColumn("Contacts", width: 2.55),
    ]

    static let fields = [
        ReportField("Downtime", "DT-2027-0042"),
        ReportField("Window", "Sat 2027-01-16 22:00 – Sun 2027-01-17 04:00 Europe/Paris (UTC+01:00)"),
        ReportField("Ticket", "CHG-118230", link: URL(string: "https://tickets.example.com/browse/CHG-118230")),
        ReportField("Coordinator", "Zoë Lefèvre (downtime coordinator, primary)"),
        ReportField("Targets", "cluster db-east (db-12.fra2, db-13.fra2), server app-07.fra2"),
    ]

    static func rows(count: Int, seed: UInt64 = 42) -> [[ReportCell]] {
        var random = SeededGenerator(seed: seed)
        let systems = ["payroll", "billing", "ledger", "crm", "stock", "search", "auth", "hr", "etl", "mail", "catalog",
                       "pricing"]
        let parts = ["db", "api", "svc", "web", "mq", "cache"]
        let kinds = ["Server", "Service", "Cluster", "Process", "Data set"]
        let environments = ["PROD", "PROD", "INT", "TEST", "DEV"]
        let people = ["Anna Müller", "José Núñez", "Zoë Lefèvre", "Łukasz Wójcik", "Søren Kjærgaard", "Chloé Dubois",
                      "Björn Ångström", "Inês Ferreira", "Mehmet Yılmaz", "Ольга Иванова", "Priya Raman", "Tomás Ó Briain",
                      "Kateřina Nováková", "Jürgen Groß", "Aoife Ní Bhriain", "Giulia Rossi"]
        let roles = ["data owner", "tech contact", "coordinator", "owner"]
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        // Zero-padded by hand: Foundation's String(format:) took 2 % of the whole process's instructions.
        func threeDigits(_ number: Int) -> String { number < 10 ? "00\(number)" : number < 100 ? "0\(number)" : "\(number)" }
        func name() -> String { "\(pick(systems))-\(pick(parts))-\(threeDigits(Int(random.next() % 400)))" }
        func host() -> String { "db-\(10 + Int(random.next() % 40)).\(pick(["fra2", "ams1", "par3"]))" }

        return (0..<count).map { _ in
            let state: (String, CellTone) = switch random.next() % 20 {
            case 0..<6: ("down", .danger)
            case 6..<13: ("degraded", .warning)
            default: ("at risk", .caution)
            }
            let why: String = switch random.next() % 6 {
            case 0: "runs on \(host())"
            case 1: "depends (hard) on \(name())"
            case 2: "depends (soft) on \(name())"
            case 3: "1 of 2 hosts down: \(host())"
            case 4: "uses \(name()) → \(name())"
            default: "stored on \(name())"
            }
            let contacts = random.next() % 8 == 0
                ? "\(pick(people)) (\(pick(roles))); \(pick(people))"
                : "\(pick(people)) (\(pick(roles)))"
            return [
                ReportCell(name(), bold: true),
                ReportCell(pick(kinds)),
                ReportCell(pick(environments), tone: .muted),
                ReportCell(state.0, tone: state.1),
                ReportCell(why),
                ReportCell(contacts),
            ]
        }
    }

    static func document(rows: [[ReportCell]], paper: PaperSize) -> ReportDocument {
        let down = rows.filter { $0[3].tone == .danger }.count
        let degraded = rows.filter { $0[3].tone == .warning }.count
        return ReportDocument(
            title: "Change-impact report: DT-2027-0042",
            subtitle: "Database cluster db-east firmware upgrade",
            metadata: PDFMetadata(title: "Change-impact report: DT-2027-0042", subject: "Impact of downtime DT-2027-0042",
                                  author: "Zoë Lefèvre", creator: "Forewarn", keywords: ["downtime", "impact", "DT-2027-0042"]),
            creationDate: Date(timeIntervalSince1970: 1_799_571_600),
            paper: paper,
            footerLeft: "Snapshot 42 · generated 2027-01-10 09:00 UTC",
            titleBlock: fields,
            blocks: [
                .heading("Summary", level: 1),
                .paragraph("This downtime affects \(rows.count) objects: \(down) down, \(degraded) degraded and "
                    + "\(rows.count - down - degraded) at risk. The impact was frozen when the downtime was announced."),
                .note(note, tone: .warning),
                .heading("Affected objects", level: 1),
                .table(ReportTable(columns: columns, rows: rows)),
            ]
        )
    }

    static let note = "Objects marked down lose service for the whole window; plan manual workarounds with their data owners."

    /// The workload as JSON for the Python renderers: the same title block, columns and rows.
    static func json(_ document: ReportDocument, rows: [[ReportCell]]) throws -> Data {
        func tone(_ tone: CellTone) -> String {
            switch tone {
            case .normal: "normal"
            case .danger: "danger"
            case .warning: "warning"
            case .caution: "caution"
            case .muted: "muted"
            }
        }
        guard case .paragraph(let summary, _) = document.blocks[1] else { preconditionFailure("summary paragraph expected") }
        let object: [String: Any] = [
            "product": document.productName,
            "summary": summary,
            "note": note,
            "title": document.title,
            "subtitle": document.subtitle,
            "footer": document.footerLeft,
            "fields": document.titleBlock.map { ["label": $0.label, "value": $0.value, "link": $0.link?.absoluteString ?? ""] },
            "columns": columns.map { ["title": $0.title, "width": $0.width] },
            "rows": rows.map { row in row.map { ["text": $0.text, "tone": tone($0.tone), "bold": $0.bold] } },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
