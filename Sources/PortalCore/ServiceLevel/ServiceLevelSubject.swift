/// What a level belongs to: one service, a business process, a region, or the whole estate.
public enum ServiceLevelSubject: Sendable, Hashable, Comparable {
    case service(Int64)
    case process(Int64)
    case region(Int64)
    case overall

    /// `service:12`, `process:3`, `region:1`, `overall`: the key of a subject in events and the JSON API.
    public var key: String {
        switch self {
        case .service(let id): "service:\(id)"
        case .process(let id): "process:\(id)"
        case .region(let id): "region:\(id)"
        case .overall: "overall"
        }
    }

    public var kindName: String {
        switch self {
        case .service: "service"
        case .process: "process"
        case .region: "region"
        case .overall: "overall"
        }
    }

    private var order: (Int, Int64) {
        switch self {
        case .overall: (0, 0)
        case .region(let id): (1, id)
        case .process(let id): (2, id)
        case .service(let id): (3, id)
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }
}

/// One subject's current level as published: the short-window percent, its mood and the reason in words.
public struct ServiceLevelState: Sendable, Equatable {
    public let subject: ServiceLevelSubject
    public let name: String
    public let percent: Double?
    public let mood: ServiceMood
    public let reason: String

    public init(subject: ServiceLevelSubject, name: String, percent: Double?, mood: ServiceMood, reason: String) {
        self.subject = subject
        self.name = name
        self.percent = percent
        self.mood = mood
        self.reason = reason
    }

    /// `99.9%`, or `unknown`.
    public var levelText: String { percent.map(ServiceLevel.format) ?? "unknown" }
}

extension ServiceMood {
    /// How bad a mood is, for "the worst of": down first, unknown last (no signal does not make an aggregate worse).
    public var severity: Int {
        switch self {
        case .down: 5
        case .breaching: 4
        case .degraded: 3
        case .maintenance: 2
        case .ok: 1
        case .unknown: 0
        }
    }

    /// The mood of an aggregate: the worst of its members' (unknown when none has a signal).
    public static func worst(_ moods: [ServiceMood]) -> ServiceMood {
        moods.max { $0.severity < $1.severity } ?? .unknown
    }
}
