/// A responsibility a contact holds for an object ("Data owner", "Downtime coordinator").
public struct Role: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var name: String

    /// Creates a role.
    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }

    /// Field problems a user can fix; empty when valid.
    public func validate() -> [FieldError] {
        Validation.name(name)
    }
}
