/// Where a service runs: on one server, or on every server of a cluster, with the hosts it needs healthy.
public struct Placement: Sendable, Codable, Hashable {
    public var serviceID: Int64
    /// Set for a single-server placement.
    public var serverID: Int64?
    /// Set when the service runs on every server of the cluster.
    public var clusterID: Int64?
    /// Hosts that must stay up for the service to work; the service needs the largest value of its placements.
    public var minHealthy: Int

    /// Creates a placement; set exactly one of `serverID` and `clusterID`.
    public init(serviceID: Int64, serverID: Int64? = nil, clusterID: Int64? = nil, minHealthy: Int = 1) {
        self.serviceID = serviceID
        self.serverID = serverID
        self.clusterID = clusterID
        self.minHealthy = minHealthy
    }

    /// Field problems a user can fix; empty when valid.
    public func validate() -> [FieldError] {
        Validation.minHealthy(minHealthy)
            + Validation.exactlyOne(serverID, clusterID, field: "host",
                                    message: "Choose either a server or a cluster for the placement, not both and not neither.")
    }
}
