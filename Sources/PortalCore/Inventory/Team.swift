/// A group of people reachable together; without an e-mail its members are written to instead.
public struct Team: Sendable, Codable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    /// The team's shared mailbox, if it has one.
    public var email: String?
    public var memberIDs: [Int64]

    /// Creates a team.
    public init(id: Int64, name: String, email: String? = nil, memberIDs: [Int64] = []) {
        self.id = id
        self.name = name
        self.email = email
        self.memberIDs = memberIDs
    }

    /// Field problems a user can fix; empty when valid.
    public func validate() -> [FieldError] {
        var errors = Validation.name(name) + Validation.optionalEmail(email)
        if (email ?? "").isEmpty && memberIDs.isEmpty {
            errors.append(FieldError(field: "email",
                message: "A team needs a shared e-mail address or at least one member, otherwise nobody can be told."))
        }
        return errors
    }
}
