/// One link of an explanation: why an object is affected, naming the next affected object when there is one.
///
/// An explanation path is these steps followed from the object until a step with no next object.
public enum ExplanationStep: Sendable, Codable, Hashable {
    /// The object is one of the downtime's targets.
    case inDowntime
    /// The object is inside this region (sub-region, cluster or standalone server).
    case inRegion(regionID: Int64)
    /// The server is a member of this cluster.
    case inCluster(clusterID: Int64)
    /// The service lost hosts: `downHosts` of its `hostCount` servers are down and it needs `minHealthy`.
    case runsOn(downHosts: [Int64], hostCount: Int, minHealthy: Int)
    /// The service depends on another affected service.
    case dependsOn(serviceID: Int64, kind: DependencyKind)
    /// The business process uses an affected service.
    case usesService(serviceID: Int64)
    /// The data set belongs to an affected service.
    case storedOnService(serviceID: Int64)
    /// The data set sits on a down server.
    case storedOnServer(serverID: Int64)

    /// The affected object this step points to, nil when the step is where the explanation ends.
    public var next: ObjectRef? {
        switch self {
        case .inDowntime, .runsOn: nil
        case .inRegion(let id): .region(id)
        case .inCluster(let id): .cluster(id)
        case .dependsOn(let id, _), .usesService(let id), .storedOnService(let id): .service(id)
        case .storedOnServer(let id): .server(id)
        }
    }
}
