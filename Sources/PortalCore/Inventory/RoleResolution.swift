/// Who holds one role for one object, after inheritance.
public struct RoleResolution: Sendable, Codable, Hashable {
    public let roleID: Int64
    public let roleName: String
    public let object: ObjectRef
    /// Best priority first; inactive holders last, flagged by `isNotified == false`.
    public let holders: [RoleHolder]

    /// Creates a resolution.
    public init(roleID: Int64, roleName: String, object: ObjectRef, holders: [RoleHolder]) {
        self.roleID = roleID
        self.roleName = roleName
        self.object = object
        self.holders = holders
    }

    /// The holders who are sent notices.
    public var notifiedHolders: [RoleHolder] { holders.filter(\.isNotified) }
    /// Whether nobody active holds the role, which a "Who do I tell?" page should flag.
    public var isVacant: Bool { !holders.contains(where: \.isNotified) }
}
