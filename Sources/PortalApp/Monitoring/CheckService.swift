import Foundation
import PortalCore
import PortalStore

/// The check rules shared by the pages, the API, CSV import and `forewarn monitor --config`: validation with the
/// target looked up, then one transaction with the audit row. Takes values, never a request.
enum CheckService {
    enum Failure: Error {
        case invalid([String: String])
        case notFound
    }

    /// `monitoring.default_interval_seconds`, else 30.
    static func defaultInterval(_ db: Database) throws -> Double {
        try SettingsStore.value(db, "monitoring.default_interval_seconds").flatMap(Double.init) ?? 30
    }

    /// The spec and its target, or every field message; `excluding` is the check being edited (its own name is not taken).
    static func resolve(_ db: Database, _ input: CheckInput, excluding id: Int64? = nil) throws -> Result<(CheckSpec, ObjectRef), FieldErrors> {
        var errors: [String: String] = [:]
        var spec: CheckSpec?
        switch input.spec(defaultInterval: try defaultInterval(db)) {
        case .failure(let problems): errors = problems.fields
        case .success(let checked): spec = checked
        }
        let kind = (input.values["target_kind"] ?? "").lowercased()
        let name = input.values["target_name"] ?? ""
        var target: ObjectRef?
        if errors["target_kind"] == nil && errors["target_name"] == nil {
            target = try CheckStore.target(db, kind: kind, name: name)
            if target == nil { errors["target_name"] = "There is no \(kind) named '\(name.prefix(80))'." }
        }
        if let checkName = spec?.name, errors["name"] == nil, let existing = try CheckStore.fetch(db, name: checkName), existing.id != id {
            errors["name"] = "A check named '\(checkName.prefix(80))' exists already."
        }
        guard errors.isEmpty, let spec, let target else { return .failure(FieldErrors(errors)) }
        return .success((spec, target))
    }

    static func create(_ store: Store, _ input: CheckInput, actor: AuditActor) throws -> Int64 {
        try store.write { db in
            switch try resolve(db, input) {
            case .failure(let errors): throw Failure.invalid(errors.fields)
            case .success(let (spec, target)):
                let id = try CheckStore.insert(db, spec, target: target)
                try AuditLog.record(db, actor: actor.name, action: "create", objectKind: "check", objectID: id, objectName: spec.name,
                                    after: auditJSON(spec), requestID: actor.requestID)
                return id
            }
        }
    }

    static func update(_ store: Store, id: Int64, _ input: CheckInput, actor: AuditActor) throws {
        try store.write { db in
            guard let before = try CheckStore.fetch(db, id: id) else { throw Failure.notFound }
            switch try resolve(db, input, excluding: id) {
            case .failure(let errors): throw Failure.invalid(errors.fields)
            case .success(let (spec, target)):
                try CheckStore.update(db, id: id, spec, target: target)
                try AuditLog.record(db, actor: actor.name, action: "update", objectKind: "check", objectID: id, objectName: spec.name,
                                    before: auditJSON(before.spec), after: auditJSON(spec), requestID: actor.requestID)
            }
        }
    }

    static func setPaused(_ store: Store, id: Int64, paused: Bool, actor: AuditActor) throws {
        try store.write { db in
            guard let check = try CheckStore.fetch(db, id: id) else { throw Failure.notFound }
            try CheckStore.setPaused(db, id: id, paused: paused)
            try AuditLog.record(db, actor: actor.name, action: paused ? "pause" : "resume", objectKind: "check", objectID: id, objectName: check.name,
                                requestID: actor.requestID)
        }
    }

    static func delete(_ store: Store, id: Int64, actor: AuditActor) throws {
        try store.write { db in
            guard let check = try CheckStore.fetch(db, id: id) else { throw Failure.notFound }
            try CheckStore.delete(db, id: id)
            try AuditLog.record(db, actor: actor.name, action: "delete", objectKind: "check", objectID: id, objectName: check.name,
                                before: auditJSON(check.spec), requestID: actor.requestID)
        }
    }

    /// Creates or updates HTTP checks named after the URLs of a classic monitor configuration, on `target`.
    static func applyClassic(_ store: Store, _ config: ClassicMonitorConfig, targetKind: String, targetName: String, actor: AuditActor) throws -> (created: Int, updated: Int) {
        var created = 0, updated = 0
        for site in config.sites {
            var input = CheckInput(values: ["name": site.url, "kind": "http", "url": site.url, "interval_seconds": String(site.intervalSeconds),
                                            "target_kind": targetKind, "target_name": targetName])
            if let existing = try store.read({ try CheckStore.fetch($0, name: site.url) }) {
                var values = CheckInput(existing.spec).values
                values["url"] = site.url
                values["interval_seconds"] = String(site.intervalSeconds)
                input = CheckInput(values: values)
                try update(store, id: existing.id, input, actor: actor)
                updated += 1
            } else {
                _ = try create(store, input, actor: actor)
                created += 1
            }
        }
        return (created, updated)
    }

    static func auditJSON(_ spec: CheckSpec) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(spec)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
