import Foundation
import PortalCore
import PortalStore

/// An impact prepared for templates: affected objects grouped by kind and severity with explanations,
/// and the notification list with reasons in words.
struct ImpactView {
    struct ObjectRow {
        let kind: String
        let name: String
        let href: String
        let state: String
        let stateClass: String
        let explanation: String
        /// Data owners (data sets only), with inheritance.
        var owners: String = ""
    }

    struct ContactRow {
        let name: String
        let href: String
        let email: String
        let phone: String
        let kind: String
        let priority: String
        let roles: String
        let reasons: [String]
    }

    let summary: String
    let services: [ObjectRow]
    let servers: [ObjectRow]
    let processes: [ObjectRow]
    let datasets: [ObjectRow]
    let others: [ObjectRow]
    let contacts: [ContactRow]
    let hasServices: Bool
    let hasServers: Bool
    let hasProcesses: Bool
    let hasDatasets: Bool
    let hasOthers: Bool
    let hasContacts: Bool
    let serverCount: Int
    /// "Showing 50 of 4,626 services …" under a list cut at `rowLimit`; empty when the list is whole.
    let moreServices: String
    let moreProcesses: String
    let moreDatasets: String
    let moreContacts: String

    /// Rows are capped for pages (a region can hold 100,000 servers); reports pass a larger cap. `rowLimit` caps the
    /// other lists too (the declaration form's preview); explanations and reasons are built only for rows shown.
    /// `subject` names what holds the targets in explanations ("… which is in this incident"); the engine says downtime.
    init(_ impact: Impact, inventory: Inventory, serverLimit: Int = 200, rowLimit: Int = Int.max, subject: String = "downtime") {
        let ownerRole = inventory.roles.first { $0.name.lowercased() == "data owner" }?.id
        let affected = impact.affected
        // Positions by kind in one pass: no copies of the affected objects per list.
        var positionsByKind = [[Int]](repeating: [], count: ObjectKind.allCases.count)
        for (position, object) in affected.enumerated() { positionsByKind[object.object.kind.rank].append(position) }
        var explainer = ImpactExplainer(impact)
        func rows(_ kind: ObjectKind, limit: Int) -> (rows: [ObjectRow], total: Int) {
            var positions = positionsByKind[kind.rank]
            let inOrder: (Int, Int) -> Bool = {
                (affected[$0].state.severityRank, affected[$0].name) < (affected[$1].state.severityRank, affected[$1].name)
            }
            // The resolver already orders by severity and name; sort only a list that is not (an old snapshot).
            if zip(positions, positions.dropFirst()).contains(where: { inOrder($1, $0) }) { positions.sort(by: inOrder) }
            let shown = positions.prefix(limit).map { position in
                let object = affected[position]
                let text = explainer.explain(object.object) ?? ""
                var row = ObjectRow(kind: kind.rawValue, name: object.name, href: ImpactView.path(object.object), state: object.state.words,
                                    stateClass: object.state.rawValue, explanation: ImpactView.naming(text, subject: subject))
                if kind == .dataset, let ownerRole {
                    // A data set's owners travel with it in the report.
                    row.owners = inventory.holders(of: ownerRole, for: object.object).notifiedHolders.map(\.contactName).joined(separator: ", ")
                }
                return row
            }
            return (shown, positions.count)
        }
        let (shownServices, serviceTotal) = rows(.service, limit: rowLimit)
        let (shownServers, serverTotal) = rows(.server, limit: min(serverLimit, rowLimit))
        let (shownProcesses, processTotal) = rows(.process, limit: rowLimit)
        let (shownDatasets, datasetTotal) = rows(.dataset, limit: rowLimit)
        services = shownServices
        servers = shownServers
        serverCount = serverTotal
        processes = shownProcesses
        datasets = shownDatasets
        others = rows(.region, limit: rowLimit).rows + rows(.cluster, limit: rowLimit).rows
        let roleNames = Dictionary(uniqueKeysWithValues: inventory.roles.map { ($0.id, $0.name) })
        contacts = impact.contacts.prefix(rowLimit).map { ImpactView.contactRow($0, impact: impact, inventory: inventory, roleNames: roleNames) }
        hasServices = !services.isEmpty
        hasServers = !servers.isEmpty
        hasProcesses = !processes.isEmpty
        hasDatasets = !datasets.isEmpty
        hasOthers = !others.isEmpty
        hasContacts = !contacts.isEmpty
        moreServices = ImpactView.more(shown: services.count, of: serviceTotal, "service", "services")
        moreProcesses = ImpactView.more(shown: processes.count, of: processTotal, "business process", "business processes")
        moreDatasets = ImpactView.more(shown: datasets.count, of: datasetTotal, "data set", "data sets")
        moreContacts = ImpactView.more(shown: contacts.count, of: impact.contacts.count, "person or team", "people and teams")
        summary = ImpactView.summary(impact)
    }

