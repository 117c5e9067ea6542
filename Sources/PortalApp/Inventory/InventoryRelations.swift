import PortalHTTP
import PortalStore

/// The "both ways" relations shown on a detail page, one section per related kind.
struct RelationSection {
    let title: String
    let items: [RelationLink]
    let hasItems: Bool
    let more: String

    init(title: String, items: [RelationLink], total: Int? = nil) {
        self.title = title
        self.items = items
        self.hasItems = !items.isEmpty
        let total = total ?? items.count
        self.more = total > items.count ? "and \(Format.count(Int64(total - items.count))) more" : ""
    }
}

/// A link to another inventory object, with a short note.
struct RelationLink {
    let text: String
    let href: String
    let note: String
}

/// The relation sections of a detail page, as links.
enum InventoryRelations {
    static func sections(_ db: Database, kind: InventoryKind, id: Int64) throws -> [RelationSection] {
        var sections = try InventoryRelationsStore.sections(db, kind: kind, id: id).map { section in
            RelationSection(title: section.title,
                            items: section.rows.map { RelationLink(text: $0.name, href: "/\($0.kind)/\($0.id)", note: $0.note) },
                            total: section.total)
        }
        if kind == .services { sections += try serviceSignals(db, serviceID: id) }
        return sections
    }

    /// A service's versions seen in its logs per stage (first and last seen) and its heartbeats.
    static func serviceSignals(_ db: Database, serviceID: Int64) throws -> [RelationSection] {
        let versions = try LogStore.versions(db, serviceID: serviceID).map { v in
            RelationLink(text: "\(v.stage.isEmpty ? "no stage" : v.stage) · \(v.product) \(v.version)",
                         href: "/logs?product=\(URLEncoding.encode(v.product))&version=\(URLEncoding.encode(v.version))"
                             + (v.stage.isEmpty ? "" : "&stage=\(v.stage)") + "&from=\(URLEncoding.encode(v.firstSeen))",
                         note: "first seen \(v.firstSeen.prefix(19))Z, last seen \(v.lastSeen.prefix(19))Z")
        }
        let heartbeats = try HeartbeatStore.list(db, serviceID: serviceID).map { h in
            RelationLink(text: h.name, href: "/heartbeats/\(h.id)", note: h.state.rawValue)
        }
        return [RelationSection(title: "Versions seen in logs, per stage", items: versions), RelationSection(title: "Heartbeats", items: heartbeats)]
    }
}
