import PortalStore

/// What a CSV import file holds: one inventory kind, or monitoring checks (kind `checks`).
enum ImportKind: Sendable {
    case inventory(EntitySpec)
    case checks

    /// Every kind in the order files should be imported (each may refer only to kinds before it).
    static let all: [ImportKind] = InventorySpecs.all.map(ImportKind.inventory) + [.checks]

    init?(_ raw: String) {
        if raw == "checks" {
            self = .checks
        } else if let spec = InventorySpecs.spec(raw) {
            self = .inventory(spec)
        } else {
            return nil
        }
    }

    /// The `--kind` and form value: `servers`, `checks`.
    var rawValue: String {
        switch self {
        case .inventory(let spec): spec.kind.rawValue
        case .checks: "checks"
        }
    }

    var title: String {
        switch self {
        case .inventory(let spec): spec.title
        case .checks: "Monitoring checks"
        }
    }

    /// The CSV header, in the documented order.
    var columns: [String] {
        switch self {
        case .inventory(let spec): spec.csvColumns
        case .checks: CheckCSV.columns
        }
    }

    /// The audit row's object kind.
    var auditKind: String {
        switch self {
        case .inventory(let spec): spec.singular
        case .checks: "check"
        }
    }

    /// Where the imported rows are listed.
    var listPath: String {
        switch self {
        case .inventory(let spec): "/\(spec.kind.rawValue)"
        case .checks: "/monitoring"
        }
    }
}
