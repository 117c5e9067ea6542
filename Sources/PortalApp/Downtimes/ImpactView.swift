import Foundation
import PortalCore

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
    init(_ impact: Impact, inventory: Inventory, serverLimit: Int = 200) {
        func rows(_ kind: ObjectKind) -> [ObjectRow] {
            impact.affected(ofKind: kind).sorted { ($0.state.severityRank, $0.name) < ($1.state.severityRank, $1.name) }.map { object in
                ObjectRow(kind: kind.rawValue, name: object.name, href: ImpactView.path(object.object), state: object.state.words,
                          stateClass: object.state.rawValue, explanation: impact.explain(object.object) ?? "")
            }
        }
        let allServers = rows(.server)
        services = rows(.service)
        servers = Array(allServers.prefix(serverLimit))
        serverCount = allServers.count
        processes = rows(.process)
        datasets = rows(.dataset).map { row in
            // A data set's owners travel with it in the report.
            row
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
            let reasons = contact.reasons.prefix(8).map { reason -> String in
                let role = roleNames[reason.roleID] ?? "role"
                let objectName = impact.affectedObject(reason.object)?.name ?? inventory.name(of: reason.object) ?? "?"
                let via = reason.inheritedFrom.map { " (inherited from \($0.kind.rawValue) \(inventory.name(of: $0) ?? "?"))" } ?? ""
                return "\(role) of \(reason.object.kind.rawValue) \(objectName)\(via)"
            } + (contact.reasons.count > 8 ? ["and \(contact.reasons.count - 8) more"] : [])
            return ContactRow(name: contact.name, href: href, email: email, phone: phone, kind: kind,
                              priority: contact.bestPriority.rawValue, roles: roles.joined(separator: ", "), reasons: Array(reasons))
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
        summary = "\(allServers.count) servers, \(services.count) services (\(down) down, \(degraded) degraded, \(atRisk) at risk), \(processes.count) business processes, \(datasets.count) data sets; \(contacts.count) people and teams to notify."
    }

    static func path(_ object: ObjectRef) -> String {
        let plural = ["region": "regions", "cluster": "clusters", "server": "servers", "service": "services", "process": "processes", "dataset": "datasets"]
        return "/\(plural[object.kind.rawValue] ?? "")/\(object.id)"
    }
}
