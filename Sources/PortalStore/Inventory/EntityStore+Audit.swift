import Foundation

extension EntityStore {
    /// Creates or updates a record and writes its audit row (before/after) in the same transaction.
    @discardableResult
    public static func saveAudited(_ db: Database, _ spec: EntitySpec, _ input: EntityRecord, id: Int64? = nil,
                                   actor: String, requestID: String? = nil) throws -> Int64 {
        let before = try id.flatMap { try fetch(db, spec, id: $0) }
        let newID = try save(db, spec, input, id: id)
        let after = try fetch(db, spec, id: newID)
        try AuditLog.record(db, actor: actor, action: id == nil ? "create" : "update", objectKind: spec.singular, objectID: newID,
                            objectName: displayName(spec, after ?? input), before: json(before), after: json(after), requestID: requestID)
        return newID
    }

    /// Deletes a record (refusing when others depend on it) and writes its audit row.
    public static func deleteAudited(_ db: Database, _ spec: EntitySpec, id: Int64, actor: String, requestID: String? = nil) throws {
        let before = try fetch(db, spec, id: id)
        try delete(db, spec, id: id)
        try AuditLog.record(db, actor: actor, action: "delete", objectKind: spec.singular, objectID: id,
                            objectName: displayName(spec, before ?? [:]), before: json(before), requestID: requestID)
    }

    /// How a record is named to people: its name, or a description for link rows.
    public static func displayName(_ spec: EntitySpec, _ record: EntityRecord) -> String {
        switch spec.kind {
        case .placements: return "\(record["service"] ?? "") on \(record["server"].flatMap { $0.isEmpty ? nil : $0 } ?? record["cluster"] ?? "")"
        case .dependencies: return "\(record["service"] ?? "") → \(record["depends_on"] ?? "") (\(record["kind"] ?? ""))"
        case .assignments:
            let object = ["region", "cluster", "server", "service", "process", "dataset"].first { !(record[$0] ?? "").isEmpty }
            return "\(record["contact"] ?? "") as \(record["role"] ?? "") on \(object.map { "\($0) \(record[$0] ?? "")" } ?? "?")"
        default: return record["name"] ?? ""
        }
    }

    static func json(_ record: EntityRecord?) -> String? {
        guard let record else { return nil }
        guard let data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
