import Foundation
import PortalCore

/// A stored check: its definition, the inventory object it watches, and when it was made and last changed.
public struct CheckRecord: Sendable, Equatable {
    public var id: Int64
    public var spec: CheckSpec
    public var target: ObjectRef
    public var createdAt: Date
    public var updatedAt: Date

    public var name: String { spec.name }
}

/// One result of a check, as the scheduler hands it to the store.
public struct NewSample: Sendable, Equatable {
    public var checkID: Int64
    public var at: Date
    public var available: Bool
    public var degraded: Bool
    public var httpStatus: Int?
    public var responseMS: Int?
    public var error: String
    /// The downtime in progress that explains the target's state, when there is one.
    public var downtimeID: Int64?
    /// The certificate's expiry read by a TLS check (not stored with the sample; the alert rules use it).
    public var certificateExpiry: Date?

    public init(checkID: Int64, at: Date, available: Bool, degraded: Bool = false, httpStatus: Int? = nil, responseMS: Int? = nil,
                error: String = "", downtimeID: Int64? = nil, certificateExpiry: Date? = nil) {
        self.certificateExpiry = certificateExpiry
        self.checkID = checkID
        self.at = at
        self.available = available
        self.degraded = degraded
        self.httpStatus = httpStatus
        self.responseMS = responseMS
        self.error = error
        self.downtimeID = downtimeID
    }

    public var facts: SampleFacts { SampleFacts(at: at, available: available, responseMS: responseMS, inMaintenance: downtimeID != nil) }
}

/// A stored sample.
public struct SampleRecord: Sendable, Equatable {
    public var id: Int64
    public var sample: NewSample
}

/// One outage of a check, open while `endedAt` is nil.
public struct AlertRecord: Sendable, Equatable {
    public enum Kind: String, Sendable { case down, stillDown = "still_down", certificate }
    public var id: Int64
    public var checkID: Int64
    public var checkName: String
    public var target: ObjectRef?
    public var targetName: String
    public var kind: Kind
    public var downtimeID: Int64?
    public var incidentID: Int64?
    public var startedAt: Date
    public var endedAt: Date?
    public var availability: Double
    public var message: String
    public var recoveryMessage: String
}

/// Which alerts to list.
public struct AlertFilter: Sendable {
    public var checkID: Int64?
    public var targetName: String?
    /// `open` or `closed`; nil: both.
    public var open: Bool?
    public var from: Date?
    public var to: Date?
    public var limit = 200

    public init(checkID: Int64? = nil, targetName: String? = nil, open: Bool? = nil, from: Date? = nil, to: Date? = nil, limit: Int = 200) {
        self.checkID = checkID
        self.targetName = targetName
        self.open = open
        self.from = from
        self.to = to
        self.limit = limit
    }
}

/// Counts over a window of raw samples, for the alert rules and the monitoring page.
public struct WindowStats: Sendable, Equatable {
    public var samples = 0
    public var up = 0
    public var timed = 0
    public var sumMS = 0
    public var maxMS: Int?
    /// Response codes and how often each came ("200": 12, "none": 3 for failures without a response).
    public var statusCounts: [String: Int] = [:]

    public init() {}

    public var availability: Double? { samples == 0 ? nil : 100 * Double(up) / Double(samples) }
    public var averageMS: Double? { timed == 0 ? nil : Double(sumMS) / Double(timed) }
}

extension Statement {
    func optionalInt(at index: Int) -> Int? { isNull(at: index) ? nil : Int(int64(at: index)) }
    func optionalInt64(at index: Int) -> Int64? { isNull(at: index) ? nil : int64(at: index) }
    func double(at index: Int) -> Double {
        switch value(at: index) {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: return 0
        }
    }
    func date(at index: Int) -> Date? { string(at: index).flatMap(StoreTime.parse) }
}
