import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// The level-subscription form: subject (kind and name), window, threshold, channels, and whether to be told during
/// declared downtime; field messages keyed by the form's names.
struct LevelSubscriptionInput {
    static let fields = ["subject_kind", "subject_name", "window", "threshold", "by_mail", "by_xmpp", "webhook", "during_downtime", "team"]

    var values: [String: String]

    init(_ form: FormData) {
        var values: [String: String] = [:]
        for name in Self.fields { values[name] = String((form[name] ?? "").prefix(200)).trimmingCharacters(in: .whitespaces) }
        self.values = values
    }

    /// The draft for `subscriber`, or the field messages. `team` is read only when `subscriber` is nil (the admin's form).
    func draft(subscriber given: LevelSubscriber?, inventory: Inventory, webhookIDs: Set<Int64>) -> Result<LevelSubscriptionDraft, FieldErrors> {
        var errors: [String: String] = [:]
        var subscriber = given
        if given == nil {
            let name = values["team"] ?? ""
            if let team = inventory.teams.first(where: { $0.name == name }) {
                subscriber = .team(team.id)
            } else {
                errors["team"] = name.isEmpty ? "Choose the team to tell." : "There is no team named '\(name.prefix(80))'."
            }
        }
        let kind = values["subject_kind"] ?? ""
        let name = values["subject_name"] ?? ""
        var subject: ServiceLevelSubject?
        if !["service", "process", "region", "overall"].contains(kind) {
            errors["subject_kind"] = "Choose a service, a business process, a region or overall."
        } else if let found = LevelSubjectName.find(kind: kind, name: name, inventory: inventory) {
            subject = found
        } else {
            errors["subject_name"] = name.isEmpty ? "Give the name of the \(kind == "process" ? "business process" : kind)." : "There is no \(kind) named '\(name.prefix(80))'."
        }
        let window = ServiceLevelWindow(rawValue: values["window"] ?? "")
        if window == nil { errors["window"] = "Choose a window: 10 min, 1 h, 24 h or 30 days." }
        let thresholdText = (values["threshold"] ?? "").replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)
        let threshold = Double(thresholdText).flatMap { $0.isFinite && $0 > 0 && $0 <= 100 ? $0 : nil }
        if threshold == nil { errors["threshold"] = "The threshold is a percentage above 0 and at most 100, such as 99.9." }
        let byMail = values["by_mail"] == "1", byXMPP = values["by_xmpp"] == "1"
        var webhookID: Int64?
        if let text = values["webhook"], !text.isEmpty {
            if let id = Int64(text), webhookIDs.contains(id) { webhookID = id } else { errors["webhook"] = "Choose one of the webhooks listed." }
        }
        if !byMail && !byXMPP && webhookID == nil && errors["webhook"] == nil {
            errors["channels"] = "Choose at least one way to be told: e-mail, XMPP or a webhook."
        }
        if byXMPP, case .person(let id)? = subscriber, inventory.person(id)?.jid == nil {
            errors["channels"] = "Your person record has no XMPP address: add one (people, field “XMPP address”) or leave XMPP off."
        }
        guard errors.isEmpty, let subscriber, let subject, let window, let threshold else { return .failure(FieldErrors(errors)) }
        return .success(LevelSubscriptionDraft(subscriber: subscriber, subject: subject, threshold: threshold, window: window, byMail: byMail,
                                               byXMPP: byXMPP, webhookID: webhookID, duringDowntime: values["during_downtime"] == "1"))
    }

    /// The form's defaults: a service, 10 minutes, 99.9 %, by e-mail.
    static let defaults = ["subject_kind": "service", "window": "10m", "threshold": "99.9", "by_mail": "1"]
}

