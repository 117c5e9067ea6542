/// Stored data with a classification, living on one service or one server.
public struct DataSet: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var classification: Classification
    /// Set when the data belongs to a service.
    public var serviceID: Int64?
    /// Set when the data sits on a server outside any service.
    public var serverID: Int64?
    public var description: String

    /// Creates a data set; set exactly one of `serviceID` and `serverID`.
    public init(id: Int64, name: String, classification: Classification = .internal,
                serviceID: Int64? = nil, serverID: Int64? = nil, description: String = "") {
        self.id = id
        self.name = name
        self.classification = classification
        self.serviceID = serviceID
        self.serverID = serverID
        self.description = description
    }

    /// Field problems a user can fix; empty when valid.
    public func validate() -> [FieldError] {
        Validation.name(name) + Validation.description(description)
            + Validation.exactlyOne(serviceID, serverID, field: "location",
                                    message: "Choose either a service or a server for the data set, not both and not neither.")
    }
}
