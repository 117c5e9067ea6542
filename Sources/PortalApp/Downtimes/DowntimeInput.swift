import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// What a person typed into the downtime form or sent as JSON, before it is checked. Field names are the
/// API's (`starts_at`, `time_zone`, `coordinator`, ...).
struct DowntimeInput: Sendable {
    struct TargetInput: Sendable, Equatable {
        var kind: String
        var name: String
    }

    var title = ""
    var kind = "planned"
    var targets: [TargetInput] = []
    var startsAt = ""
    var endsAt = ""
    var timeZone = "UTC"
    var startAmbiguity = ""
    var endAmbiguity = ""
    var changeTicket = ""
    var changeURL = ""
    var reason = ""
    var coordinator = ""
    var commsManager = ""
    var note = ""
    var overrideReason = ""
    /// The "Change pack" fieldset or its JSON fields; nil when not sent (a stored change pack is then kept).
    var changePack: ChangePackInput?

    static let targetKinds = ["region", "cluster", "server", "service"]
    /// Target rows the form offers (blank ones are ignored).
    static let formTargetRows = 5

    /// From the HTML form: targets come as repeated `target_kind` / `target_name` pairs.
    init(form: FormData) {
        title = form["title"] ?? ""
        kind = form["kind"] ?? "planned"
        let kinds = form.all("target_kind"), names = form.all("target_name")
        for (offset, name) in names.enumerated() where !name.trimmingCharacters(in: .whitespaces).isEmpty {
            targets.append(TargetInput(kind: offset < kinds.count ? kinds[offset] : "server", name: name))
        }
        startsAt = form["starts_at"] ?? ""
        endsAt = form["ends_at"] ?? ""
        timeZone = form["time_zone"] ?? "UTC"
        startAmbiguity = form["start_ambiguity"] ?? ""
        endAmbiguity = form["end_ambiguity"] ?? ""
        changeTicket = form["change_ticket"] ?? ""
        changeURL = form["change_url"] ?? ""
        reason = form["reason"] ?? ""
        coordinator = form["coordinator"] ?? ""
        commsManager = form["comms_manager"] ?? ""
        note = form["note"] ?? ""
        overrideReason = form["override_reason"] ?? ""
        changePack = ChangePackInput(form: form)
    }

    init() {}

    /// From a JSON object; wrong types become field errors.
    init(json: [String: Any]) throws {
        var errors: [String: String] = [:]
        func text(_ key: String, _ fallback: String = "") -> String {
            guard let value = json[key] else { return fallback }
            if value is NSNull { return "" }
            if let string = value as? String { return string }
            errors[key] = "must be a string"
            return fallback
        }
        title = text("title")
        kind = text("kind", "planned")
        startsAt = text("starts_at")
        endsAt = text("ends_at")
        timeZone = text("time_zone", "UTC")
        startAmbiguity = text("start_ambiguity")
        endAmbiguity = text("end_ambiguity")
        changeTicket = text("change_ticket")
        changeURL = text("change_url")
        reason = text("reason")
        coordinator = text("coordinator")
        commsManager = text("comms_manager")
        note = text("note")
        overrideReason = text("override_reason")
        changePack = ChangePackInput(json: json, errors: &errors)
        if let list = InputFields.targetList(json["targets"], example: #"[{"kind": "cluster", "name": "db-east"}]"#, errors: &errors) { targets = list }
        if !errors.isEmpty { throw HTTPError(422, "Some fields have the wrong type.", fields: errors) }
    }

    /// Checks everything and resolves names; returns the draft or field errors (field name → message).
    func resolve(_ db: Database) throws -> Result<DowntimeDraft, FieldErrors> {
        var errors: [String: String] = [:]
        var suggestions: [String: [String]] = [:]
        let title = InputFields.title(self.title, errors: &errors)
        let kind = DowntimeKind(rawValue: self.kind)
        if kind == nil { errors["kind"] = "Kind must be one of planned, emergency, unplanned." }
        let resolved = try InputFields.targets(db, targets, kinds: Self.targetKinds, noun: "downtime", errors: &errors, suggestions: &suggestions)
        var window: TimeWindow?
        if let problem = FieldRules.timeZone(timeZone) { errors["time_zone"] = problem }
        let start = InputFields.local(startsAt, field: "starts_at", label: "Start", errors: &errors)
        let end = InputFields.local(endsAt, field: "ends_at", label: "End", errors: &errors)
        if let start, let end, errors["time_zone"] == nil,
           let startTime = InputFields.instant(start, zone: timeZone, ambiguity: startAmbiguity, field: "starts_at", errors: &errors),
           let endTime = InputFields.instant(end, zone: timeZone, ambiguity: endAmbiguity, field: "ends_at", errors: &errors) {
            do {
                window = try TimeWindow(start: startTime, end: endTime, timeZone: timeZone)
            } catch let error as ScheduleError {
                errors["ends_at"] = error.message
            }
        }
        let url = InputFields.webURL(changeURL, field: "change_url", label: "change URL", errors: &errors)
        if let problem = FieldRules.name(changeTicket, label: "Change ticket", max: 100) { errors["change_ticket"] = problem }
        for (key, value, label) in [("reason", reason, "Reason"), ("note", note, "Note")] {
            if let problem = FieldRules.text(value, label: label, max: 4000) { errors[key] = problem }
        }
        if let problem = FieldRules.text(overrideReason, label: "Override reason", max: 2000) { errors["override_reason"] = problem }
        let coordinatorID = try InputFields.person(db, coordinator, field: "coordinator", label: "coordinator", errors: &errors, suggestions: &suggestions)
        let commsManagerID = try InputFields.person(db, commsManager, field: "comms_manager", label: "comms manager", errors: &errors, suggestions: &suggestions)
        let pack = try changePack?.resolve(db, errors: &errors)
        guard errors.isEmpty, let kind, let window else { return .failure(FieldErrors(errors, suggestions: suggestions)) }
        return .success(DowntimeDraft(title: title, kind: kind, window: window, changeTicket: changeTicket.trimmingCharacters(in: .whitespaces),
                                      changeURL: url, reason: reason, note: note, coordinatorID: coordinatorID, commsManagerID: commsManagerID,
                                      overrideReason: overrideReason.trimmingCharacters(in: .whitespacesAndNewlines), targets: resolved)
            .with(pack))
    }

    /// The input for an existing downtime, to fill the edit form.
    init(record: DowntimeRecord) {
        title = record.title
        kind = record.kind.rawValue
        targets = record.targets.map { TargetInput(kind: $0.kindName, name: $0.name) }
        startsAt = record.window.localStart.formValue
        endsAt = record.window.localEnd.formValue
        timeZone = record.window.timeZone
        startAmbiguity = record.window.startAmbiguity?.rawValue ?? ""
        endAmbiguity = record.window.endAmbiguity?.rawValue ?? ""
        changeTicket = record.changeTicket
        changeURL = record.changeURL
        reason = record.reason
        coordinator = record.coordinatorEmail
        commsManager = record.commsManagerEmail
        note = record.note
        overrideReason = record.overrideReason
    }
}

/// Field name → message, as an error value, with the closest known values for fields that named something unknown.
struct FieldErrors: Error, Sendable {
    let fields: [String: String]
    /// Field name → suggested values ("did you mean"), best first.
    let suggestions: [String: [String]]
    init(_ fields: [String: String], suggestions: [String: [String]] = [:]) {
        self.fields = fields
        self.suggestions = suggestions
    }
}
