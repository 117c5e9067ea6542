import Foundation
import PortalCore
import PortalHTTP
import PortalReports
import PortalStore

/// `/reports`: the forward schedule of change, the data-owner digest and the coordinator schedule, each for a
/// date range with an optional region or service filter, printable.
enum ReportsController {
    /// The parameters every report takes.
    struct Parameters {
        let from: String
        let to: String
        let region: String
        let service: String
        let contact: String
        let fromDate: Date
        let toDate: Date
        let problem: String
    }

    /// The range defaults to the next `defaultDays` days, or to the last ones when negative (reports on the past).
    static func parameters(_ request: Request, defaultDays: Int = 30) -> Parameters {
        let today = StoreTime.format(Date().addingTimeInterval(defaultDays < 0 ? Double(defaultDays) * 86_400 : 0)).prefix(10)
        let from = String((request.queryValue("from") ?? String(today)).prefix(10))
        let defaultTo = StoreTime.format(Date().addingTimeInterval(defaultDays < 0 ? 0 : Double(defaultDays) * 86_400)).prefix(10)
        let to = String((request.queryValue("to") ?? String(defaultTo)).prefix(10))
        var problem = ""
        let fromDate = DowntimePages.day(from) ?? { problem = "From must be a date like 2027-01-01."; return Date() }()
        let toDate = DowntimePages.day(to).map { $0.addingTimeInterval(86_400) } ?? { problem = "To must be a date like 2027-01-31."; return Date() }()
        if problem.isEmpty && toDate <= fromDate { problem = "The range must end after it starts." }
        if problem.isEmpty && toDate.timeIntervalSince(fromDate) > 366 * 86_400 { problem = "Choose a range of at most a year." }
        return Parameters(from: from, to: to, region: String((request.queryValue("region") ?? "").prefix(200)),
                          service: String((request.queryValue("service") ?? "").prefix(200)), contact: String((request.queryValue("contact") ?? "").prefix(254)),
                          fromDate: fromDate, toDate: toDate, problem: problem)
    }

    /// A downtime in a report, with its impact (snapshot when announced, else live).
    struct Entry {
        let downtime: DowntimeRecord
        let impact: Impact
    }

    static func entries(_ context: AppContext, _ p: Parameters) throws -> [Entry] {
        guard p.problem.isEmpty else { return [] }
        let downtimes = try context.store.read { db in
            try DowntimeStore.list(db, from: p.fromDate, to: p.toDate, states: [.draft, .scheduled, .inProgress, .completed], limit: 2000)
        }
        let inventory = try context.inventory.current(context.store)
        let regionID = p.region.isEmpty ? nil : inventory.regions.first { $0.name == p.region }?.id
        let serviceID = p.service.isEmpty ? nil : inventory.services.first { $0.name == p.service }?.id
        return try downtimes.compactMap { downtime in
            let impact = try ChangeImpactReport.impact(context, downtime).0
            if !p.region.isEmpty {
                guard let regionID, impact.state(of: .region(regionID)) != nil
                        || downtime.targets.contains(where: { inventory.ancestors(of: $0.object).contains(.region(regionID)) }) else { return nil }
            }
            if !p.service.isEmpty {
                guard let serviceID, impact.state(of: .service(serviceID)) != nil else { return nil }
            }
            return Entry(downtime: downtime, impact: impact)
        }
    }

    struct IndexModel {
        let site: SiteChrome
        let title = "Reports"
        let from: String
        let to: String
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let p = parameters(request)
        return try context.views.page("reports/index", IndexModel(site: SiteChrome(request), from: p.from, to: p.to))
    }

    struct ScheduleModel {
        struct Row {
            let id: Int64
            let title: String
            let state: String
            let kind: String
            let window: String
            let targets: String
            let ticket: String
            let summary: String
            let coordinator: String
        }

        let site: SiteChrome
        let title: String
        let params: Parameters
        let problem: String
        let rows: [Row]
        let hasRows: Bool
    }

