/// "Service `serviceID` needs service `dependsOnID`", hard or soft.
public struct Dependency: Sendable, Codable, Hashable {
    /// The dependent service.
    public var serviceID: Int64
    /// The service it relies on.
    public var dependsOnID: Int64
    public var kind: DependencyKind

    /// Creates a dependency edge.
    public init(serviceID: Int64, dependsOnID: Int64, kind: DependencyKind = .hard) {
        self.serviceID = serviceID
        self.dependsOnID = dependsOnID
        self.kind = kind
    }

    /// Field problems a user can fix; empty when valid. Longer cycles are checked by `Inventory.dependencyCycle`.
    public func validate() -> [FieldError] {
        serviceID == dependsOnID
            ? [FieldError(field: "dependsOnID", message: "A service cannot depend on itself; choose another service.")]
            : []
    }
}
