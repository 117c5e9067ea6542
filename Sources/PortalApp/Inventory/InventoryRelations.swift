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
        try InventoryRelationsStore.sections(db, kind: kind, id: id).map { section in
            RelationSection(title: section.title,
                            items: section.rows.map { RelationLink(text: $0.name, href: "/\($0.kind)/\($0.id)", note: $0.note) },
                            total: section.total)
        }
    }
}
