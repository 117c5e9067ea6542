import Foundation
import PortalCore

/// One named approver of a downtime, with their decision.
public struct ApprovalRecord: Sendable, Equatable {
    public var personID: Int64
    public var name: String
    public var email: String
    public var decision: ApprovalDecision
    public var comment: String
    public var decidedAt: Date?
}

/// The change pack of a downtime (risk and plans) and its approvers. Writes run inside the caller's transaction.
public enum ChangePackStore {
    /// The change pack of a downtime; nil when none was given.
    public static func fetch(_ db: Database, downtimeID: Int64) throws -> ChangePack? {
        var pack: ChangePack?
        try db.forEach("SELECT risk, implementation_plan, test_plan, backout_plan FROM downtime_change_packs WHERE downtime_id = ?", [downtimeID]) { s in
            pack = ChangePack(risk: ChangeRisk(rawValue: s.string(at: 0) ?? ""), implementationPlan: s.string(at: 1) ?? "",
                              testPlan: s.string(at: 2) ?? "", backoutPlan: s.string(at: 3) ?? "")
        }
        return pack
    }

    /// Stores the change pack; an empty one removes it.
    public static func save(_ db: Database, downtimeID: Int64, _ pack: ChangePack) throws {
        guard !pack.isEmpty else {
            try db.run("DELETE FROM downtime_change_packs WHERE downtime_id = ?", [downtimeID])
            return
        }
        try db.run("""
            INSERT INTO downtime_change_packs (downtime_id, risk, implementation_plan, test_plan, backout_plan) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (downtime_id) DO UPDATE SET risk = excluded.risk, implementation_plan = excluded.implementation_plan,
                   test_plan = excluded.test_plan, backout_plan = excluded.backout_plan
            """, [downtimeID, pack.risk?.rawValue ?? "", pack.implementationPlan, pack.testPlan, pack.backoutPlan])
    }

    /// Stores what a draft carries of the change pack and its approvers; what it leaves nil stays as it is.
    static func apply(_ db: Database, downtimeID: Int64, _ draft: DowntimeDraft) throws {
        if let pack = draft.changePack { try save(db, downtimeID: downtimeID, pack) }
        if let approverIDs = draft.approverIDs { try replaceApprovers(db, downtimeID: downtimeID, personIDs: approverIDs) }
    }

    /// The approvers of a downtime in the order they were named, with their decisions.
    public static func approvers(_ db: Database, downtimeID: Int64) throws -> [ApprovalRecord] {
        var result: [ApprovalRecord] = []
        try db.forEach("""
            SELECT a.person_id, p.name, p.email, a.decision, a.comment, a.decided_at
              FROM downtime_approvers a JOIN people p ON p.id = a.person_id
             WHERE a.downtime_id = ? ORDER BY p.name, a.person_id
            """, [downtimeID]) { s in
            result.append(ApprovalRecord(personID: s.int64(at: 0), name: s.string(at: 1) ?? "", email: s.string(at: 2) ?? "",
                                         decision: ApprovalDecision(rawValue: s.string(at: 3) ?? "") ?? .pending, comment: s.string(at: 4) ?? "",
                                         decidedAt: s.string(at: 5).flatMap(StoreTime.parse)))
        }
        return result
    }

    /// Adds approvers (pending); people already named keep their decision.
    public static func addApprovers(_ db: Database, downtimeID: Int64, personIDs: [Int64]) throws {
        for personID in personIDs {
            try db.run("INSERT INTO downtime_approvers (downtime_id, person_id) VALUES (?, ?) ON CONFLICT DO NOTHING", [downtimeID, personID])
        }
    }

    /// Makes the approvers exactly `personIDs`: those no longer named are removed, the others keep their decision.
    public static func replaceApprovers(_ db: Database, downtimeID: Int64, personIDs: [Int64]) throws {
        let keep = Set(personIDs)
        for existing in try approvers(db, downtimeID: downtimeID) where !keep.contains(existing.personID) {
            try db.run("DELETE FROM downtime_approvers WHERE downtime_id = ? AND person_id = ?", [downtimeID, existing.personID])
        }
        try addApprovers(db, downtimeID: downtimeID, personIDs: personIDs)
    }

    /// Records an approver's decision; false when the person is not an approver of the downtime.
    public static func decide(_ db: Database, downtimeID: Int64, personID: Int64, decision: ApprovalDecision, comment: String,
                              at: Date = Date()) throws -> Bool {
        try db.run("UPDATE downtime_approvers SET decision = ?, comment = ?, decided_at = ? WHERE downtime_id = ? AND person_id = ?",
                   [decision.rawValue, comment, StoreTime.format(at), downtimeID, personID])
        return db.changes > 0
    }
}
