import CSodium
import Foundation

/// How an import treats a row whose name exists already: refuse it (the default) or update that row.
public enum ImportMode: String, Sendable, CaseIterable {
    case create
    case upsert
}

/// What an import does with one row of the file.
public enum ImportAction: String, Sendable {
    case create
    case update
    case unchanged
}

/// What an import did (or, in a dry run, would do): counts per action, the first rows, and a digest of every row's
/// action that a later commit compares to tell whether the database changed in between.
public struct ImportSummary: Sendable, Equatable {
    /// One row of the preview: its line in the file, its action and its values in the file's column order.
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let action: ImportAction
        public let values: [String]
    }

    /// How many rows the preview keeps.
    public static let previewRows = 20

    /// The file's columns, in its order.
    public let columns: [String]
    public private(set) var created = 0
    public private(set) var updated = 0
    public private(set) var unchanged = 0
    public private(set) var preview: [Row] = []
    private var actions = ""

    public init(columns: [String]) { self.columns = columns }

    /// Rows written (created plus updated).
    public var written: Int { created + updated }
    /// Every row of the file.
    public var total: Int { created + updated + unchanged }

    /// A digest of every row's line and action: equal plans mean a commit does exactly what the preview showed.
    public var plan: String { ImportSummary.digest(Array(actions.utf8)) }

    /// Records one row.
    public mutating func add(line: Int, action: ImportAction, values: [String]) {
        switch action {
        case .create: created += 1
        case .update: updated += 1
        case .unchanged: unchanged += 1
        }
        if preview.count < Self.previewRows { preview.append(Row(line: line, action: action, values: values)) }
        actions += "\(line):\(action.rawValue);"
    }

    /// `3 to create, 2 to update, 5 unchanged` (`created`, `updated` once done).
    public func counts(done: Bool) -> String {
        done ? "\(created) created, \(updated) updated, \(unchanged) unchanged"
             : "\(created) to create, \(updated) to update, \(unchanged) unchanged"
    }

    /// The hex BLAKE2b-256 digest of some bytes (staged files and plans are compared by it).
    public static func digest(_ bytes: [UInt8]) -> String {
        precondition(Secrets.ready, "libsodium failed to initialise")
        var out = [UInt8](repeating: 0, count: 32)
        _ = crypto_generichash(&out, 32, bytes, UInt64(bytes.count), nil, 0)
        return Hex.encode(out)
    }
}
