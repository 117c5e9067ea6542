/// Something that runs on servers and that other services and business processes rely on.
public struct Service: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var environment: Environment
    /// Criticality from 1 (most critical) to 4.
    public var tier: Int
    public var description: String

    /// Creates a service.
    public init(id: Int64, name: String, environment: Environment = .prod, tier: Int = 3, description: String = "") {
        self.id = id
        self.name = name
        self.environment = environment
        self.tier = tier
        self.description = description
    }

    /// Field problems a user can fix; empty when valid.
    public func validate() -> [FieldError] {
        Validation.name(name) + Validation.tier(tier) + Validation.description(description)
    }
}
