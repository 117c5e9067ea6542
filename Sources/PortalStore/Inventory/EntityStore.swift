import Foundation
import PortalCore

/// Spec-driven reads and writes of inventory records. Column and table names come only from `EntitySpec`;
/// every value is a bound parameter.
public enum EntityStore {
    // MARK: Reading

    /// The SELECT list that turns a row into its outside form (names instead of ids).
    static func selectList(_ spec: EntitySpec) -> String {
        var parts = ["t.rowid AS id"]
        for field in spec.fields {
            switch field.kind {
            case .reference(let table, let key, let column):
                if let inherited = spec.inheritedReference, inherited.field == field.name, let through = throughReference(spec, inherited) {
                    // A clustered server's region is its cluster's, stored once on the cluster.
                    parts.append("""
                        COALESCE((SELECT \(key) FROM \(table) WHERE id = t.\(column)),
                                 (SELECT r.\(key) FROM \(through.table) c JOIN \(table) r ON r.id = c.\(column) WHERE c.id = t.\(through.column))) AS "\(field.name)"
                        """)
                } else {
                    parts.append("(SELECT \(key) FROM \(table) WHERE id = t.\(column)) AS \"\(field.name)\"")
                }
            case .referenceList(let join, let own, let other, let otherTable, let otherKey):
                parts.append("(SELECT group_concat(\(otherKey), ';') FROM (SELECT o.\(otherKey) FROM \(join) j JOIN \(otherTable) o ON o.id = j.\(other) WHERE j.\(own) = t.rowid ORDER BY o.\(otherKey))) AS \"\(field.name)\"")
            case .contact:
                parts.append("COALESCE((SELECT email FROM people WHERE id = t.person_id), (SELECT name FROM teams WHERE id = t.team_id)) AS \"contact\"")
            default:
                parts.append("t.\(field.column ?? field.name) AS \"\(field.name)\"")
            }
        }
        return parts.joined(separator: ", ")
    }

    static func record(from statement: Statement, spec: EntitySpec) -> EntityRecord {
        var record: EntityRecord = ["id": String(statement.int64(at: 0))]
        for (offset, field) in spec.fields.enumerated() {
            switch statement.value(at: offset + 1) {
            case .text(let text): record[field.name] = text
            case .integer(let n): record[field.name] = String(n)
            case .real(let d): record[field.name] = String(d)
            default: record[field.name] = ""
            }
        }
        return record
    }

    /// One record by id.
    public static func fetch(_ db: Database, _ spec: EntitySpec, id: Int64) throws -> EntityRecord? {
        var found: EntityRecord?
        try db.forEach("SELECT \(selectList(spec)) FROM \(spec.table) t WHERE t.rowid = ?", [id]) { found = record(from: $0, spec: spec) }
        return found
    }

    /// The id of a named record, or nil.
    public static func id(_ db: Database, _ spec: EntitySpec, name: String) throws -> Int64? {
        let key = spec.naturalKey
        if case .integer(let id)? = try db.scalar("SELECT id FROM \(spec.table) WHERE \(key) = ?", [name]) { return id }
        return nil
    }

