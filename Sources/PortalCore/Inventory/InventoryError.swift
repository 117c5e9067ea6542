import Foundation

/// Why a set of inventory rows cannot form a consistent inventory; each message names the row to fix.
public enum InventoryError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// Two rows of one table share an id.
    case duplicateID(table: String, id: Int64)
    /// A row points at a row that is not in the inventory.
    case missingReference(owner: String, field: String, id: Int64)
    /// A row must point at exactly one of two alternatives and does not.
    case needsExactlyOne(owner: String, first: String, second: String)
    /// Region parents loop back on themselves (names in child → parent order, first repeated last).
    case regionCycle(names: [String])

    /// A sentence saying what is inconsistent and what to change.
    public var message: String {
        switch self {
        case .duplicateID(let table, let id):
            "Two \(table) have id \(id); give each a unique id."
        case .missingReference(let owner, let field, let id):
            "\(owner) refers to \(field) \(id), which does not exist; fix or remove the reference."
        case .needsExactlyOne(let owner, let first, let second):
            "\(owner) must have exactly one of \(first) or \(second) set."
        case .regionCycle(let names):
            "Region parents form a cycle (\(names.joined(separator: " → "))); give one of these regions another parent."
        }
    }

    /// The message, for logs and string interpolation.
    public var description: String { message }
    /// The message, for `localizedDescription`.
    public var errorDescription: String? { message }
}
