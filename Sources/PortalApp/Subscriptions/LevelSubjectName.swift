import PortalCore
import PortalPresence

/// How a level's subject is named, linked and found by name in forms.
enum LevelSubjectName {
    /// `service pg-3`, `process Payroll`, `region Europe`, `overall`.
    static func describe(_ subject: ServiceLevelSubject, inventory: Inventory) -> String {
        switch subject {
        case .service(let id): "service \(inventory.service(id)?.name ?? "#\(id)")"
        case .process(let id): "process \(inventory.process(id)?.name ?? "#\(id)")"
        case .region(let id): "region \(inventory.region(id)?.name ?? "#\(id)")"
        case .overall: "overall"
        }
    }

    /// The page that shows the subject's level.
    static func path(_ subject: ServiceLevelSubject) -> String {
        switch subject {
        case .service(let id): "/services/\(id)"
        case .process(let id): "/processes/\(id)"
        case .region(let id): "/regions/\(id)"
        case .overall: "/live"
        }
    }

    /// The JID local part of a service.
    static func node(_ serviceName: String) -> String { ServiceJID.node(for: serviceName) }

    /// The subject of `kind` (`service`, `process`, `region`, `overall`) named `name`, nil when there is none.
    static func find(kind: String, name: String, inventory: Inventory) -> ServiceLevelSubject? {
        switch kind {
        case "overall": return .overall
        case "service": return inventory.services.first { $0.name == name }.map { .service($0.id) }
        case "process": return inventory.processes.first { $0.name == name }.map { .process($0.id) }
        case "region": return inventory.regions.first { $0.name == name }.map { .region($0.id) }
        default: return nil
        }
    }
}
