/// One result row, read by column index or name.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public subscript(_ index: Int) -> SQLValue { values[index] }

    public subscript(_ name: String) -> SQLValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    public func int(_ name: String) -> Int64? {
        switch self[name] {
        case .integer(let v): return v
        case .real(let v): return Int64(v)
        case .text(let s): return Int64(s)
        default: return nil
        }
    }

    public func string(_ name: String) -> String? {
        switch self[name] {
        case .text(let s): return s
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        default: return nil
        }
    }

    public func double(_ name: String) -> Double? {
        switch self[name] {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: return nil
        }
    }
}
