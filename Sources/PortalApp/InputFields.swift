import Foundation
import PortalCore
import PortalStore

/// Field checks shared by the downtime and incident forms and their JSON: target names, local times in a zone,
/// people by e-mail and ticket URLs. Each adds a message under the field's name when the value is refused.
enum InputFields {
    /// The `targets` list of a JSON body (`[{"kind": "cluster", "name": "db-east"}]`); any other shape is a `targets` error
    /// that shows `example`. Nil when the body has no `targets`.
    static func targetList(_ value: Any?, example: String, errors: inout [String: String]) -> [DowntimeInput.TargetInput]? {
        guard let value else { return nil }
        guard let items = value as? [[String: Any]] else {
            errors["targets"] = "must be a list like \(example)"
            return nil
        }
        return items.map { .init(kind: $0["kind"] as? String ?? "", name: $0["name"] as? String ?? "") }
    }

    /// A required title on one line of at most 200 characters, trimmed; a problem becomes a `title` error.
    static func title(_ text: String, errors: inout [String: String]) -> String {
        let title = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors["title"] = "Title is required." } else if let problem = FieldRules.name(title, label: "Title", max: 200) { errors["title"] = problem }
        return title
    }

    /// Resolves `{kind, name}` pairs of the allowed kinds to objects; unknown kinds and names become a `targets` error.
    static func targets(_ db: Database, _ targets: [DowntimeInput.TargetInput], kinds: [String], noun: String,
                        errors: inout [String: String]) throws -> [ObjectRef] {
        var suggestions: [String: [String]] = [:]
        return try self.targets(db, targets, kinds: kinds, noun: noun, errors: &errors, suggestions: &suggestions)
    }

    /// The same, with the closest known names for an unknown one in `suggestions["targets"]` and in the message.
    static func targets(_ db: Database, _ targets: [DowntimeInput.TargetInput], kinds: [String], noun: String,
                        errors: inout [String: String], suggestions: inout [String: [String]]) throws -> [ObjectRef] {
        let kindList = kinds.dropLast().joined(separator: ", ") + " or " + (kinds.last ?? "")
        if targets.isEmpty { errors["targets"] = "Choose at least one \(kindList)." }
        if targets.count > 200 { errors["targets"] = "At most 200 targets per \(noun)." }
        var resolved: [ObjectRef] = []
        for target in targets.prefix(200) {
            let name = target.name.trimmingCharacters(in: .whitespaces)
            guard kinds.contains(target.kind), let objectKind = ObjectKind(rawValue: target.kind) else {
                errors["targets"] = "A target's kind must be \(kindList), not '\(target.kind.prefix(30))'."
                continue
            }
            let spec = InventorySpecs.spec(InventoryKind(objectKind))
            if let id = try EntityStore.id(db, spec, name: name) {
                let ref = ObjectRef(kind: objectKind, id: id)
                if !resolved.contains(ref) { resolved.append(ref) }
            } else {
                let near = NameSuggestions.closest(to: name, among: try EntityStore.namesNear(db, spec, name))
                suggestions["targets", default: []].append(contentsOf: near.filter { !(suggestions["targets"] ?? []).contains($0) })
                errors["targets"] = "There is no \(target.kind) named '\(name.prefix(80))'." + (near.isEmpty ? "" : " " + NameSuggestions.didYouMean(near))
            }
        }
        return resolved
    }

    /// A local date-time typed in the form (`2027-01-12T22:00`), not yet placed in a zone.
    static func local(_ text: String, field: String, label: String, errors: inout [String: String]) -> LocalDateTime? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            errors[field] = "\(label) is required."
            return nil
        }
        do { return try LocalDateTime(parsing: trimmed) } catch let error as ScheduleError {
            errors[field] = error.message
        } catch {
            errors[field] = "\(label) must look like 2027-01-12T22:00."
        }
        return nil
    }

    /// The instant of a local date-time in `zone`, refusing times skipped by DST and asking which of two repeated ones.
    static func instant(_ local: LocalDateTime, zone: String, ambiguity: String, field: String, errors: inout [String: String]) -> Date? {
        do {
            return try TimeZoneResolver.resolve(local, in: zone, ambiguity: AmbiguityChoice(rawValue: ambiguity))
        } catch let error as ScheduleError {
            if case .unknownTimeZone = error { errors["time_zone"] = error.message } else { errors[field] = error.message }
        } catch {
            errors[field] = "This time cannot be placed in \(zone)."
        }
        return nil
    }

    /// A person by e-mail or by name (any case; "Name <e-mail>" as the picker offers it), or nil when empty.
    /// A name shared by several people, or text matching nobody, becomes an error under `field` listing candidates.
    static func person(_ db: Database, _ text: String, field: String, label: String, errors: inout [String: String]) throws -> Int64? {
        var suggestions: [String: [String]] = [:]
        return try person(db, text, field: field, label: label, errors: &errors, suggestions: &suggestions)
    }

    /// The same, with the candidates' e-mails in `suggestions[field]`.
    static func person(_ db: Database, _ text: String, field: String, label: String, errors: inout [String: String],
                       suggestions: inout [String: [String]]) throws -> Int64? {
        var typed = text.trimmingCharacters(in: .whitespaces)
        if typed.isEmpty { return nil }
        if typed.count > 300 {
            errors[field] = "The \(label) is too long: give a name or an e-mail."
            return nil
        }
        // "Ana Souza <ana@example.com>": the e-mail decides.
        if typed.hasSuffix(">"), let open = typed.lastIndex(of: "<") {
            typed = String(typed[typed.index(after: open)..<typed.index(before: typed.endIndex)]).trimmingCharacters(in: .whitespaces)
        }
        if let person = try PeopleDirectory.byEmail(db, typed) { return person.id }
        let named = try PeopleDirectory.byName(db, typed)
        if named.count == 1 { return named[0].id }
        let shown = String(typed.prefix(80))
        if named.count > 1 {
            suggestions[field] = named.map(\.email)
            errors[field] = "Several people are called '\(shown)': \(named.map(\.email).joined(separator: ", ")). Choose one by e-mail."
            return nil
        }
        let people = try PeopleDirectory.all(db)
        let near = NameSuggestions.closest(to: typed, among: people.map { NameSuggestions.Candidate(value: $0.email, keys: [$0.name, $0.email]) })
        suggestions[field] = near
        let labels = near.compactMap { email in people.first { $0.email == email }?.label }
        errors[field] = "No person has the e-mail or the name '\(shown)'." + (labels.isEmpty ? " The \(label) must be in People." : " " + NameSuggestions.didYouMean(labels))
        return nil
    }

    /// A full http(s) URL or empty.
    static func webURL(_ text: String, field: String, label: String, errors: inout [String: String]) -> String {
        let url = text.trimmingCharacters(in: .whitespaces)
        if !url.isEmpty {
            let parsed = URL(string: url)
            if url.count > 2000 || parsed?.host == nil || !["http", "https"].contains(parsed?.scheme?.lowercased() ?? "") {
                errors[field] = "The \(label) must be a full http:// or https:// address."
            }
        }
        return url
    }
}
