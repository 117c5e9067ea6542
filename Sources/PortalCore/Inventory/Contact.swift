/// Who can hold a role: one person or a whole team.
public enum Contact: Hashable, Sendable {
    case person(Int64)
    case team(Int64)

    /// The database id of the person or team.
    public var id: Int64 {
        switch self {
        case .person(let id), .team(let id): id
        }
    }
}

extension Contact: Comparable {
    /// Orders people before teams, then by id.
    public static func < (lhs: Contact, rhs: Contact) -> Bool {
        switch (lhs, rhs) {
        case (.person(let a), .person(let b)), (.team(let a), .team(let b)): a < b
        case (.person, .team): true
        case (.team, .person): false
        }
    }
}

extension Contact: LosslessStringConvertible {
    /// Parses "person:3" or "team:7".
    public init?(_ description: String) {
        let parts = description.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
        switch parts[0] {
        case "person": self = .person(id)
        case "team": self = .team(id)
        default: return nil
        }
    }

    /// The `person:3` / `team:7` form.
    public var description: String {
        switch self {
        case .person(let id): "person:\(id)"
        case .team(let id): "team:\(id)"
        }
    }
}

extension Contact: Codable {
    /// Decodes the `person:3` / `team:7` string form.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let contact = Contact(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not a contact like 'person:3' or 'team:7'."))
        }
        self = contact
    }

    /// Encodes as the `person:3` / `team:7` string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
