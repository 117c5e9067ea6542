import Foundation
import PortalCore

/// CSV export and all-or-nothing import of one inventory kind. Column names are a public contract.
public enum InventoryCSV {
    /// One problem in an import file.
    public struct Problem: Sendable, Equatable {
        public let line: Int
        public let column: String
        public let message: String

        public var description: String { column.isEmpty ? "line \(line): \(message)" : "line \(line), column \(column): \(message)" }

        public init(line: Int, column: String, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }
    }

    /// An import that was refused: nothing was written.
    public struct ImportError: Error, Sendable {
        public let problems: [Problem]

        public init(problems: [Problem]) { self.problems = problems }
    }

    /// The whole table as CSV with its header row.
    public static func export(_ db: Database, _ spec: EntitySpec, write: (String) throws -> Void) throws {
        try write(CSV.line(spec.csvColumns))
        try EntityStore.all(db, spec) { record in try write(CSV.line(spec.csvColumns.map { record[$0] ?? "" })) }
    }

    /// Imports every row inside the caller's transaction; throws `ImportError` (and the caller rolls back) if any row is bad.
    /// Returns the number of rows written.
    @discardableResult
    public static func importRows(_ db: Database, _ spec: EntitySpec, bytes: [UInt8], maxProblems: Int = 50) throws -> Int {
        try importFile(db, spec, bytes: bytes, mode: .create, maxProblems: maxProblems).written
    }

    /// Imports every row inside the caller's transaction: `create` refuses a name that exists, `upsert` updates that row
    /// (columns the file leaves out keep their values; a row equal to the stored one is counted unchanged and not
    /// rewritten). Throws `ImportError` with every problem (and the caller rolls back) if any row is bad.
    public static func importFile(_ db: Database, _ spec: EntitySpec, bytes: [UInt8], mode: ImportMode, maxProblems: Int = 50) throws -> ImportSummary {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            var line = 1
            for (offset, byte) in bytes.enumerated() {
                if byte == 10 { line += 1 }
                if String(validating: bytes[..<(offset + 1)], as: UTF8.self) == nil && (byte & 0xC0) != 0x80 && byte >= 0x80 { break }
            }
            throw ImportError(problems: [Problem(line: line, column: "", message: "the file is not UTF-8 text (save it as CSV UTF-8)")])
        }
        let rows: [(line: Int, fields: [String])]
        do {
            rows = try CSV.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        } catch let error as CSV.ParseError {
            throw ImportError(problems: [Problem(line: error.line, column: "", message: error.message)])
        }
        guard let header = rows.first else {
            throw ImportError(problems: [Problem(line: 1, column: "", message: "the file is empty; the first line must be the header \(spec.csvColumns.joined(separator: ","))")])
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = spec.csvColumns.filter { column in !names.contains(column) && spec.field(column)?.appendedColumn != true }
        let unknown = names.filter { !spec.csvColumns.contains($0) }
        if !missing.isEmpty || !unknown.isEmpty || Set(names).count != names.count {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
            if !unknown.isEmpty { parts.append("unknown \(unknown.joined(separator: ", "))") }
            if Set(names).count != names.count { parts.append("a column appears twice") }
            throw ImportError(problems: [Problem(line: header.line, column: "", message: "wrong header (\(parts.joined(separator: "; "))); expected \(spec.csvColumns.joined(separator: ","))")])
        }
        var problems: [Problem] = []
        var summary = ImportSummary(columns: names)
        var seen: [String: Int] = [:]
        for row in rows.dropFirst() {
            guard row.fields.count == names.count else {
                problems.append(Problem(line: row.line, column: "", message: "\(row.fields.count) fields, the header has \(names.count)"))
                if problems.count >= maxProblems { break }
                continue
            }
            var record: EntityRecord = [:]
            for (name, value) in zip(names, row.fields) { record[name] = value }
            do {
                let action = try importRow(db, spec, record, mode: mode, line: row.line, seen: &seen)
                summary.add(line: row.line, action: action, values: row.fields)
            } catch EntityError.invalid(let errors) {
                for (field, message) in errors.sorted(by: { $0.key < $1.key }) {
                    problems.append(Problem(line: row.line, column: field, message: message))
                }
                if problems.count >= maxProblems { break }
            }
        }
        if !problems.isEmpty { throw ImportError(problems: problems) }
        return summary
    }

    /// One row: created, or in `upsert` mode updated or left alone when it matches a stored row.
    static func importRow(_ db: Database, _ spec: EntitySpec, _ record: EntityRecord, mode: ImportMode, line: Int,
                          seen: inout [String: Int]) throws -> ImportAction {
        guard mode == .upsert else {
            try EntityStore.save(db, spec, record)
            return .create
        }
        let key = EntityStore.matchKey(spec, record)
        let seenKey = spec.naturalKey == "email" ? key.lowercased() : key
        if !key.isEmpty, let first = seen[seenKey] {
            let column = EntityStore.matchFields(spec).count == 1 ? spec.naturalKey : ""
            throw EntityError.invalid([column: "'\(key.prefix(80))' appears twice in the file (first on line \(first))."])
        }
        if !key.isEmpty { seen[seenKey] = line }
        guard let id = try EntityStore.matchingID(db, spec, record), let current = try EntityStore.fetch(db, spec, id: id) else {
            try EntityStore.save(db, spec, record)
            return .create
        }
        var merged = record
        for column in spec.csvColumns where record[column] == nil { merged[column] = current[column] ?? "" }
        if EntityStore.sameValues(spec, merged, current) { return .unchanged }
        try EntityStore.save(db, spec, merged, id: id)
        return .update
    }
}
