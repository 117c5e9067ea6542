/// One machine, either in a cluster (and so in the cluster's region) or directly in a region.
public struct Server: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    /// Set only for a server outside any cluster.
    public var regionID: Int64?
    /// Set only for a cluster member; its region is the cluster's.
    public var clusterID: Int64?
    public var environment: Environment
    public var description: String

    /// Creates a server; set exactly one of `regionID` and `clusterID`.
    public init(id: Int64, name: String, regionID: Int64? = nil, clusterID: Int64? = nil,
                environment: Environment = .prod, description: String = "") {
        self.id = id
        self.name = name
        self.regionID = regionID
        self.clusterID = clusterID
        self.environment = environment
        self.description = description
    }

    /// Field problems a user can fix; empty when valid.
    public func validate() -> [FieldError] {
        Validation.name(name) + Validation.description(description)
            + Validation.exactlyOne(regionID, clusterID, field: "location",
                                    message: "Choose either a region or a cluster for the server, not both and not neither.")
    }
}
