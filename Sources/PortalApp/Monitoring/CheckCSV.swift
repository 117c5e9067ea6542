import Foundation
import PortalCore
import PortalStore

/// CSV import and export of checks (kind `checks`). Columns are a public contract; import is all or nothing, creating
/// checks by name or updating the one with the same name.
enum CheckCSV {
    static let columns = ["name", "kind", "target_kind", "target_name", "url", "host", "port", "interval_seconds", "timeout_ms", "expect_status",
                          "expect_body", "max_response_ms", "alert_below_percent", "alert_window_seconds"]

    static func export(_ db: Database) throws -> String {
        var text = CSV.line(columns)
        for check in try CheckStore.list(db) {
            let values = CheckInput(check.spec).values
            text += CSV.line(columns.map { values[$0] ?? "" })
        }
        return text
    }

    /// Validates every row, then writes them all inside the caller's transaction; throws with every problem. `create`
    /// refuses a name that exists; `upsert` updates that check (columns the file leaves out keep their values) and leaves
    /// an equal one alone.
    static func importRows(_ db: Database, text: String, mode: ImportMode) throws -> ImportSummary {
        let rows: [(line: Int, fields: [String])]
        do {
            rows = try CSV.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        } catch let error as CSV.ParseError {
            throw InventoryCSV.ImportError(problems: [.init(line: error.line, column: "", message: error.message)])
        }
        guard let header = rows.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
            throw InventoryCSV.ImportError(problems: [.init(line: 1, column: "", message: "the file is empty: a header row is required")])
        }
        let unknown = header.filter { !columns.contains($0) }
        guard unknown.isEmpty, header.contains("name") else {
            throw InventoryCSV.ImportError(problems: [.init(line: 1, column: unknown.first ?? "name",
                                                            message: "the header must use the columns \(columns.joined(separator: ","))")])
        }
        var problems: [InventoryCSV.Problem] = []
        var seen = Set<String>()
        var summary = ImportSummary(columns: header)
        var writes: [(Int64?, CheckSpec, ObjectRef)] = []
        for row in rows.dropFirst() where !(row.fields.count == 1 && row.fields[0].isEmpty) {
            var values: [String: String] = [:]
            for (index, column) in header.enumerated() where index < row.fields.count { values[column] = row.fields[index].trimmingCharacters(in: .whitespaces) }
            let name = values["name"] ?? ""
            if !seen.insert(name).inserted { problems.append(.init(line: row.line, column: "name", message: "the check '\(name)' appears twice in the file")) }
            let existing = mode == .upsert ? try CheckStore.fetch(db, name: name) : nil
            var base = existing.map { CheckInput($0.spec).values } ?? [:]
            base.merge(values) { _, new in new }
            switch try CheckService.resolve(db, CheckInput(values: base), excluding: existing?.id) {
            case .failure(let errors):
                for (field, message) in errors.fields.sorted(by: { $0.key < $1.key }) { problems.append(.init(line: row.line, column: field, message: message)) }
            case .success(let (spec, target)):
                let action: ImportAction = existing == nil ? .create : (existing?.spec == spec && existing?.target == target ? .unchanged : .update)
                if action != .unchanged { writes.append((existing?.id, spec, target)) }
                summary.add(line: row.line, action: action, values: header.indices.map { $0 < row.fields.count ? row.fields[$0] : "" })
            }
        }
        if !problems.isEmpty { throw InventoryCSV.ImportError(problems: Array(problems.prefix(50))) }
        for (id, spec, target) in writes {
            if let id { try CheckStore.update(db, id: id, spec, target: target) } else { _ = try CheckStore.insert(db, spec, target: target) }
        }
        return summary
    }
}
