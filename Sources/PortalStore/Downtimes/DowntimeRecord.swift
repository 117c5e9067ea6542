import Foundation
import PortalCore

/// A downtime as stored, with its targets and the names people see.
public struct DowntimeRecord: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var kind: DowntimeKind
    public var state: DowntimeState
    public var window: TimeWindow
    public var changeTicket: String
    public var changeURL: String
    public var reason: String
    public var note: String
    public var coordinatorID: Int64?
    public var coordinatorName: String
    public var coordinatorEmail: String
    public var commsManagerID: Int64?
    public var commsManagerName: String
    public var commsManagerEmail: String
    public var overrideReason: String
    public var targets: [DowntimeTarget]
    public var createdAt: Date
    public var updatedAt: Date
}

/// One target of a downtime: the object and its name.
public struct DowntimeTarget: Sendable, Equatable, Hashable {
    public let object: ObjectRef
    public let name: String

    public init(object: ObjectRef, name: String) {
        self.object = object
        self.name = name
    }

    /// The kind word used in URLs and the API (`cluster`), and its plural (`clusters`).
    public var kindName: String { object.kind.rawValue }
    public var pluralKind: String {
        switch object.kind {
        case .region: "regions"
        case .cluster: "clusters"
        case .server: "servers"
        case .service: "services"
        case .process: "processes"
        case .dataset: "datasets"
        }
    }
}

/// The fields a downtime is created or edited with, already resolved to ids.
public struct DowntimeDraft: Sendable {
    public var title: String
    public var kind: DowntimeKind
    public var window: TimeWindow
    public var changeTicket: String
    public var changeURL: String
    public var reason: String
    public var note: String
    public var coordinatorID: Int64?
    public var commsManagerID: Int64?
    public var overrideReason: String
    public var targets: [ObjectRef]
    /// The change pack; nil leaves a stored one as it is.
    public var changePack: ChangePack?
    /// The approvers (people); nil leaves the stored ones as they are.
    public var approverIDs: [Int64]?

    public init(title: String, kind: DowntimeKind, window: TimeWindow, changeTicket: String = "", changeURL: String = "",
                reason: String = "", note: String = "", coordinatorID: Int64? = nil, commsManagerID: Int64? = nil,
                overrideReason: String = "", targets: [ObjectRef]) {
        self.title = title
        self.kind = kind
        self.window = window
        self.changeTicket = changeTicket
        self.changeURL = changeURL
        self.reason = reason
        self.note = note
        self.coordinatorID = coordinatorID
        self.commsManagerID = commsManagerID
        self.overrideReason = overrideReason
        self.targets = targets
    }
}

/// One line of a downtime's history.
public struct DowntimeEventRecord: Sendable, Equatable {
    public let at: Date
    public let actor: String
    public let event: String
    public let fromState: String?
    public let toState: String
    public let note: String
}

/// A frozen impact.
public struct ImpactSnapshotRecord: Sendable {
    public let id: Int64
    public let takenAt: Date
    public let impact: Impact
}
