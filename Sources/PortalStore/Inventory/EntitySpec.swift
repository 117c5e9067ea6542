/// How one inventory entity maps between the outside (form fields, JSON fields, CSV columns: all the same names)
/// and its table. The names of fields here are public contracts (CSV headers, JSON keys); never rename them.
public struct EntitySpec: Sendable {
    /// URL and CSV kind: `servers`, `clusters`, ...
    public let kind: InventoryKind
    public let singular: String
    public let title: String
    public let table: String
    public let fields: [EntityField]
    /// Groups of fields of which exactly one must be filled (e.g. a server's region or cluster).
    public let exactlyOne: [[String]]
    /// Rows elsewhere that keep a row of this table from being deleted.
    public let blockers: [Blocker]
    /// Whether rows have a unique `name` (link entities such as placements do not).
    public let hasName: Bool
    /// Fields offered as list filters (choices and references).
    public let filters: [String]
    /// Columns the list can be sorted by.
    public let sortable: [String]
    /// The column that names a row in references, CSV files and target pickers (`email` for people).
    public var naturalKey = "name"
    /// A second column the list's prefix search also looks in (people are found by e-mail too).
    public var alsoSearched: String?
    /// A reference that may instead come through another one (a clustered server's region is its cluster's).
    public var inheritedReference: InheritedReference?
    /// The `/outbox` filter that lists the notices sent to a row of this kind (`person`), if any.
    public var outboxFilter: String?

    public func field(_ name: String) -> EntityField? { fields.first { $0.name == name } }

    /// Tables with a trigram full-text index `<table>_search` on name and description (see the migration
    /// "inventory search").
    static let searchIndexedTables: Set<String> = ["regions", "clusters", "servers", "services", "processes", "datasets"]
    /// Their PostgreSQL twins: GIN trigram indexes (pg_trgm) on name and description, `<table>_<column>_trgm`.
    static let trigramIndexes: Set<String> = Set(searchIndexedTables.flatMap { [$0 + "_name_trgm", $0 + "_description_trgm"] })

    /// The trigram index of this kind's names and descriptions, if it has one.
    public var searchIndex: String? { Self.searchIndexedTables.contains(table) ? table + "_search" : nil }

    /// CSV header, in the documented order.
    public var csvColumns: [String] { fields.map(\.name) }
}

/// A reference field whose value, when another reference is given, is that other row's own reference: a server
/// names a region directly or gets its cluster's region (stored once, on the cluster).
public struct InheritedReference: Sendable {
    /// The inherited field (`region`).
    public let field: String
    /// The field it comes through (`cluster`), whose table has the same column (`region_id`).
    public let through: String
}

/// One field of an entity.
public struct EntityField: Sendable {
    public let name: String
    public let label: String
    public let kind: FieldKind
    public let required: Bool
    public let help: String
    /// A column appended after CSV files were already written: files without it still import (the value is empty).
    public let appendedColumn: Bool

    public init(_ name: String, _ label: String, _ kind: FieldKind, required: Bool = false, help: String = "", appendedColumn: Bool = false) {
        self.name = name
        self.label = label
        self.kind = kind
        self.required = required
        self.help = help
        self.appendedColumn = appendedColumn
    }

    /// The column this field is stored in, or nil for join-table lists.
    public var column: String? {
        switch kind {
        case .reference(_, _, let column): return column
        case .referenceList: return nil
        case .contact: return nil
        default: return name == "time_zone" ? "time_zone" : name
        }
    }
}

/// What a field holds and how it is checked.
public enum FieldKind: Sendable {
    case text(max: Int)
    case longText(max: Int)
    case choice([String])
    case integer(min: Int, max: Int)
    /// A decimal number in a range (stored as REAL, NULL when empty).
    case decimal(min: Double, max: Double)
    case email
    case timeZone
    case phone
    /// A bare XMPP address, stored in lower case.
    case jid
    /// A single reference by natural key: the other table, its key column (`name` or `email`), the FK column here.
    case reference(table: String, key: String, column: String)
    /// A list of references through a join table, written `a;b;c` in CSV and forms, an array in JSON.
    case referenceList(join: String, ownColumn: String, otherColumn: String, otherTable: String, otherKey: String)
    /// A person (by e-mail) or a team (by name): `person_id` or `team_id`.
    case contact
}

/// A table whose rows point at the row being deleted.
public struct Blocker: Sendable {
    public let table: String
    public let column: String
    public let label: String
    /// SQL expression naming the blocking row.
    public let nameExpression: String
}
