/// A group of servers managed together, located in one region.
public struct Cluster: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var regionID: Int64
    public var description: String

    /// Creates a cluster.
    public init(id: Int64, name: String, regionID: Int64, description: String = "") {
        self.id = id
        self.name = name
        self.regionID = regionID
        self.description = description
    }

    /// Field problems a user can fix; empty when valid.
    public func validate() -> [FieldError] {
        Validation.name(name) + Validation.description(description)
    }
}
