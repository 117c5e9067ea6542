import PortalCore
import PortalHTTP
import PortalStore

/// "Who do I tell?": every role on an object, resolved with inheritance, with where each holder comes from.
enum ContactsController {
    struct Page {
        let site: SiteChrome
        let title: String
        let objectHref: String
        let objectLabel: String
        let roles: [RoleRow]
    }

    struct RoleRow {
        let role: String
        let vacant: Bool
        let holders: [HolderRow]
    }

    struct HolderRow {
        let name: String
        let href: String
        let email: String
        let priority: String
        let notified: Bool
        let source: String
        let sourceHref: String
    }

    static func path(of object: ObjectRef) -> String { ImpactView.path(object) }

    @Sendable static func whoToTell(_ request: Request, _ context: AppContext, _ spec: EntitySpec) throws -> Response {
        let id = try InventoryController.recordID(request)
        guard let kind = spec.kind.objectKind else { throw HTTPError.notFound() }
        let object = ObjectRef(kind: kind, id: id)
        let inventory = try context.inventory.current(context.store)
        guard inventory.contains(object), let name = inventory.name(of: object) else {
            throw HTTPError.notFound("There is no \(spec.singular) with id \(id).")
        }
        let roles = inventory.allRoles(for: object).map { resolution in
            RoleRow(role: resolution.roleName.capitalizedFirst, vacant: resolution.isVacant, holders: resolution.holders.map { holder in
                var email = ""
                var href = ""
                switch holder.contact {
                case .person(let personID):
                    email = inventory.person(personID)?.email ?? ""
                    href = "/people/\(personID)"
                case .team(let teamID):
                    email = inventory.team(teamID)?.email ?? ""
                    href = "/teams/\(teamID)"
                }
                let source = holder.inheritedFrom.map { origin in
                    "inherited from \(origin.kind.rawValue) \(inventory.name(of: origin) ?? "?")"
                } ?? "assigned directly"
                return HolderRow(name: holder.contactName, href: href, email: email, priority: holder.priority.rawValue,
                                 notified: holder.isNotified, source: source, sourceHref: holder.inheritedFrom.map(path(of:)) ?? "")
            })
        }
        let page = Page(site: SiteChrome(request), title: "Who do I tell about \(spec.singular) \(name)?",
                        objectHref: "/\(spec.kind.rawValue)/\(id)", objectLabel: "\(spec.singular) \(name)", roles: roles)
        return try context.views.page("inventory/contacts", page)
    }
}

extension String {
    /// "data owner" → "Data owner".
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