    /// "5 servers, 3 services (1 down, 2 degraded, 0 at risk), 1 business process, 0 data sets; 4 people and teams to notify."
    /// From counts alone, so pages that show only the summary build no rows.
    static func summary(_ impact: Impact) -> String {
        var counts: [ObjectKind: Int] = [:]
        var services: [ImpactState: Int] = [:]
        for object in impact.affected {
            counts[object.object.kind, default: 0] += 1
            if object.object.kind == .service { services[object.state, default: 0] += 1 }
        }
        let contacts = impact.contacts.count
        return "\(Plural.count(counts[.server] ?? 0, "server")), \(Plural.count(counts[.service] ?? 0, "service")) "
            + "(\(services[.down] ?? 0) down, \(services[.degraded] ?? 0) degraded, \(services[.atRisk] ?? 0) at risk), "
            + "\(Plural.count(counts[.process] ?? 0, "business process", plural: "business processes")), \(Plural.count(counts[.dataset] ?? 0, "data set")); "
            + "\(contacts == 1 ? "1 person or team" : "\(contacts) people and teams") to notify."
    }

    /// An explanation of the engine ("… in this downtime") naming what holds the targets instead.
    static func naming(_ text: String, subject: String) -> String {
        subject == "downtime" ? text : text.replacingOccurrences(of: " this downtime", with: " this \(subject)")
    }

    /// A contact with how to reach them, their roles and the reasons in words.
    static func contactRow(_ contact: NotifiedContact, impact: Impact, inventory: Inventory, roleNames: [Int64: String]) -> ContactRow {
        var email = "", phone = "", href = "", kind = ""
        switch contact.contact {
        case .person(let id):
            let person = inventory.person(id)
            email = person?.email ?? ""
            phone = person?.phone ?? ""
            href = "/people/\(id)"
            kind = "person"
        case .team(let id):
            email = inventory.team(id)?.email ?? ""
            href = "/teams/\(id)"
            kind = "team"
        }
        let all = contact.reasons
        var roleIDs: [Int64] = []
        for reason in all where !roleIDs.contains(reason.roleID) { roleIDs.append(reason.roleID) }
        let roles = Array(Set(roleIDs.map { roleNames[$0] ?? "role \($0)" })).sorted()
        let reasons = ImpactView.reasonLines(contact, reasons: all, impact: impact, inventory: inventory, roleNames: roleNames)
        return ContactRow(name: contact.name, href: href, email: email, phone: phone, kind: kind,
                          priority: contact.bestPriority.rawValue, roles: roles.joined(separator: ", "), reasons: reasons)
    }

    /// "Showing 50 of 4,626 services; the change-impact report lists them all." Empty when nothing was left out.
    static func more(shown: Int, of total: Int, _ singular: String, _ plural: String) -> String {
        guard total > shown else { return "" }
        return "Showing \(shown) of \(total) \(total == 1 ? singular : plural); the change-impact report lists them all."
    }

    /// One line per role, kind of object and source: "data owner of 8 servers: srv-1, srv-2, srv-3 and 5 more (inherited from region ap)".
    /// `reasons` are the contact's, when the caller has gathered them already.
    static func reasonLines(_ contact: NotifiedContact, reasons: [NotificationReason]? = nil, impact: Impact, inventory: Inventory,
                            roleNames: [Int64: String]) -> [String] {
        struct Group: Hashable { let role: Int64; let kind: ObjectKind; let via: ObjectRef? }
        // A line names at most three objects and counts the rest: only those three names are looked up.
        var groups: [Group] = []
        var counts: [Int] = []
        var names: [[String]] = []
        var positions: [Group: Int] = [:]
        var last = -1
        for reason in reasons ?? contact.reasons {
            let key = Group(role: reason.roleID, kind: reason.object.kind, via: reason.inheritedFrom)
            let at: Int
            // Reasons come in affected-object order, so runs of the same group are common: skip the hashing for them.
            if last >= 0 && groups[last] == key {
                at = last
            } else if let known = positions[key] {
                at = known
            } else {
                at = groups.count
                positions[key] = at
                groups.append(key)
                counts.append(0)
                names.append([])
            }
            last = at
            counts[at] += 1
            if names[at].count < 3 {
                names[at].append(impact.affectedObject(reason.object)?.name ?? inventory.name(of: reason.object) ?? "?")
            }
        }
        return groups.indices.map { at -> String in
            let key = groups[at], count = counts[at], shown = names[at]
            let role = roleNames[key.role] ?? "role"
            let objects = count == 1 ? "\(key.kind.rawValue) \(shown[0])"
                : "\(count) \(pluralNouns[key.kind.rawValue] ?? key.kind.rawValue): \(shown.joined(separator: ", "))\(count > 3 ? " and \(count - 3) more" : "")"
            let via = key.via.map { " (inherited from \($0.kind.rawValue) \(inventory.name(of: $0) ?? "?"))" } ?? ""
            return "\(role) of \(objects)\(via)"
        }
    }

    private static let pluralNouns = ["region": "regions", "cluster": "clusters", "server": "servers", "service": "services",
                                      "process": "processes", "dataset": "data sets"]

    static func path(_ object: ObjectRef) -> String {
        "/\(InventoryKind(object.kind).rawValue)/\(object.id)"
    }
}
