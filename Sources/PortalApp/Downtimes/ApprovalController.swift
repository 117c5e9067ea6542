import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// Approving or rejecting a downtime's change in the portal (`POST /downtimes/:id/approval`), and the approvers in the
/// API (`GET`/`POST /api/v1/downtimes/:id/approvers`, `POST /api/v1/downtimes/:id/approval`).
enum ApprovalController {
    struct PageModel {
        let site: SiteChrome
        let title: String
        let changePack: ChangePackPanel?
    }

    /// The form's decision: `approve` or `reject`.
    static func decision(_ text: String?) -> ApprovalDecision? {
        switch text {
        case "approve": .approved
        case "reject": .rejected
        default: nil
        }
    }

    static func person(_ request: Request, _ context: AppContext) throws -> Int64? {
        guard let login = request.identity?.login else { return nil }
        return try context.store.read { try AccountStore.person($0, login: login)?.id }
    }

    @Sendable static func decide(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        let form = try request.form()
        let comment = String((form["comment"] ?? "").prefix(10_000))
        func again(_ message: String, status: Int) throws -> Response {
            let panel = try ChangePackPanel.load(context, downtime: downtime, login: request.identity?.login, csrf: request.csrfToken,
                                                 comment: comment, error: message)
            return try context.views.page("downtimes/approval", PageModel(site: SiteChrome(request), title: "Approve or reject DT-\(downtime.id)",
                                                                          changePack: panel), status: status)
        }
        guard let decision = decision(form["decision"]) else { return try again("Choose Approve or Reject.", status: 422) }
        do {
            try ApprovalService.decide(context, downtime: downtime, personID: try person(request, context), decision: decision, comment: comment,
                                       actor: AuditActor(request))
        } catch ApprovalService.Problem.commentTooLong {
            return try again("The comment is too long: \(comment.count) characters, at most \(ApprovalService.commentLimit) allowed.", status: 422)
        } catch ApprovalService.Problem.notAnApprover {
            throw HTTPError(403, "Only the approvers named on DT-\(downtime.id) may approve or reject it.")
        }
        return Flash.redirect(to: "/downtimes/\(downtime.id)#change-pack",
                              message: "You \(decision.displayName.lowercased()) DT-\(downtime.id); it is recorded in the audit log.")
    }

    /// `GET /api/v1/downtimes/:id/approvers`: the change pack and every approver with their decision.
    @Sendable static func list(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        return .jsonObject(try json(context, downtime))
    }

    static func json(_ context: AppContext, _ downtime: DowntimeRecord) throws -> [String: Any] {
        let (pack, approvals) = try context.store.read {
            (try ChangePackStore.fetch($0, downtimeID: downtime.id), try ChangePackStore.approvers($0, downtimeID: downtime.id))
        }
        return ["risk": pack?.risk.map { $0.rawValue as Any } ?? NSNull(), "implementation_plan": pack?.implementationPlan ?? "",
                "test_plan": pack?.testPlan ?? "", "backout_plan": pack?.backoutPlan ?? "", "approvers": ApprovalService.json(approvals)]
    }

    /// `POST /api/v1/downtimes/:id/approvers` with `{"approvers": ["ana@example.com"]}`: adds approvers (pending).
    @Sendable static func add(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        let body = try request.jsonObject()
        guard let emails = body["approvers"] as? [String], !emails.isEmpty else {
            throw HTTPError(422, #"Send approvers as a list of e-mail addresses, like {"approvers": ["ana@example.com"]}."#,
                            fields: ["approvers": "is required"])
        }
        var errors: [String: String] = [:]
        let input = ChangePackInput(json: ["approvers": emails], errors: &errors)
        let (_, people) = try context.store.read { try (input ?? ChangePackInput()).resolve($0, errors: &errors) }
        if !errors.isEmpty { throw DowntimeAPIController.invalid(errors) }
        _ = try ApprovalService.add(context, downtime: downtime, personIDs: people, actor: AuditActor(request))
        return .jsonObject(try json(context, downtime))
    }

    /// `POST /api/v1/downtimes/:id/approval` with `{"decision": "approve"|"reject", "comment": "..."}`: the token's user decides.
    @Sendable static func decideJSON(_ request: Request, _ context: AppContext) throws -> Response {
        let downtime = try DowntimeController.load(request, context)
        let body = try request.jsonObject()
        guard let decision = decision(body["decision"] as? String) else {
            throw HTTPError(422, "decision must be approve or reject.", fields: ["decision": "must be approve or reject"])
        }
        guard body["comment"] == nil || body["comment"] is String else { throw HTTPError(422, "comment must be a string.", fields: ["comment": "must be a string"]) }
        let comment = body["comment"] as? String ?? ""
        do {
            try ApprovalService.decide(context, downtime: downtime, personID: try person(request, context), decision: decision, comment: comment,
                                       actor: AuditActor(request))
        } catch ApprovalService.Problem.commentTooLong {
            throw HTTPError(422, "comment is too long: at most \(ApprovalService.commentLimit) characters.", fields: ["comment": "too long"])
        } catch ApprovalService.Problem.notAnApprover {
            throw HTTPError(403, "Only the approvers named on DT-\(downtime.id) may approve or reject it.")
        }
        return .jsonObject(try json(context, downtime))
    }
}
