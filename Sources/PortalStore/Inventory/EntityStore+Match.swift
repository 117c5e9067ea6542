import Foundation
import PortalCore

/// Finding the existing row an import row stands for (`mode=upsert`), and telling whether it would change it.
extension EntityStore {
    /// The fields that identify a row: its natural key (`name`, `email` for people); for link kinds, what they link.
    public static func matchFields(_ spec: EntitySpec) -> [String] {
        switch spec.kind {
        case .placements: ["service", "server", "cluster"]
        case .dependencies: ["service", "depends_on"]
        case .assignments: ["contact", "role", "region", "cluster", "server", "service", "process", "dataset"]
        default: [spec.naturalKey]
        }
    }

    /// The row's identity in words, for "appears twice in the file" (`payroll / db-east`).
    public static func matchKey(_ spec: EntitySpec, _ record: EntityRecord) -> String {
        matchFields(spec).map { trimmed(record[$0]) }.filter { !$0.isEmpty }.joined(separator: " / ")
    }

    /// The id of the row with the same identity, or nil (also when a name it refers to does not exist: saving reports that).
    public static func matchingID(_ db: Database, _ spec: EntitySpec, _ record: EntityRecord) throws -> Int64? {
        var conditions: [String] = []
        var values: [SQLBindable] = []
        for name in matchFields(spec) {
            guard let field = spec.field(name) else { continue }
            let value = trimmed(record[name])
            switch field.kind {
            case .reference(let table, let key, let column):
                conditions.append("\(column) IS ?")
                if value.isEmpty {
                    values.append(SQLValue.null)
                } else if case .integer(let id)? = try db.scalar("SELECT id FROM \(table) WHERE \(key) = ?", [value]) {
                    values.append(id)
                } else {
                    return nil
                }
            case .contact:
                if case .integer(let person)? = try db.scalar("SELECT id FROM people WHERE email = ?", [value]) {
                    conditions.append("person_id = ? AND team_id IS NULL")
                    values.append(person)
                } else if case .integer(let team)? = try db.scalar("SELECT id FROM teams WHERE name = ?", [value]) {
                    conditions.append("team_id = ? AND person_id IS NULL")
                    values.append(team)
                } else {
                    return nil
                }
            default:
                guard !value.isEmpty else { return nil }
                conditions.append("\(field.column ?? name) = ?")
                values.append(value)
            }
        }
        guard !conditions.isEmpty else { return nil }
        if case .integer(let id)? = try db.scalar("SELECT rowid FROM \(spec.table) WHERE \(conditions.joined(separator: " AND ")) LIMIT 1", values) { return id }
        return nil
    }

    /// Whether saving `input` over `current` (both in the outside form) would change nothing.
    public static func sameValues(_ spec: EntitySpec, _ input: EntityRecord, _ current: EntityRecord) -> Bool {
        for field in spec.fields {
            let new = trimmed(input[field.name]), old = trimmed(current[field.name])
            if let inherited = spec.inheritedReference, inherited.field == field.name, new.isEmpty, !trimmed(input[inherited.through]).isEmpty {
                continue  // a clustered server's region is its cluster's; an empty cell means "the cluster's"
            }
            let same: Bool
            switch field.kind {
            case .integer: same = Int64(new) == Int64(old) && (Int64(new) != nil || new == old)
            case .decimal: same = Double(new) == Double(old) && (Double(new) != nil || new == old)
            case .email, .contact: same = new.lowercased() == old.lowercased()
            case .referenceList: same = nameSet(new) == nameSet(old)
            default: same = new == old
            }
            if !same { return false }
        }
        return true
    }

    static func trimmed(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    static func nameSet(_ list: String) -> Set<String> {
        Set(list.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }
}
