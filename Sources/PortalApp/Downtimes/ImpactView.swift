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

    /// Rows are capped for pages (a region can hold 100,000 servers); reports pass a larger cap.
    /// `subject` names what holds the targets in explanations ("… which is in this incident"); the engine says downtime.
    init(_ impact: Impact, inventory: Inventory, serverLimit: Int = 200, subject: String = "downtime") {
        func rows(_ kind: ObjectKind) -> [ObjectRow] {
            impact.affected(ofKind: kind).sorted { ($0.state.severityRank, $0.name) < ($1.state.severityRank, $1.name) }.map { object in
                ObjectRow(kind: kind.rawValue, name: object.name, href: ImpactView.path(object.object), state: object.state.words,
                          stateClass: object.state.rawValue, explanation: (impact.explain(object.object) ?? "")
                              .replacingOccurrences(of: " this downtime", with: " this \(subject)"))
            }
        }
        let allServers = rows(.server)
        services = rows(.service)
        servers = Array(allServers.prefix(serverLimit))
        serverCount = allServers.count
        processes = rows(.process)
        let ownerRole = inventory.roles.first { $0.name.lowercased() == "data owner" }?.id
        datasets = zip(impact.affected(ofKind: .dataset).sorted { ($0.state.severityRank, $0.name) < ($1.state.severityRank, $1.name) }, rows(.dataset)).map { object, row in
            // A data set's owners travel with it in the report.
            var row = row
            if let ownerRole {
                row.owners = inventory.holders(of: ownerRole, for: object.object).notifiedHolders.map(\.contactName).joined(separator: ", ")
            }
            return row
        }
        others = rows(.region) + rows(.cluster)
        let roleNames = Dictionary(uniqueKeysWithValues: inventory.roles.map { ($0.id, $0.name) })
        contacts = impact.contacts.map { contact in
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
            let roles = Array(Set(contact.reasons.map { roleNames[$0.roleID] ?? "role \($0.roleID)" })).sorted()
            let reasons = ImpactView.reasonLines(contact, impact: impact, inventory: inventory, roleNames: roleNames)
            return ContactRow(name: contact.name, href: href, email: email, phone: phone, kind: kind,
                              priority: contact.bestPriority.rawValue, roles: roles.joined(separator: ", "), reasons: reasons)
        }
        hasServices = !services.isEmpty
        hasServers = !servers.isEmpty
        hasProcesses = !processes.isEmpty
        hasDatasets = !datasets.isEmpty
        hasOthers = !others.isEmpty
        hasContacts = !contacts.isEmpty
        let down = impact.count(of: .service, state: .down)
        let degraded = impact.count(of: .service, state: .degraded)
        let atRisk = impact.count(of: .service, state: .atRisk)
        summary = "\(Plural.count(allServers.count, "server")), \(Plural.count(services.count, "service")) (\(down) down, \(degraded) degraded, \(atRisk) at risk), "
            + "\(Plural.count(processes.count, "business process", plural: "business processes")), \(Plural.count(datasets.count, "data set")); "
            + "\(contacts.count == 1 ? "1 person or team" : "\(contacts.count) people and teams") to notify."
    }

    /// One line per role, kind of object and source: "data owner of 8 servers: srv-1, srv-2, srv-3 and 5 more (inherited from region ap)".
    static func reasonLines(_ contact: NotifiedContact, impact: Impact, inventory: Inventory, roleNames: [Int64: String]) -> [String] {
        struct Group: Hashable { let role: Int64; let kind: ObjectKind; let via: ObjectRef? }
        var groups: [Group: [String]] = [:]
        var order: [Group] = []
        for reason in contact.reasons {
            let key = Group(role: reason.roleID, kind: reason.object.kind, via: reason.inheritedFrom)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(impact.affectedObject(reason.object)?.name ?? inventory.name(of: reason.object) ?? "?")
        }
        return order.map { key -> String in
            let names = groups[key] ?? []
            let role = roleNames[key.role] ?? "role"
            let plural = ["region": "regions", "cluster": "clusters", "server": "servers", "service": "services", "process": "processes", "dataset": "data sets"]
            let objects = names.count == 1 ? "\(key.kind.rawValue) \(names[0])"
                : "\(names.count) \(plural[key.kind.rawValue] ?? key.kind.rawValue): \(names.prefix(3).joined(separator: ", "))\(names.count > 3 ? " and \(names.count - 3) more" : "")"
            let via = key.via.map { " (inherited from \($0.kind.rawValue) \(inventory.name(of: $0) ?? "?"))" } ?? ""
            return "\(role) of \(objects)\(via)"
        }
    }

    static func path(_ object: ObjectRef) -> String {
        "/\(InventoryKind(object.kind).rawValue)/\(object.id)"
    }
}