    /// A page of records with search, filters and sorting, and the total that matches.
    ///
    /// Large answers take another plan for the page: a search alone is counted in its index (no join), and when a
    /// search or a region filter matches a quarter of the table or more, the page walks the table in sort order and
    /// tests each row (the index asked per row, the region's ids without their index) instead of collecting every
    /// match first.
    public static func list(_ db: Database, _ spec: EntitySpec, query: ListQuery) throws -> (records: [EntityRecord], total: Int) {
        // Each condition in two forms: the usual one and the one for walking a dense answer in sort order.
        var conditions: [(usual: String, dense: String)] = []
        var values: [SQLBindable] = []
        // A region filter on servers matches region-placed or cluster-placed rows, never both (a server has exactly
        // one): its count is the sum of two indexed counts, cheaper than one OR that must remove duplicates.
        var disjoint: (condition: Int, halves: [String])?
        let search = query.search.trimmingCharacters(in: .whitespaces)
        var indexed: (index: String, phrase: String)?
        if !search.isEmpty, let (clause, bound) = searchClause(db, spec, search) {
            if let index = searchIndex(db, spec), search.count >= 3 {
                indexed = (index, ftsPhrase(search))
                conditions.append((clause, "EXISTS (SELECT 1 FROM \(index) s WHERE \(index) MATCH ? AND s.rowid = t.rowid)"))
            } else {
                conditions.append((clause, clause))
            }
            values += bound
        }
        for (name, value) in query.filters.sorted(by: { $0.key < $1.key }) where !value.isEmpty && spec.filters.contains(name) {
            guard let field = spec.field(name) else { continue }
            switch field.kind {
            case .reference(let table, let key, let column):
                // A region stands for itself and all its sub-regions.
                let ids = table == "regions" ? regionSubtree : "(SELECT id FROM \(table) WHERE \(key) = ?)"
                if let inherited = spec.inheritedReference, inherited.field == name, let through = throughReference(spec, inherited) {
                    let halves = ["t.\(column) IN \(ids)", "t.\(through.column) IN (SELECT id FROM \(through.table) WHERE \(column) IN \(ids))"]
                    let test = { (t: String) in "(\(t)\(column) IN \(ids) OR \(t)\(through.column) IN (SELECT id FROM \(through.table) WHERE \(column) IN \(ids)))" }
                    if spec.exactlyOne.contains([inherited.field, inherited.through]) { disjoint = (conditions.count, halves) }
                    conditions.append((test("t."), test("+t.")))
                    values.append(value)
                    values.append(value)
                } else {
                    conditions.append(("t.\(column) IN \(ids)", "+t.\(column) IN \(ids)"))
                    values.append(value)
                }
            default:
                let test = "t.\(field.column ?? name) = ?"
                conditions.append((test, test))
                values.append(value)
            }
        }
        func whereClause(_ dense: Bool) -> String {
            conditions.isEmpty ? "" : " WHERE " + conditions.map { dense ? $0.dense : $0.usual }.joined(separator: " AND ")
        }
        let total: Int
        if let indexed, conditions.count == 1 {
            total = try integer(db, "SELECT count(*) FROM \(indexed.index) WHERE \(indexed.index) MATCH ?", [indexed.phrase])
        } else if let disjoint {
            // Each half binds the region once, where the OR bound it twice.
            var halfValues = values
            let position = valuePosition(of: disjoint.condition, in: conditions.map(\.usual))
            halfValues.remove(at: position)
            total = try disjoint.halves.reduce(0) { sum, half in
                var parts = conditions.map(\.usual)
                parts[disjoint.condition] = half
                return sum + (try integer(db, "SELECT count(*) FROM \(spec.table) t WHERE " + parts.joined(separator: " AND "), halfValues))
            }
        } else {
            total = try integer(db, "SELECT count(*) FROM \(spec.table) t\(whereClause(false))", values)
        }
        let rows = conditions.isEmpty ? 0 : try integer(db, "SELECT max(rowid) FROM \(spec.table)", [])
        let dense = total > 1000 && total * 4 > rows && query.page * query.perPage <= 5000
        let sortColumn = spec.sortable.contains(query.sort) && query.sort != "id" && query.sort != "rowid" ? "t.\(query.sort)" : (spec.hasName && query.sort != "id" ? "t.name" : "t.rowid")
        let order = "\(sortColumn) \(query.descending ? "DESC" : "ASC"), t.rowid \(query.descending ? "DESC" : "ASC")"
        var records: [EntityRecord] = []
        try db.forEach("SELECT \(selectList(spec)) FROM \(spec.table) t\(whereClause(dense)) ORDER BY \(order) LIMIT ? OFFSET ?",
                       values + [query.perPage, (query.page - 1) * query.perPage]) { records.append(record(from: $0, spec: spec)) }
        return (records, total)
    }

    /// Where the first value bound by condition `index` sits among all bound values: every `?` of the conditions
    /// before it comes first.
    static func valuePosition(of index: Int, in conditions: [String]) -> Int {
        conditions.prefix(index).reduce(0) { $0 + $1.filter { $0 == "?" }.count }
    }

    /// The one integer a query returns (0 for NULL).
    static func integer(_ db: Database, _ sql: String, _ values: [SQLBindable]) throws -> Int {
        if case .integer(let n)? = try db.scalar(sql, values) { return Int(n) }
        return 0
    }

