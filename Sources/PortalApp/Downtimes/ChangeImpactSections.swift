import Foundation
import PortalCore
import PortalStore

/// The sections of the change-impact report in their order: who will be told first (the PDF's page 1), then what a
/// change board asks about (summary, conflicts, change pack, approvals), the impact, the lists and the audit trail.
enum ChangeImpactSections {
    /// The contact summary stays on one page: past this many rows it points to the notification list.
    static let summaryLimit = 22

    static func sections(_ model: ChangeImpactReport.Model, downtimeID: Int64, portalBase: String?) -> [ReportSection] {
        let impact = model.impact
        var result = [contactSummary(impact), summary(model, downtimeID: downtimeID, portalBase: portalBase), conflicts(model)]
        if let pack = model.changePack, !pack.isEmpty { result.append(changePack(pack)) }
        if !model.approvals.isEmpty { result.append(approvals(model.approvals)) }
        result += [
            objects("Affected services by severity", anchor: "services", noun: "Service", impact.services),
            objects("Business processes", anchor: "processes", noun: "Process", impact.processes),
            ReportSection("Data sets and their owners", anchor: "datasets", table: .init(
                columns: ["Data set", "State", "Owners", "Explanation"],
                rows: impact.datasets.map { .init(cells: [.init($0.name, href: $0.href, bold: true), .init($0.state, badge: $0.stateClass),
                                                          .init($0.owners.isEmpty ? "—" : $0.owners), .init($0.explanation)]) })),
            notificationList(impact.contacts),
            servers(impact),
            ReportSection("Audit trail", anchor: "audit", table: .init(
                columns: ["When (UTC)", "Who", "What"],
                rows: model.audit.map { .init(cells: [.init($0.at), .init($0.actor), .init($0.action)]) })),
        ]
        return result
    }

    /// Who will be told, grouped by their roles, with the address each notice goes to; those who cannot be told first.
    static func contactSummary(_ impact: ImpactView) -> ReportSection {
        let unreachable = impact.contacts.filter { $0.email.isEmpty }.count
        let lines = [ReportSection.Line("\(Plural.count(impact.contacts.count, "person or team", plural: "people and teams")) will be told."
                                        + (unreachable == 0 ? "" : " \(unreachable) \(unreachable == 1 ? "has" : "have") no e-mail address and cannot be told."),
                                        warning: unreachable > 0)]
        let grouped = impact.contacts.sorted { ($0.email.isEmpty ? 0 : 1, $0.roles, $0.name) < ($1.email.isEmpty ? 0 : 1, $1.roles, $1.name) }
        var rows: [ReportSection.Row] = []
        var previousGroup = ""
        for contact in grouped.prefix(summaryLimit) {
            let group = contact.roles == previousGroup ? "" : contact.roles
            previousGroup = contact.roles
            rows.append(.init(cells: [.init(contact.kind == "team" ? "\(contact.name) (team)" : contact.name, bold: true), address(contact),
                                      .init(group)]))
        }
        let more = grouped.count > summaryLimit ? [ReportSection.Line("And \(grouped.count - summaryLimit) more: see the notification list.")] : []
        return ReportSection("Who will be told", anchor: "told", lines: impact.contacts.isEmpty ? [] : lines,
                             table: .init(columns: ["Person or team", "Address", "Roles"], rows: rows), after: more, breakAfter: true)
    }

    /// The e-mail a notice goes to, or the red "no address" flag.
    static func address(_ contact: ImpactView.ContactRow) -> ReportSection.Cell {
        contact.email.isEmpty ? .init("", flag: ReportSection.noAddress) : .init(contact.email, href: "mailto:\(contact.email)")
    }

    static func summary(_ model: ChangeImpactReport.Model, downtimeID: Int64, portalBase: String?) -> ReportSection {
        var fields: [ReportSection.Field] = [
            .init("Kind", model.kind), .init("State", model.state), .init("Targets", model.targets),
            .init("Coordinator", model.coordinator), .init("Comms manager", model.commsManager), .init("Impact", model.snapshot),
        ]
        if let portalBase {
            let link = "\(portalBase)/downtimes/\(downtimeID)/report"
            fields.append(.init("Online report", link, href: link))
        }
        if !model.reason.isEmpty { fields.append(.init("Reason", model.reason)) }
        if !model.note.isEmpty { fields.append(.init("Note", model.note)) }
        return ReportSection("Summary", anchor: "summary", fields: fields, lines: [.init(model.impact.summary)])
    }

    /// Conflicts and change freezes, as links to the other downtime (`DT-2`).
    static func conflicts(_ model: ChangeImpactReport.Model) -> ReportSection {
        var lines = model.conflictLines.map(ReportSection.Line.init)
        if !model.override.isEmpty { lines.append(.init("Change-freeze override: \(model.override)", warning: true)) }
        return ReportSection("Conflicts and overrides", anchor: "conflicts", lines: lines)
    }

    static func changePack(_ pack: ChangePack) -> ReportSection {
        let fields: [ReportSection.Field] = [
            pack.risk.map { .init("Risk", $0.displayName) },
            pack.implementationPlan.isEmpty ? nil : .init("Implementation plan", pack.implementationPlan),
            pack.testPlan.isEmpty ? nil : .init("Test plan", pack.testPlan),
            pack.backoutPlan.isEmpty ? nil : .init("Back-out plan", pack.backoutPlan),
        ].compactMap { $0 }
        return ReportSection("Change pack", anchor: "change-pack", fields: fields)
    }

    static func approvals(_ approvals: [ApprovalRecord]) -> ReportSection {
        ReportSection("Approvals", anchor: "approvals", table: .init(
            columns: ["Approver", "Decision", "When (UTC)", "Comment"],
            rows: approvals.map { approval in
                .init(cells: [.init("\(approval.name)\n\(approval.email)", bold: true),
                              .init(approval.decision.displayName, badge: approval.decision == .rejected ? "down" : ""),
                              .init(approval.decidedAt.map(StoreTime.format) ?? "—"), .init(approval.comment)])
            }))
    }

    static func objects(_ title: String, anchor: String, noun: String, _ rows: [ImpactView.ObjectRow]) -> ReportSection {
        ReportSection(title, anchor: anchor, table: .init(
            columns: [noun, "State", "Explanation"],
            rows: rows.map { .init(cells: [.init($0.name, href: $0.href, bold: true), .init($0.state, badge: $0.stateClass), .init($0.explanation)]) }))
    }

    static func notificationList(_ contacts: [ImpactView.ContactRow]) -> ReportSection {
        ReportSection("Notification list", anchor: "notification-list", table: .init(
            columns: ["Person or team", "Roles", "Why", "How to reach"],
            rows: contacts.map { contact in
                let address = address(contact)
                let reach = ReportSection.Cell([contact.email, contact.phone].filter { !$0.isEmpty }.joined(separator: "\n"),
                                               href: address.href, flag: address.flag)
                return .init(cells: [.init("\(contact.name) (\(contact.priority))", href: contact.href, bold: true), .init(contact.roles),
                                     .init(lines: ReportSection.Cell.lines(joining: contact.reasons)), reach])
            }))
    }

    static func servers(_ impact: ImpactView) -> ReportSection {
        let shown = impact.servers.count < impact.serverCount
            ? [ReportSection.Line("The first \(impact.servers.count) of \(impact.serverCount) servers are listed.")] : []
        let section = objects("Servers in the downtime (\(impact.serverCount))", anchor: "servers", noun: "Server", impact.servers)
        return ReportSection(section.title, anchor: section.anchor, lines: shown, table: section.table)
    }
}
