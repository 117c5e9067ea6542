/// A typed reference to one inventory object by its database id.
public enum ObjectRef: Hashable, Sendable {
    case region(Int64)
    case cluster(Int64)
    case server(Int64)
    case service(Int64)
    case process(Int64)
    case dataset(Int64)

    /// Builds a reference from a kind and an id.
    public init(kind: ObjectKind, id: Int64) {
        switch kind {
        case .region: self = .region(id)
        case .cluster: self = .cluster(id)
        case .server: self = .server(id)
        case .service: self = .service(id)
        case .process: self = .process(id)
        case .dataset: self = .dataset(id)
        }
    }

    /// The kind of object referenced.
    public var kind: ObjectKind {
        switch self {
        case .region: .region
        case .cluster: .cluster
        case .server: .server
        case .service: .service
        case .process: .process
        case .dataset: .dataset
        }
    }

    /// The database id of the object referenced.
    public var id: Int64 {
        switch self {
        case .region(let id), .cluster(let id), .server(let id),
             .service(let id), .process(let id), .dataset(let id):
            id
        }
    }
}

extension ObjectRef: Comparable {
    /// Orders by kind, then id, so sets of references print in a stable order.
    public static func < (lhs: ObjectRef, rhs: ObjectRef) -> Bool {
        (lhs.kind.rank, lhs.id) < (rhs.kind.rank, rhs.id)
    }
}

extension ObjectRef: LosslessStringConvertible {
    /// Parses the `kind:id` form used in forms, URLs and JSON ("server:12").
    public init?(_ description: String) {
        guard let colon = description.firstIndex(of: ":"),
              let kind = ObjectKind(rawValue: String(description[..<colon])),
              let id = Int64(description[description.index(after: colon)...])
        else { return nil }
        self.init(kind: kind, id: id)
    }

    /// The `kind:id` form, e.g. "server:12".
    public var description: String { "\(kind.rawValue):\(id)" }
}

extension ObjectRef: Codable {
    /// Decodes the `kind:id` string form.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let ref = ObjectRef(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not an object reference like 'server:12'."))
        }
        self = ref
    }

    /// Encodes as the `kind:id` string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
