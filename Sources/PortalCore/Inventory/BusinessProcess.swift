/// A business activity (payroll run, customer onboarding) and the services it uses.
public struct BusinessProcess: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var description: String
    public var serviceIDs: [Int64]

    /// Creates a business process.
    public init(id: Int64, name: String, description: String = "", serviceIDs: [Int64] = []) {
        self.id = id
        self.name = name
        self.description = description
        self.serviceIDs = serviceIDs
    }

    /// Field problems a user can fix; empty when valid.
    public func validate() -> [FieldError] {
        Validation.name(name) + Validation.description(description)
    }
}
