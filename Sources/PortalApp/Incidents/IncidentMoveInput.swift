import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// An update, resolution or reopening as typed in a form or sent as JSON. The text field is named after what it is:
/// `message` for an update (with `status`), `resolution` (with an optional local `ended_at` and `time_zone`) for
/// resolving, `reason` for reopening.
struct IncidentMoveInput: Sendable {
    enum Action: String, Sendable {
        case update, resolve, reopen

        var textField: String {
            switch self {
            case .update: "message"
            case .resolve: "resolution"
            case .reopen: "reason"
            }
        }
    }

    let action: Action
    var status = ""
    var text = ""
    var endedAt = ""
    var timeZone = "UTC"
    var notify = false

    /// From the HTML form.
    init(action: Action, form: FormData) {
        self.action = action
        status = form["status"] ?? ""
        text = form[action.textField] ?? ""
        endedAt = form["ended_at"] ?? ""
        timeZone = form["time_zone"] ?? "UTC"
        notify = form["notify"] == "1"
    }

    /// From a JSON object; wrong types become field errors.
    init(action: Action, json: [String: Any]) throws {
        self.action = action
        var errors: [String: String] = [:]
        func string(_ key: String, _ fallback: String = "") -> String {
            guard let value = json[key], !(value is NSNull) else { return fallback }
            if let text = value as? String { return text }
            errors[key] = "must be a string"
            return fallback
        }
        status = string("status")
        text = string(action.textField)
        endedAt = string("ended_at")
        timeZone = string("time_zone", "UTC")
        if let value = json["notify"] {
            if let flag = value as? Bool { notify = flag } else { errors["notify"] = "must be true or false" }
        }
        if !errors.isEmpty { throw HTTPError(422, "Some fields have the wrong type.", fields: errors) }
    }

    /// The lifecycle event, the checked text and the end (resolving only; nil means now), or field errors.
    func resolve() -> Result<(event: IncidentEvent, text: String, endedAt: Date?), FieldErrors> {
        var errors: [String: String] = [:]
        let field = action.textField
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let label = field.prefix(1).uppercased() + field.dropFirst()
        if trimmed.isEmpty { errors[field] = "\(label) is required." } else if let problem = FieldRules.text(trimmed, label: label, max: 4000) { errors[field] = problem }
        var event: IncidentEvent = action == .resolve ? .resolve : .reopen
        if action == .update {
            if let status = IncidentStatus(rawValue: status), status.isOpen { event = .update(to: status) } else {
                errors["status"] = "Status must be one of investigating, identified, monitoring (resolve the incident to close it)."
            }
        }
        var end: Date?
        if action == .resolve && !endedAt.trimmingCharacters(in: .whitespaces).isEmpty {
            if let problem = FieldRules.timeZone(timeZone) { errors["time_zone"] = problem }
            if let local = InputFields.local(endedAt, field: "ended_at", label: "End", errors: &errors), errors["time_zone"] == nil {
                end = InputFields.instant(local, zone: timeZone, ambiguity: "later", field: "ended_at", errors: &errors)
            }
            if let end, end > Date().addingTimeInterval(300) { errors["ended_at"] = "The end cannot be in the future; resolve the incident when it is over." }
        }
        guard errors.isEmpty else { return .failure(FieldErrors(errors)) }
        return .success((event, trimmed, end))
    }
}
