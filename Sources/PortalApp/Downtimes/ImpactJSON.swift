import PortalCore
import PortalHTTP

/// An impact in JSON for `POST /api/v1/impact`, written straight into bytes: the summary, counts per state (and per
/// kind and state), then one page of affected objects and contacts — explanations and reasons are built only for
/// the rows written. `?include=all` writes every row; `page` and `per_page` choose the page.
enum ImpactJSON {
    /// Which rows to write.
    struct Paging {
        static let defaultPerPage = 100
        static let maxPerPage = 1000
        var page = 1
        var perPage = Paging.defaultPerPage
        var all = false

        /// From `?page=`, `?per_page=` and `?include=all`; a 422 naming the parameter when one is not valid.
        init(_ request: Request) throws {
            if let text = request.queryValue("page") {
                guard let value = Int(text), value >= 1, value <= 1_000_000 else {
                    throw HTTPError(422, "page must be a whole number from 1.", fields: ["page": "not a page number"])
                }
                page = value
            }
            if let text = request.queryValue("per_page") {
                guard let value = Int(text), value >= 1, value <= Paging.maxPerPage else {
                    throw HTTPError(422, "per_page must be a whole number from 1 to \(Paging.maxPerPage).", fields: ["per_page": "out of range"])
                }
                perPage = value
            }
            if let include = request.queryValue("include") {
                guard include == "all" else { throw HTTPError(422, "include must be \"all\" (every row) or absent (one page).", fields: ["include": "unknown value"]) }
                all = true
            }
        }

        init() {}

        func slice(_ count: Int) -> Range<Int> {
            if all { return 0..<count }
            let start = min(count, (page - 1) * perPage)
            return start..<min(count, start + perPage)
        }
    }

    /// Writes the impact's fields into the open object of `writer`.
    static func write(_ impact: Impact, inventory: Inventory, paging: Paging, into writer: inout JSONWriter) {
        let affected = ordered(impact.affected)
        writer.field("summary", ImpactView.summary(impact))
        writeCounts(impact, into: &writer)
        writer.field("total_affected", affected.count)
        writer.field("total_contacts", impact.contacts.count)
        writer.field("page", paging.all ? 1 : paging.page)
        writer.field("per_page", paging.all ? max(affected.count, impact.contacts.count) : paging.perPage)
        let longest = max(affected.count, impact.contacts.count)
        writer.field("pages", paging.all ? 1 : max(1, (longest + paging.perPage - 1) / paging.perPage))
        writer.key("affected")
        writer.beginArray()
        var explainer = ImpactExplainer(impact)
        for index in paging.slice(affected.count) {
            let object = affected[index]
            writer.beginObject()
            writer.field("explanation", explainer.explain(object.object) ?? "")
            writer.field("kind", object.object.kind.rawValue)
            writer.field("name", object.name)
            writer.field("state", object.state.rawValue)
            writer.endObject()
        }
        writer.endArray()
        let roleNames = Dictionary(uniqueKeysWithValues: inventory.roles.map { ($0.id, $0.name) })
        writer.key("contacts")
        writer.beginArray()
        for index in paging.slice(impact.contacts.count) {
            let row = ImpactView.contactRow(impact.contacts[index], impact: impact, inventory: inventory, roleNames: roleNames)
            writer.beginObject()
            writer.field("email", row.email)
            writer.field("kind", row.kind)
            writer.field("name", row.name)
            writer.field("priority", row.priority)
            writer.key("reasons")
            writer.strings(row.reasons)
            writer.key("roles")
            writer.strings(row.roles.isEmpty ? [] : row.roles.components(separatedBy: ", "))
            writer.endObject()
        }
        writer.endArray()
    }

    /// `"counts": {"at_risk": 3, "degraded": 2, "down": 9, "by_kind": {"server": {"down": 8, ...}, ...}}`.
    private static func writeCounts(_ impact: Impact, into writer: inout JSONWriter) {
        var byState: [ImpactState: Int] = [:]
        var byKind: [ObjectKind: [ImpactState: Int]] = [:]
        for object in impact.affected {
            byState[object.state, default: 0] += 1
            byKind[object.object.kind, default: [:]][object.state, default: 0] += 1
        }
        let states = ImpactState.allCases.sorted { $0.rawValue < $1.rawValue }
        writer.key("counts")
        writer.beginObject()
        for state in states { writer.field(state.rawValue, byState[state] ?? 0) }
        writer.key("by_kind")
        writer.beginObject()
        for kind in ObjectKind.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
            guard let counts = byKind[kind] else { continue }
            writer.key(kind.rawValue)
            writer.beginObject()
            for state in states { writer.field(state.rawValue, counts[state] ?? 0) }
            writer.endObject()
        }
        writer.endObject()
        writer.endObject()
    }

    /// Most severe first, then by kind name, then by name: the order the API has always used. The resolver already
    /// orders by severity, kind rank and name, so this regroups by kind name in one pass and sorts only a group
    /// that is out of order.
    static func ordered(_ affected: [AffectedObject]) -> [AffectedObject] {
        struct Group: Hashable { let severity: Int; let kind: String }
        var groups: [Group: [AffectedObject]] = [:]
        for object in affected {
            groups[Group(severity: object.state.severityRank, kind: object.object.kind.rawValue), default: []].append(object)
        }
        return groups.keys.sorted { ($0.severity, $0.kind) < ($1.severity, $1.kind) }.flatMap { key -> [AffectedObject] in
            let group = groups[key] ?? []
            if zip(group, group.dropFirst()).contains(where: { $1.name < $0.name }) { return group.sorted { $0.name < $1.name } }
            return group
        }
    }
}
