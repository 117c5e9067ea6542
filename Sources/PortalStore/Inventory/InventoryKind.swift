import PortalCore

/// The inventory entities, by the name used in URLs, CSV files, the API and `--kind` (`/servers`, `servers.csv`).
public enum InventoryKind: String, Sendable, Hashable, CaseIterable {
    case regions, clusters, servers, services, placements, dependencies, processes, datasets, teams, people, assignments

    /// The impact engine's kind of the objects this entity holds; nil for link entities (placements, dependencies,
    /// assignments) and contacts (people, teams), which have no contacts, impact or calendar of their own.
    public var objectKind: ObjectKind? {
        switch self {
        case .regions: .region
        case .clusters: .cluster
        case .servers: .server
        case .services: .service
        case .processes: .process
        case .datasets: .dataset
        case .placements, .dependencies, .teams, .people, .assignments: nil
        }
    }

    /// The entity whose objects are of this impact kind.
    public init(_ objectKind: ObjectKind) {
        switch objectKind {
        case .region: self = .regions
        case .cluster: self = .clusters
        case .server: self = .servers
        case .service: self = .services
        case .process: self = .processes
        case .dataset: self = .datasets
        }
    }
}
