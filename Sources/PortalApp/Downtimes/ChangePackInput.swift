import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// The change pack as typed on the downtime form ("Change pack" fieldset) or sent as JSON (`risk`,
/// `implementation_plan`, `test_plan`, `backout_plan`, `approvers`), before it is checked.
struct ChangePackInput: Sendable, Equatable {
    var risk = ""
    var implementationPlan = ""
    var testPlan = ""
    var backoutPlan = ""
    /// People by e-mail, separated by commas or new lines.
    var approvers = ""

    static let maximumApprovers = 20
    static let labels = ["risk": "Risk", "implementation_plan": "Implementation plan", "test_plan": "Test plan",
                         "backout_plan": "Back-out plan", "approvers": "Approvers"]

    init() {}

    /// From the form; nil when the form has no change-pack fieldset (it always sends `risk`).
    init?(form: FormData) {
        guard let risk = form["risk"] else { return nil }
        self.risk = risk
        implementationPlan = form["implementation_plan"] ?? ""
        testPlan = form["test_plan"] ?? ""
        backoutPlan = form["backout_plan"] ?? ""
        approvers = form["approvers"] ?? ""
    }

    /// From a JSON object; nil when it names none of the fields (an existing change pack is then left as it is).
    /// `approvers` is a list of e-mails; `risk` may be null.
    init?(json: [String: Any], errors: inout [String: String]) {
        guard json.keys.contains(where: { ["risk", "implementation_plan", "test_plan", "backout_plan", "approvers"].contains($0) }) else { return nil }
        func text(_ key: String) -> String {
            guard let value = json[key], !(value is NSNull) else { return "" }
            if let string = value as? String { return string }
            errors[key] = "must be a string"
            return ""
        }
        risk = text("risk")
        implementationPlan = text("implementation_plan")
        testPlan = text("test_plan")
        backoutPlan = text("backout_plan")
        if let list = json["approvers"], !(list is NSNull) {
            if let emails = list as? [String] {
                approvers = emails.joined(separator: ", ")
            } else {
                errors["approvers"] = #"must be a list of e-mail addresses, like ["ana@example.com"]"#
            }
        }
    }

    /// The input of a stored change pack and its approvers, to fill the edit form.
    init(_ pack: ChangePack?, approvers: [ApprovalRecord]) {
        risk = pack?.risk?.rawValue ?? ""
        implementationPlan = pack?.implementationPlan ?? ""
        testPlan = pack?.testPlan ?? ""
        backoutPlan = pack?.backoutPlan ?? ""
        self.approvers = approvers.map(\.email).joined(separator: ", ")
    }

    /// Checks the values and resolves the approvers to people; problems go into `errors` under the field names.
    func resolve(_ db: Database, errors: inout [String: String]) throws -> (ChangePack, [Int64]) {
        let risk = ChangeRisk(rawValue: self.risk.trimmingCharacters(in: .whitespaces).lowercased())
        if risk == nil && !self.risk.trimmingCharacters(in: .whitespaces).isEmpty {
            errors["risk"] = "Risk must be low, medium or high (or left empty)."
        }
        for (key, value) in [("implementation_plan", implementationPlan), ("test_plan", testPlan), ("backout_plan", backoutPlan)] {
            if let problem = FieldRules.text(value, label: Self.labels[key] ?? key, max: ChangePack.planLimit) { errors[key] = problem }
        }
        var people: [Int64] = []
        let names = Self.approverList(approvers)
        if approvers.count > 5000 || names.count > Self.maximumApprovers {
            errors["approvers"] = "Name at most \(Self.maximumApprovers) approvers."
        } else {
            var unknown: [String] = []
            for name in names {
                var ignored: [String: String] = [:]
                if let id = try InputFields.person(db, name, field: "approvers", label: "approver", errors: &ignored) {
                    if !people.contains(id) { people.append(id) }
                } else {
                    unknown.append(String(name.prefix(80)))
                }
            }
            if !unknown.isEmpty {
                errors["approvers"] = "No person has the e-mail \(unknown.map { "'\($0)'" }.joined(separator: ", ")); approvers must be in People."
            }
        }
        let pack = ChangePack(risk: risk, implementationPlan: implementationPlan.trimmingCharacters(in: .whitespacesAndNewlines),
                              testPlan: testPlan.trimmingCharacters(in: .whitespacesAndNewlines),
                              backoutPlan: backoutPlan.trimmingCharacters(in: .whitespacesAndNewlines))
        return (pack, people)
    }

    static func approverList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}

extension DowntimeDraft {
    /// The draft carrying a resolved change pack and its approvers (nil: leave the stored ones as they are).
    func with(_ pack: (ChangePack, [Int64])?) -> DowntimeDraft {
        var draft = self
        draft.changePack = pack?.0
        draft.approverIDs = pack?.1
        return draft
    }
}

/// The change pack and approvers as audit fields, so that an edit's one audit row shows them before and after.
enum ChangePackAudit {
    static func fields(_ db: Database, downtimeID: Int64) throws -> [String: String] {
        let pack = try ChangePackStore.fetch(db, downtimeID: downtimeID)
        return ["risk": pack?.risk?.rawValue ?? "", "implementation_plan": pack?.implementationPlan ?? "", "test_plan": pack?.testPlan ?? "",
                "backout_plan": pack?.backoutPlan ?? "",
                "approvers": try ChangePackStore.approvers(db, downtimeID: downtimeID).map(\.email).joined(separator: ", ")]
    }

    /// Adds the fields that changed to an audit row's before and after.
    static func merge(_ before: [String: String], _ after: [String: String], into old: inout [String: String], _ new: inout [String: String]) {
        for (key, value) in before where after[key] != value {
            old[key] = value
            new[key] = after[key] ?? ""
        }
    }
}
