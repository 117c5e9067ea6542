import Foundation
import PortalCore
import PortalStore

/// The change pack and approvals section of a downtime's page: the risk and plans, each approver with their
/// decision, and, for a signed-in approver, the Approve/Reject form.
struct ChangePackPanel {
    struct Approver {
        let name: String
        let email: String
        let decision: String
        let decisionClass: String
        let when: String
        let comment: String
    }

    let id: Int64
    let csrf: String
    let risk: String
    let implementationPlan: String
    let testPlan: String
    let backoutPlan: String
    let hasPack: Bool
    let approvers: [Approver]
    let hasApprovers: Bool
    /// The signed-in user is one of the approvers.
    let canDecide: Bool
    let yourDecision: String
    let comment: String
    let error: String

    /// The panel of a downtime for the signed-in user; nil when there is neither a change pack nor an approver.
    static func load(_ context: AppContext, downtime: DowntimeRecord, login: String?, csrf: String,
                     comment: String = "", error: String = "") throws -> ChangePackPanel? {
        let (pack, approvals, me) = try context.store.read { db in
            (try ChangePackStore.fetch(db, downtimeID: downtime.id), try ChangePackStore.approvers(db, downtimeID: downtime.id),
             try login.flatMap { try AccountStore.person(db, login: $0)?.id })
        }
        guard pack != nil || !approvals.isEmpty else { return nil }
        let mine = approvals.first { $0.personID == me }
        return ChangePackPanel(
            id: downtime.id, csrf: csrf, risk: pack?.risk?.displayName ?? "Not assessed", implementationPlan: pack?.implementationPlan ?? "",
            testPlan: pack?.testPlan ?? "", backoutPlan: pack?.backoutPlan ?? "", hasPack: pack != nil,
            approvers: approvals.map {
                Approver(name: $0.name, email: $0.email, decision: $0.decision.displayName, decisionClass: $0.decision.rawValue,
                         when: $0.decidedAt.map(StoreTime.format) ?? "", comment: $0.comment)
            },
            hasApprovers: !approvals.isEmpty, canDecide: mine != nil,
            yourDecision: mine.map { $0.decision == .pending ? "" : "You \($0.decision.displayName.lowercased()) this change; you may change your decision." } ?? "",
            comment: comment, error: error)
    }
}
