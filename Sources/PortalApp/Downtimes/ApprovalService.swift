import Foundation
import PortalCore
import PortalStore

/// Named approvers of a downtime and their decisions: adding approvers and recording an approval or a rejection, each
/// in one transaction with its audit row. Takes values, never a request.
enum ApprovalService {
    /// Why a decision was refused.
    enum Problem: Error, Equatable {
        /// The signed-in user is no person, or not one of the approvers.
        case notAnApprover
        case commentTooLong
    }

    static let commentLimit = 2000

    /// Records `person`'s decision on the downtime, replacing an earlier one; the audit row carries the time, the
    /// approver, the decision and the comment.
    static func decide(_ context: AppContext, downtime: DowntimeRecord, personID: Int64?, decision: ApprovalDecision, comment: String,
                       actor: AuditActor, now: Date = Date()) throws {
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines)
        guard comment.count <= commentLimit else { throw Problem.commentTooLong }
        guard let personID else { throw Problem.notAnApprover }
        try context.store.write { db in
            guard let approver = try ChangePackStore.approvers(db, downtimeID: downtime.id).first(where: { $0.personID == personID }),
                  try ChangePackStore.decide(db, downtimeID: downtime.id, personID: personID, decision: decision, comment: comment, at: now)
            else { throw Problem.notAnApprover }
            try AuditLog.record(db, actor: actor.name, action: decision == .approved ? "approve" : "reject", objectKind: "downtime",
                                objectID: downtime.id, objectName: downtime.title,
                                before: DowntimeService.auditJSON(["approver": approver.email, "decision": approver.decision.rawValue]),
                                after: DowntimeService.auditJSON(["approver": approver.email, "name": approver.name, "decision": decision.rawValue,
                                                                  "comment": comment]),
                                requestID: actor.requestID, at: now)
        }
    }

    /// Adds approvers (pending); those already named keep their decision. One audit row names the people added.
    static func add(_ context: AppContext, downtime: DowntimeRecord, personIDs: [Int64], actor: AuditActor) throws -> [ApprovalRecord] {
        try context.store.write { db in
            let before = try ChangePackStore.approvers(db, downtimeID: downtime.id)
            try ChangePackStore.addApprovers(db, downtimeID: downtime.id, personIDs: personIDs)
            let after = try ChangePackStore.approvers(db, downtimeID: downtime.id)
            try AuditLog.record(db, actor: actor.name, action: "add approvers", objectKind: "downtime", objectID: downtime.id,
                                objectName: downtime.title,
                                before: DowntimeService.auditJSON(["approvers": before.map(\.email).joined(separator: ", ")]),
                                after: DowntimeService.auditJSON(["approvers": after.map(\.email).joined(separator: ", ")]),
                                requestID: actor.requestID)
            return after
        }
    }

    /// "Ana Lima approved: looks fine" for the report's audit trail, from an approve or reject row.
    static func auditText(_ entry: AuditEntry) -> String {
        let after = entry.afterJSON.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] } ?? [:]
        let verb = entry.action == "approve" ? "approved" : "rejected"
        let comment = after["comment"].flatMap { $0.isEmpty ? nil : $0 }
        return "\(after["name"] ?? after["approver"] ?? entry.actor) \(verb)\(comment.map { ": \($0)" } ?? "")"
    }

    /// The approvers and their decisions in JSON.
    static func json(_ approvals: [ApprovalRecord]) -> [[String: Any]] {
        approvals.map {
            ["name": $0.name, "email": $0.email, "decision": $0.decision.rawValue, "comment": $0.comment,
             "decided_at": $0.decidedAt.map { StoreTime.format($0) as Any } ?? NSNull()]
        }
    }
}
