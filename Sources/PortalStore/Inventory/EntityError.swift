/// A user error about one inventory record: field messages, or the rows that block a delete.
public enum EntityError: Error, Equatable, Sendable {
    /// Field name → message. The key `""` holds a message about the record as a whole.
    case invalid([String: String])
    /// What refers to the record, e.g. "server db-12 (service placement payroll)".
    case blocked([String])
    case notFound

    public var fieldErrors: [String: String] {
        if case .invalid(let errors) = self { return errors }
        return [:]
    }
}

/// One row as the outside sees it: field name → text (lists joined with `;`), plus `id`.
public typealias EntityRecord = [String: String]