    @Sendable static func forwardSchedule(_ request: Request, _ context: AppContext) throws -> Response {
        let p = parameters(request)
        let inventory = try context.inventory.current(context.store)
        let rows = try entries(context, p).map { entry in
            ScheduleModel.Row(id: entry.downtime.id, title: entry.downtime.title, state: entry.downtime.state.displayName,
                              kind: entry.downtime.kind.displayName, window: entry.downtime.window.formatted,
                              targets: entry.downtime.targets.map { "\($0.kindName) \($0.name)" }.joined(separator: ", "),
                              ticket: entry.downtime.changeTicket, summary: ImpactView(entry.impact, inventory: inventory, serverLimit: 0).summary,
                              coordinator: DowntimePages.person(entry.downtime.coordinatorName, entry.downtime.coordinatorEmail))
        }
        let model = ScheduleModel(site: SiteChrome(request), title: "Forward schedule of change, \(p.from) to \(p.to)", params: p,
                                  problem: p.problem, rows: rows, hasRows: !rows.isEmpty)
        if wantsPDF(request) && p.problem.isEmpty {
            let table = ReportTable(columns: [ReportColumn("Downtime", width: 1.6), ReportColumn("When", width: 1.6), ReportColumn("Targets", width: 1.2),
                                              ReportColumn("Impact", width: 2.2), ReportColumn("Coordinator", width: 1.2)],
                                    rows: rows.map { [ReportCell("DT-\($0.id) \($0.title)\n\($0.kind) · \($0.state)\($0.ticket.isEmpty ? "" : " · \($0.ticket)")"),
                                                      ReportCell($0.window), ReportCell($0.targets), ReportCell($0.summary), ReportCell($0.coordinator)] },
                                    emptyText: "No downtimes in this range.")
            return try pdfResponse(request, model.title, p: p, name: "forward-schedule", blocks: [.heading("Downtimes", level: 1), .table(table)])
        }
        return try context.views.page("reports/forward-schedule", model, status: p.problem.isEmpty ? 200 : 422)
    }

    struct DigestModel {
        struct Item {
            let id: Int64
            let title: String
            let window: String
            let ticket: String
            let reasons: [String]
        }

        let site: SiteChrome
        let title: String
        let params: Parameters
        let problem: String
        let items: [Item]
        let hasItems: Bool
    }

    /// Everything of one owner (a person by e-mail, or a team by name) affected in the range, and why.
    @Sendable static func ownerDigest(_ request: Request, _ context: AppContext) throws -> Response {
        var p = parameters(request)
        let inventory = try context.inventory.current(context.store)
        let contact: Contact? = inventory.people.first { $0.email.lowercased() == p.contact.lowercased() }.map { .person($0.id) }
            ?? inventory.teams.first { $0.name == p.contact }.map { .team($0.id) }
        var problem = p.problem
        if problem.isEmpty && contact == nil {
            problem = p.contact.isEmpty ? "Give a person's e-mail or a team's name." : "No person has the e-mail and no team has the name '\(p.contact)'."
        }
        p = Parameters(from: p.from, to: p.to, region: p.region, service: p.service, contact: p.contact, fromDate: p.fromDate, toDate: p.toDate, problem: problem)
        var items: [DigestModel.Item] = []
        if let contact, problem.isEmpty {
            for entry in try entries(context, p) {
                guard let notified = entry.impact.notifiedContact(contact) else { continue }
                let view = ImpactView(Impact(targets: entry.impact.targets, affected: entry.impact.affected, contacts: [notified]), inventory: inventory, serverLimit: 0)
                let reasons = notified.reasons.prefix(50).map { reason -> String in
                    let role = inventory.role(reason.roleID)?.name ?? "role"
                    let why = entry.impact.explain(reason.object) ?? ""
                    return "As \(role): \(why)"
                }
                items.append(DigestModel.Item(id: entry.downtime.id, title: entry.downtime.title, window: entry.downtime.window.formatted,
                                              ticket: entry.downtime.changeTicket, reasons: reasons.isEmpty ? view.contacts.first?.reasons ?? [] : Array(reasons)))
            }
        }
        let name = contact.flatMap { inventory.name(of: $0) } ?? p.contact
        let model = DigestModel(site: SiteChrome(request), title: "Data-owner digest for \(name), \(p.from) to \(p.to)", params: p,
                                problem: problem, items: items, hasItems: !items.isEmpty)
        if wantsPDF(request) && problem.isEmpty {
            var blocks: [ReportBlock] = []
            for item in items {
                blocks.append(.heading("DT-\(item.id) · \(item.title)", level: 1))
                blocks.append(.paragraph("\(item.window)\(item.ticket.isEmpty ? "" : " · \(item.ticket)")"))
                blocks.append(.table(ReportTable(columns: [ReportColumn("Why \(name) is involved")], rows: item.reasons.map { [ReportCell($0)] })))
            }
            if items.isEmpty { blocks.append(.paragraph("Nothing of theirs is affected in this range.")) }
            return try pdfResponse(request, model.title, p: p, name: "owner-digest", blocks: blocks)
        }
        return try context.views.page("reports/owner-digest", model, status: problem.isEmpty ? 200 : 422)
    }

