/// A place that holds clusters and servers; regions nest (continent → zone → site).
public struct Region: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    /// The enclosing region, nil for a top-level region.
    public var parentID: Int64?
    public var description: String

    /// Creates a region.
    public init(id: Int64, name: String, parentID: Int64? = nil, description: String = "") {
        self.id = id
        self.name = name
        self.parentID = parentID
        self.description = description
    }

    /// Field problems a user can fix; empty when valid. Parent cycles are checked by `Inventory.regionCycle`.
    public func validate() -> [FieldError] {
        var errors = Validation.name(name) + Validation.description(description)
        if parentID == id {
            errors.append(FieldError(field: "parentID", message: "A region cannot be its own parent region; choose another parent or none."))
        }
        return errors
    }
}