    /// The ids of the region named by the one bound value and of all regions below it.
    static let regionSubtree = "(WITH RECURSIVE subtree(id) AS (SELECT id FROM regions WHERE name = ? UNION SELECT r.id FROM regions r JOIN subtree s ON r.parent_id = s.id) SELECT id FROM subtree)"

    /// The condition for a search: a substring of the name or description, ignoring case. Three characters or more
    /// use the kind's trigram index; shorter texts, and kinds without an index, are matched with LIKE.
    static func searchClause(_ db: Database, _ spec: EntitySpec, _ search: String) -> (String, [SQLBindable])? {
        // PostgreSQL: LIKE becomes ILIKE, which refuses the nondeterministic nocase collation (emails): compare in the default one.
        func c(_ column: String) -> String {
            switch db.dialect {
            case .sqlite: return column
            case .postgres: return "(\(column) COLLATE \"default\")"
            }
        }
        let like = "%" + search.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        if spec.searchIndex != nil {
            if let index = searchIndex(db, spec), search.count >= 3 {
                return ("t.rowid IN (SELECT rowid FROM \(index) WHERE \(index) MATCH ?)", [ftsPhrase(search)])
            }
            return ("(\(c("t.name")) LIKE ? ESCAPE '\\' OR \(c("t.description")) LIKE ? ESCAPE '\\')", [like, like])
        }
        if spec.hasName {
            if let also = spec.alsoSearched { return ("(\(c("t.name")) LIKE ? ESCAPE '\\' OR \(c("t." + also)) LIKE ? ESCAPE '\\')", [like, like]) }
            return ("\(c("t.name")) LIKE ? ESCAPE '\\'", [like])
        }
        if let first = spec.fields.first, case .reference(let table, let key, let column) = first.kind {
            return ("t.\(column) IN (SELECT id FROM \(table) WHERE \(c(key)) LIKE ? ESCAPE '\\')", [like])
        }
        return nil
    }

    /// Names that may be close to `text`, for "did you mean" (PortalCore's `NameSuggestions` ranks them), found
    /// through the kind's trigram index: for nine characters or more, names containing two of its three thirds
    /// unchanged (any one typo leaves two intact); for shorter texts, names sharing a trigram with it, best first.
    /// Short texts and kinds without an index give the first `limit` names.
    public static func namesNear(_ db: Database, _ spec: EntitySpec, _ text: String, limit: Int = 3000) throws -> [String] {
        let key = spec.naturalKey
        let letters = Array(text.trimmingCharacters(in: .whitespaces).lowercased().prefix(200))
        if let index = searchIndex(db, spec), letters.count >= 3 {
            let match: String
            var order = ""
            if letters.count >= 9 {
                let third = letters.count / 3
                let pieces = [letters[0..<third], letters[third..<(2 * third)], letters[(2 * third)...]].map { ftsPhrase(String($0)) }
                match = "{name} : ((\(pieces[0]) AND \(pieces[1])) OR (\(pieces[0]) AND \(pieces[2])) OR (\(pieces[1]) AND \(pieces[2])))"
            } else {
                let grams = Set((0...(letters.count - 3)).map { String(letters[$0..<($0 + 3)]) }).sorted()
                match = "{name} : (" + grams.map(ftsPhrase).joined(separator: " OR ") + ")"
                order = " ORDER BY rank"
            }
            return try db.query("SELECT \(key) AS n FROM \(spec.table) WHERE rowid IN (SELECT rowid FROM \(index) WHERE \(index) MATCH ?\(order) LIMIT ?)",
                                [match, limit]).compactMap { $0.string("n") }
        }
        if trigramSearch(db, spec), key == "name", letters.count >= 3 {
            // pg_trgm: names at least 0.3 similar (the `%` operator, answered by the GIN index), closest first.
            let near = try db.query("SELECT name AS n FROM \(spec.table) WHERE name % ? ORDER BY similarity(name, ?) DESC, name LIMIT ?",
                                    [String(letters), String(letters), limit]).compactMap { $0.string("n") }
            if !near.isEmpty { return near }
        }
        return try db.query("SELECT \(key) AS n FROM \(spec.table) ORDER BY \(key) LIMIT ?", [limit]).compactMap { $0.string("n") }
    }

    /// Whether the kind has trigram indexes on PostgreSQL (pg_trgm; its ILIKE search uses them by itself).
    static func trigramSearch(_ db: Database, _ spec: EntitySpec) -> Bool {
        db.dialect == .postgres && spec.searchIndex != nil && db.hasTrigramIndexes
    }