    struct CoordinatorModel {
        struct Booking {
            let id: Int64
            let title: String
            let window: String
            let state: String
            let doubleBooked: Bool
            let clashes: String
        }

        struct Coordinator {
            let name: String
            let bookings: [Booking]
        }

        let site: SiteChrome
        let title: String
        let params: Parameters
        let problem: String
        let coordinators: [Coordinator]
        let hasCoordinators: Bool
    }

    /// Each coordinator's downtimes in the range, with overlapping (double) bookings marked.
    @Sendable static func coordinatorSchedule(_ request: Request, _ context: AppContext) throws -> Response {
        let p = parameters(request)
        let all = try entries(context, p).map(\.downtime).filter { $0.coordinatorID != nil }
        let grouped = Dictionary(grouping: all) { $0.coordinatorID ?? 0 }
        let coordinators = grouped.values.map { downtimes -> CoordinatorModel.Coordinator in
            let sorted = downtimes.sorted { $0.window.start < $1.window.start }
            let bookings = sorted.map { d -> CoordinatorModel.Booking in
                let clashes = sorted.filter { $0.id != d.id && $0.window.overlaps(d.window) }
                return CoordinatorModel.Booking(id: d.id, title: d.title, window: d.window.formatted, state: d.state.displayName,
                                                doubleBooked: !clashes.isEmpty, clashes: clashes.map { "DT-\($0.id)" }.joined(separator: ", "))
            }
            let first = sorted[0]
            return CoordinatorModel.Coordinator(name: DowntimePages.person(first.coordinatorName, first.coordinatorEmail), bookings: bookings)
        }.sorted { $0.name < $1.name }
        let model = CoordinatorModel(site: SiteChrome(request), title: "Coordinator schedule, \(p.from) to \(p.to)", params: p, problem: p.problem,
                                     coordinators: coordinators, hasCoordinators: !coordinators.isEmpty)
        if wantsPDF(request) && p.problem.isEmpty {
            var blocks: [ReportBlock] = []
            for coordinator in coordinators {
                blocks.append(.heading(coordinator.name, level: 1))
                blocks.append(.table(ReportTable(columns: [ReportColumn("Downtime", width: 2), ReportColumn("When", width: 2), ReportColumn("State", width: 0.8),
                                                           ReportColumn("Double booking", width: 1.4)],
                                                 rows: coordinator.bookings.map { [ReportCell("DT-\($0.id) \($0.title)"), ReportCell($0.window), ReportCell($0.state),
                                                                                   ReportCell($0.doubleBooked ? "double-booked with \($0.clashes)" : "", tone: $0.doubleBooked ? .danger : .normal)] })))
            }
            if coordinators.isEmpty { blocks.append(.paragraph("No coordinated downtimes in this range.")) }
            return try pdfResponse(request, model.title, p: p, name: "coordinator-schedule", blocks: blocks)
        }
        return try context.views.page("reports/coordinator-schedule", model, status: p.problem.isEmpty ? 200 : 422)
    }
}

extension ReportsController {
    static func wantsPDF(_ request: Request) -> Bool { request.queryValue("format") == "pdf" }

    /// A /reports page as a PDF (`&paper=letter` for US Letter); the creation date is the start of the range, so the
    /// same data gives the same bytes.
    static func pdfResponse(_ request: Request, _ title: String, p: Parameters, name: String, blocks: [ReportBlock]) throws -> Response {
        let paper = try ReportController.paperSize(request.queryValue("paper"))
        var filters = ["\(p.from) to \(p.to)"]
        if !p.region.isEmpty { filters.append("region \(p.region)") }
        if !p.service.isEmpty { filters.append("service \(p.service)") }
        let document = ReportDocument(title: title, subtitle: filters.joined(separator: " · "),
                                      metadata: PDFMetadata(title: title, subject: "Forewarn report", author: "Forewarn", creator: "Forewarn \(ForewarnVersion.current)", keywords: [name]),
                                      creationDate: p.fromDate, paper: paper, footerLeft: title, blocks: blocks)
        let data = try PDFRenderer.render(document)
        return Response(status: 200, headers: [("Content-Type", "application/pdf"),
                                               ("Content-Disposition", "attachment; filename=\"forewarn-\(name)-\(p.from)-\(p.to).pdf\"")], body: [UInt8](data))
    }
}