    /// The kind's FTS5 trigram table on SQLite. PostgreSQL has no FTS5 tables: there the search is the LIKE form,
    /// which the translation makes ILIKE (a case-insensitive substring, as the trigram index answers), answered by
    /// the GIN trigram indexes when pg_trgm was available (`trigramSearch`), and "did you mean" uses similarity().
    static func searchIndex(_ db: Database, _ spec: EntitySpec) -> String? {
        switch db.dialect {
        case .sqlite: return spec.searchIndex
        case .postgres: return nil
        }
    }

    /// A text as one FTS5 phrase (every character literal).
    static func ftsPhrase(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Every record in id order, for export.
    public static func all(_ db: Database, _ spec: EntitySpec, _ body: (EntityRecord) throws -> Void) throws {
        try db.forEach("SELECT \(selectList(spec)) FROM \(spec.table) t ORDER BY t.rowid", []) { try body(record(from: $0, spec: spec)) }
    }

    /// Names of a table, for pickers; at most `limit`.
    public static func names(_ db: Database, table: String, limit: Int = 500) throws -> [String] {
        try db.query("SELECT name FROM \(table) ORDER BY name LIMIT ?", [limit]).compactMap { $0.string("name") }
    }

    // MARK: Writing

    /// Checks every field on its own (no database needed): required, lengths, formats, exactly-one groups.
    public static func validate(_ spec: EntitySpec, _ input: EntityRecord) -> [String: String] {
        var errors: [String: String] = [:]
        for field in spec.fields {
            let value = (input[field.name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty {
                if field.required { errors[field.name] = "\(field.label) is required." }
                continue
            }
            let problem: String?
            switch field.kind {
            case .text(let max): problem = FieldRules.name(value, label: field.label, max: max)
            case .longText(let max): problem = FieldRules.text(value, label: field.label, max: max)
            case .choice(let choices): problem = FieldRules.choice(value, label: field.label, choices: choices)
            case .integer(let min, let max): problem = FieldRules.integer(value, label: field.label, min: min, max: max)
            case .decimal(let min, let max): problem = FieldRules.decimal(value, label: field.label, min: min, max: max)
            case .email: problem = FieldRules.email(value)
            case .timeZone: problem = FieldRules.timeZone(value)
            case .phone: problem = FieldRules.phone(value)
            case .jid: problem = FieldRules.jid(value)
            case .reference, .contact: problem = FieldRules.name(value, label: field.label, max: 254)
            case .referenceList: problem = FieldRules.text(value, label: field.label, max: 20_000)
            }
            if let problem { errors[field.name] = problem }
        }
        for group in spec.exactlyOne {
            let filled = group.filter { !(input[$0] ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
            // A server may name its region as well as its cluster: the region is then checked against the cluster.
            let inherited = spec.inheritedReference.flatMap { Set(group) == [$0.field, $0.through] ? $0 : nil }
            let effective = inherited != nil && filled.count == 2 ? [inherited!.through] : filled
            if effective.count != 1 {
                let labels = group.compactMap { spec.field($0)?.label.lowercased() }
                let message = effective.isEmpty ? "Give one of: \(labels.joined(separator: ", "))." : "Give only one of: \(labels.joined(separator: ", "))."
                for name in group where errors[name] == nil { errors[name] = message }
            }
        }
        return errors
    }

    /// Inserts (id nil) or updates a record, resolving names to ids; throws `EntityError.invalid` with field messages.
    @discardableResult
    public static func save(_ db: Database, _ spec: EntitySpec, _ rawInput: EntityRecord, id: Int64? = nil) throws -> Int64 {
        var input: EntityRecord = [:]
        for (key, value) in rawInput { input[key] = value.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors = validate(spec, input)
        var columns: [String] = []
        var values: [SQLBindable] = []
        var lists: [(EntityField, [Int64])] = []
        for field in spec.fields where errors[field.name] == nil {
            let value = input[field.name] ?? ""
            switch field.kind {
            case .reference(let table, let key, let column):
                if let inherited = spec.inheritedReference, inherited.field == field.name, !(input[inherited.through] ?? "").isEmpty {
                    columns.append(column)
                    values.append(SQLValue.null)
                    continue
                }
                if value.isEmpty {
                    columns.append(column)
                    values.append(SQLValue.null)
                } else if case .integer(let refID)? = try db.scalar("SELECT id FROM \(table) WHERE \(key) = ?", [value]) {
                    columns.append(column)
                    values.append(refID)
                } else {
                    errors[field.name] = "There is no \(singular(table)) named '\(value.prefix(80))'."
                }
            case .referenceList(_, _, _, let otherTable, let otherKey):
                var ids: [Int64] = []
                for name in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                    if case .integer(let refID)? = try db.scalar("SELECT id FROM \(otherTable) WHERE \(otherKey) = ?", [name]) {
                        if !ids.contains(refID) { ids.append(refID) }
                    } else {
                        errors[field.name] = "There is no \(singular(otherTable)) named '\(name.prefix(80))'."
                    }
                }
                lists.append((field, ids))
            case .contact:
                if case .integer(let personID)? = try db.scalar("SELECT id FROM people WHERE email = ?", [value]) {
                    columns += ["person_id", "team_id"]
                    values += [personID, SQLValue.null]
                } else if case .integer(let teamID)? = try db.scalar("SELECT id FROM teams WHERE name = ?", [value]) {
                    columns += ["person_id", "team_id"]
                    values += [SQLValue.null, teamID]
                } else {
                    errors[field.name] = "No person has the e-mail '\(value.prefix(80))' and no team has that name."
                }
            case .integer:
                columns.append(field.column ?? field.name)
                values.append(value.isEmpty ? SQLValue.null : SQLValue.integer(Int64(value) ?? 0))
            case .decimal:
                columns.append(field.column ?? field.name)
                values.append(value.isEmpty ? SQLValue.null : SQLValue.real(Double(value) ?? 0))
            case .jid:
                columns.append(field.column ?? field.name)
                values.append(value.lowercased())
            default:
                columns.append(field.column ?? field.name)
                values.append(value)
            }
        }
        if errors.isEmpty { try checkRelations(db, spec, input, id: id, errors: &errors) }
        guard errors.isEmpty else { throw EntityError.invalid(errors) }

        let rowID: Int64
        do {
            if let id {
                guard try db.scalar("SELECT 1 FROM \(spec.table) WHERE rowid = ?", [id]) != nil else { throw EntityError.notFound }
                try db.run("UPDATE \(spec.table) SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE rowid = ?", values + [id])
                rowID = id
            } else {
                try db.run("INSERT INTO \(spec.table) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))", values)
                rowID = db.lastInsertRowID
            }
        } catch let error as DatabaseError where error.isUniqueViolation {
            if spec.kind == .people, error.message.contains("jid") {
                throw EntityError.invalid(["jid": "Another person already has the XMPP address '\(input["jid"] ?? "")'."])
            }
            throw EntityError.invalid(uniqueMessage(spec, input))
        }
        for (field, ids) in lists {
            guard case .referenceList(let join, let own, let other, _, _) = field.kind else { continue }
            try db.run("DELETE FROM \(join) WHERE \(own) = ?", [rowID])
            for otherID in ids { try db.run("INSERT INTO \(join) (\(own), \(other)) VALUES (?, ?)", [rowID, otherID]) }
        }
        return rowID
    }

    /// The table and column of the reference an inherited one comes through (`clusters`, `cluster_id`).
    static func throughReference(_ spec: EntitySpec, _ inherited: InheritedReference) -> (table: String, column: String)? {
        guard case .reference(let table, _, let column)? = spec.field(inherited.through)?.kind else { return nil }
        return (table, column)
    }

    static func uniqueMessage(_ spec: EntitySpec, _ input: EntityRecord) -> [String: String] {
        switch spec.kind {
        case .people: return ["email": "A person with the e-mail '\(input["email"] ?? "")' already exists."]
        case .placements: return ["": "Service \(input["service"] ?? "") is already placed there."]
        case .dependencies: return ["depends_on": "\(input["service"] ?? "") already depends on \(input["depends_on"] ?? "")."]
        case .assignments: return ["": "\(input["contact"] ?? "") already holds this role on this object."]
        default: return ["name": "A \(spec.singular) named '\(input["name"] ?? "")' already exists."]
        }
    }

    static func singular(_ table: String) -> String {
        InventorySpecs.all.first { $0.table == table }?.singular ?? (table == "roles" ? "role" : table)
    }

    /// Rules that need other rows: region cycles, dependency cycles, a server's region matching its cluster.
    static func checkRelations(_ db: Database, _ spec: EntitySpec, _ input: EntityRecord, id: Int64?, errors: inout [String: String]) throws {
        switch spec.kind {
        case .regions:
            guard let id, let parent = input["parent"], !parent.isEmpty else { return }
            // Walk up from the new parent; meeting this region again means a cycle.
            var path = [parent]
            var current = try db.scalar("SELECT id FROM regions WHERE name = ?", [parent])
            while case .integer(let currentID)? = current {
                if currentID == id {
                    errors["parent"] = "That would make a cycle: \(input["name"] ?? "") → \(path.joined(separator: " → "))."
                    return
                }
                current = try db.scalar("SELECT parent_id FROM regions WHERE id = ?", [currentID])
                if case .integer(let next)? = current, let name = try db.scalar("SELECT name FROM regions WHERE id = ?", [next]), case .text(let text) = name {
                    path.append(text)
                }
                if path.count > 10_000 { return }
            }
        case .servers:
            guard let cluster = input["cluster"], !cluster.isEmpty, let region = input["region"], !region.isEmpty else { return }
            let actual = try db.scalar("SELECT r.name FROM clusters c JOIN regions r ON r.id = c.region_id WHERE c.name = ?", [cluster])
            if case .text(let actualRegion)? = actual, actualRegion != region {
                errors["region"] = "Cluster \(cluster) is in region \(actualRegion), not \(region); leave the region empty or give \(actualRegion)."
            }
        case .dependencies:
            let service = input["service"] ?? "", target = input["depends_on"] ?? ""
            if service == target { errors["depends_on"] = "A service cannot depend on itself."; return }
            // Would target reach service through existing edges? Then the new edge closes a cycle.
            let rows = try db.query("""
                WITH RECURSIVE reach(id, path) AS (
                    SELECT s.id, s.name FROM services s WHERE s.name = ?
                    UNION
                    SELECT d.depends_on_id, reach.path || ' → ' || (SELECT name FROM services WHERE id = d.depends_on_id)
                    FROM reach JOIN dependencies d ON d.service_id = reach.id
                    WHERE length(reach.path) < 5000
                )
                SELECT path FROM reach WHERE id = (SELECT id FROM services WHERE name = ?) LIMIT 1
                """, [target, service])
            if let path = rows.first?.string("path") {
                errors["depends_on"] = "That would make a cycle: \(service) → \(path)."
            }
        default:
            return
        }
    }

    /// Deletes a record unless other rows depend on it; throws `EntityError.blocked` naming them.
    public static func delete(_ db: Database, _ spec: EntitySpec, id: Int64) throws {
        guard try db.scalar("SELECT 1 FROM \(spec.table) WHERE rowid = ?", [id]) != nil else { throw EntityError.notFound }
        let blocking = try blockers(db, spec, id: id)
        if !blocking.isEmpty { throw EntityError.blocked(blocking) }
        try db.run("DELETE FROM \(spec.table) WHERE rowid = ?", [id])
    }

    /// What refers to this record (up to 20 per kind), in words.
    public static func blockers(_ db: Database, _ spec: EntitySpec, id: Int64) throws -> [String] {
        var found: [String] = []
        for blocker in spec.blockers {
            let rows = try db.query("SELECT \(blocker.nameExpression) AS n FROM \(blocker.table) WHERE \(blocker.column) = ? LIMIT 21", [id])
            for row in rows.prefix(20) { found.append("\(blocker.label) \(row.string("n") ?? "?")") }
            if rows.count > 20 {
                if case .integer(let total)? = try db.scalar("SELECT count(*) FROM \(blocker.table) WHERE \(blocker.column) = ?", [id]) {
                    found.append("… and \(total - 20) more \(blocker.label)s")
                }
            }
        }
        return found
    }
}

/// Search, filters, sorting and paging of a list page or API list.
public struct ListQuery: Sendable {
    public var search = ""
    public var filters: [String: String] = [:]
    public var sort = "name"
    public var descending = false
    public var page = 1
    public var perPage = 50

    public init() {}
}
