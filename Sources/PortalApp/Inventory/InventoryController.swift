import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// HTML pages for every inventory entity: list, detail, new/edit forms, delete.
enum InventoryController {
    static func recordID(_ request: Request) throws -> Int64 {
        guard let id = Int64(try request.parameter("id")), id > 0 else { throw HTTPError.notFound("There is no such record.") }
        return id
    }

    /// Who the audit trail names; accounts replace this with the signed-in user.
    static func actor(_ request: Request) -> String { request.identity?.login ?? "web \(request.clientAddress)" }

    // MARK: List

    @Sendable static func index(_ request: Request, _ context: AppContext, _ spec: EntitySpec) throws -> Response {
        let query = listQuery(request, spec: spec)
        let (records, total, pickers) = try context.store.read { db in
            let (records, total) = try EntityStore.list(db, spec, query: query)
            var pickers: [String: [String]] = [:]
            for name in spec.filters {
                if case .reference(let table, _, _) = spec.field(name)?.kind, ["regions", "clusters", "roles"].contains(table) {
                    // A select only while it stays short; beyond 100 names a text box serves better (and renders faster).
                    let names = try EntityStore.names(db, table: table, limit: 101)
                    if names.count <= 100 { pickers[name] = names }
                }
            }
            return (records, total, pickers)
        }
        let columns = listColumns(spec)
        let filters = spec.filters.compactMap { name -> ListPage.Filter? in
            guard let field = spec.field(name) else { return nil }
            let value = query.filters[name] ?? ""
            var choices: [String]? = nil
            if case .choice(let values) = field.kind { choices = values }
            if case .integer(let min, let max) = field.kind, max - min < 10 { choices = (min...max).map(String.init) }
            if let names = pickers[name] { choices = names }
            return ListPage.Filter(name: name, label: field.label, value: value, isSelect: choices != nil,
                                   options: [ListPage.Option(value: "", label: "Any", selected: value.isEmpty)]
                                       + (choices ?? []).map { ListPage.Option(value: $0, label: $0, selected: $0 == value) })
        }
        let rows = records.map { record in
            ListPage.RowModel(cells: columns.enumerated().map { offset, name in
                ListPage.Cell(text: name == "_label" ? EntityStore.displayName(spec, record) : (record[name] ?? ""),
                              href: offset == 0 ? "/\(spec.kind.rawValue)/\(record["id"] ?? "")" : "")
            })
        }
        let pages = max(1, (total + query.perPage - 1) / query.perPage)
        let from = total == 0 ? 0 : (query.page - 1) * query.perPage + 1
        let to = min(total, query.page * query.perPage)
        let model = ListPage(
            site: SiteChrome(request), title: spec.title, kind: spec.kind.rawValue, singular: spec.singular,
            search: query.search, filters: filters,
            columns: columns.map { name in
                let label = name == "_label" ? spec.singular.capitalized : (spec.field(name)?.label ?? name)
                let sortable = spec.sortable.contains(name)
                let sorted = query.sort == name ? (query.descending ? "descending" : "ascending") : ""
                return ListPage.Column(label: label, href: sortable ? link(request, spec: spec, query: query, sort: name, descending: query.sort == name && !query.descending, page: 1) : "", sorted: sorted)
            },
            rows: rows, hasRows: !rows.isEmpty,
            summary: total == 0 ? "No \(spec.title.lowercased()) match." : "\(Format.count(Int64(from)))–\(Format.count(Int64(to))) of \(Format.count(Int64(total))) · page \(query.page) of \(pages)",
            previousHref: query.page > 1 ? link(request, spec: spec, query: query, page: query.page - 1) : "",
            nextHref: query.page < pages ? link(request, spec: spec, query: query, page: query.page + 1) : "",
            canCreate: true)
        return Flash.clear(try context.views.page("inventory/list", model), request: request)
    }

    static func listColumns(_ spec: EntitySpec) -> [String] {
        let names = spec.fields.filter {
            if case .longText = $0.kind { return false }
            if case .referenceList = $0.kind { return false }
            return true
        }.map(\.name)
        return spec.hasName ? names : ["_label"] + names
    }

    static func listQuery(_ request: Request, spec: EntitySpec) -> ListQuery {
        var query = ListQuery()
        query.search = String((request.queryValue("q") ?? request.queryValue("search") ?? "").prefix(200))
        for name in spec.filters { if let value = request.queryValue(name), !value.isEmpty { query.filters[name] = String(value.prefix(200)) } }
        query.sort = request.queryValue("sort").flatMap { spec.sortable.contains($0) ? $0 : nil } ?? (spec.hasName ? "name" : "id")
        query.descending = request.queryValue("dir") == "desc"
        query.page = max(1, min(1_000_000, Int(request.queryValue("page") ?? "") ?? 1))
        query.perPage = max(1, min(500, Int(request.queryValue("per_page") ?? "") ?? 50))
        return query
    }

    static func link(_ request: Request, spec: EntitySpec, query: ListQuery, sort: String? = nil, descending: Bool? = nil, page: Int) -> String {
        var parts: [String] = []
        if !query.search.isEmpty { parts.append("q=" + URLEncoding.encode(query.search)) }
        for (name, value) in query.filters.sorted(by: { $0.key < $1.key }) { parts.append(name + "=" + URLEncoding.encode(value)) }
        parts.append("sort=" + (sort ?? query.sort))
        if descending ?? query.descending { parts.append("dir=desc") }
        if page > 1 { parts.append("page=\(page)") }
        return "/\(spec.kind.rawValue)?" + parts.joined(separator: "&")
    }

    // MARK: Detail

    @Sendable static func show(_ request: Request, _ context: AppContext, _ spec: EntitySpec) throws -> Response {
        try detail(request, context, spec, blockers: [])
    }

    static func detail(_ request: Request, _ context: AppContext, _ spec: EntitySpec, blockers: [String], status: Int = 200) throws -> Response {
        let id = try recordID(request)
        let page = try context.store.read { db -> DetailPage? in
            guard let record = try EntityStore.fetch(db, spec, id: id) else { return nil }
            var fields: [DetailPage.FieldRow] = []
            for field in spec.fields {
                let value = record[field.name] ?? ""
                var href = ""
                if case .reference(let table, _, _) = field.kind, !value.isEmpty, let other = InventorySpecs.all.first(where: { $0.table == table }),
                   let otherID = try EntityStore.id(db, other, name: value) {
                    href = "/\(other.kind)/\(otherID)"
                }
                fields.append(DetailPage.FieldRow(label: field.label, value: value.isEmpty ? "—" : value, href: href))
            }
            let relations = try InventoryRelations.sections(db, kind: spec.kind, id: id)
            let hasWho = spec.kind.objectKind != nil
            return DetailPage(site: SiteChrome(request), title: "\(spec.singular.capitalized) \(EntityStore.displayName(spec, record))",
                              kind: spec.kind.rawValue, singular: spec.singular, id: id, fields: fields, relations: relations,
                              blockers: blockers, hasBlockers: !blockers.isEmpty, canEdit: true,
                              whoHref: hasWho ? "/\(spec.kind.rawValue)/\(id)/contacts" : "",
                              subscribeKind: spec.kind.objectKind.flatMap { NoticeStore.subscriptionColumn($0) == nil ? nil : $0.rawValue } ?? "",
                              outboxHref: spec.outboxFilter.map { "/outbox?\($0)=\(id)" } ?? "")
        }
        guard var page else { throw HTTPError.notFound("There is no \(spec.singular) with id \(id).") }
        if spec.kind == .services || spec.kind == .processes {
            let inventory = try context.inventory.current(context.store)
            page.serviceLevel = try context.store.read { try ServiceLevelPanel.make($0, inventory: inventory, kind: spec.kind, id: id) }
        }
        if let kind = spec.kind.objectKind {
            page.relations.append(try inheritedContacts(context, object: ObjectRef(kind: kind, id: id)))
            page.activity = try ObjectActivity.load(context, object: ObjectRef(kind: kind, id: id))
        }
        return Flash.clear(try context.views.page("inventory/detail", page, status: status), request: request)
    }

    /// Every role's holders for the object, direct or inherited, as a relation section ("inherited from region eu-west").
    static func inheritedContacts(_ context: AppContext, object: ObjectRef) throws -> RelationSection {
        let inventory = try context.inventory.current(context.store)
        var links: [RelationLink] = []
        for resolution in inventory.allRoles(for: object) {
            for holder in resolution.holders where holder.isNotified {
                let href: String
                switch holder.contact {
                case .person(let id): href = "/people/\(id)"
                case .team(let id): href = "/teams/\(id)"
                }
                let source = holder.inheritedFrom.map { "inherited from \($0.kind.rawValue) \(inventory.name(of: $0) ?? "?")" } ?? "direct"
                links.append(RelationLink(text: holder.contactName, href: href, note: "\(resolution.roleName) · \(holder.priority.rawValue) · \(source)"))
            }
        }
        return RelationSection(title: "Contacts (direct and inherited)", items: links)
    }

    // MARK: Forms

    @Sendable static func new(_ request: Request, _ context: AppContext, _ spec: EntitySpec) throws -> Response {
        var prefill: EntityRecord = [:]
        for field in spec.fields { if let value = request.queryValue(field.name) { prefill[field.name] = String(value.prefix(200)) } }
        return try form(request, context, spec: spec, values: prefill, errors: [:], id: nil)
    }

    @Sendable static func edit(_ request: Request, _ context: AppContext, _ spec: EntitySpec) throws -> Response {
        let id = try recordID(request)
        guard let record = try context.store.read({ try EntityStore.fetch($0, spec, id: id) }) else {
            throw HTTPError.notFound("There is no \(spec.singular) with id \(id).")
        }
        return try form(request, context, spec: spec, values: record, errors: [:], id: id)
    }

    @Sendable static func create(_ request: Request, _ context: AppContext, _ spec: EntitySpec) throws -> Response {
        try save(request, context, spec, id: nil)
    }

    @Sendable static func update(_ request: Request, _ context: AppContext, _ spec: EntitySpec) throws -> Response {
        try save(request, context, spec, id: try recordID(request))
    }

    static func save(_ request: Request, _ context: AppContext, _ spec: EntitySpec, id: Int64?) throws -> Response {
        let form = try request.form()
        var input: EntityRecord = [:]
        for field in spec.fields { input[field.name] = form[field.name] ?? "" }
        do {
            let newID = try context.store.write { db in
                try EntityStore.saveAudited(db, spec, input, id: id, actor: actor(request), requestID: request.requestID)
            }
            let name = EntityStore.displayName(spec, input)
            return Flash.redirect(to: "/\(spec.kind.rawValue)/\(newID)", message: "\(spec.singular.capitalized) \(name) was \(id == nil ? "created" : "saved").")
        } catch EntityError.invalid(let errors) {
            return try self.form(request, context, spec: spec, values: input, errors: errors, id: id, status: 422)
        } catch EntityError.notFound {
            throw HTTPError.notFound("There is no \(spec.singular) with id \(id ?? 0).")
        }
    }

    static func form(_ request: Request, _ context: AppContext, spec: EntitySpec, values: EntityRecord, errors: [String: String],
                     id: Int64?, status: Int = 200) throws -> Response {
        let datalists = try context.store.read { db -> [String: [String]] in
            var lists: [String: [String]] = [:]
            for field in spec.fields {
                if case .reference(let table, _, _) = field.kind, table != "servers" {
                    lists[field.name] = try EntityStore.names(db, table: table, limit: 500)
                }
            }
            return lists
        }
        let fields = spec.fields.map { field -> FormPage.Field in
            let value = values[field.name] ?? ""
            var choices: [String]? = nil
            if case .choice(let list) = field.kind { choices = list }
            var isTextarea = false
            if case .longText = field.kind { isTextarea = true }
            let inputType: String
            switch field.kind {
            case .email: inputType = "email"
            case .integer: inputType = "number"
            case .phone: inputType = "tel"
            default: inputType = "text"
            }
            let list = datalists[field.name] ?? []
            return FormPage.Field(
                name: field.name, label: field.label, value: value, error: errors[field.name] ?? "", help: field.help,
                required: field.required, isTextarea: isTextarea, isSelect: choices != nil, isInput: !isTextarea && choices == nil,
                inputType: inputType,
                options: ([field.required ? nil : ""].compactMap { $0 } + (choices ?? [])).map { ListPage.Option(value: $0, label: $0.isEmpty ? "—" : $0, selected: $0 == value) }
                    + (field.required && !(choices ?? []).contains(value) ? [ListPage.Option(value: "", label: "Choose…", selected: true)] : []),
                datalistID: list.isEmpty ? "" : "list-\(field.name)", datalist: list)
        }
        let summary = errors.sorted { $0.key < $1.key }.map { key, message in
            key.isEmpty ? message : "\(spec.field(key)?.label ?? key): \(message)"
        }
        let model = FormPage(
            site: SiteChrome(request),
            title: id == nil ? "New \(spec.singular)" : "Edit \(spec.singular) \(EntityStore.displayName(spec, values))",
            action: id.map { "/\(spec.kind.rawValue)/\($0)" } ?? "/\(spec.kind.rawValue)",
            cancelHref: id.map { "/\(spec.kind.rawValue)/\($0)" } ?? "/\(spec.kind.rawValue)",
            submitLabel: id == nil ? "Create \(spec.singular)" : "Save changes",
            fields: fields, errorSummary: summary, hasErrors: !errors.isEmpty, formError: errors[""] ?? "")
        return try context.views.page("inventory/form", model, status: status)
    }

    // MARK: Delete

    @Sendable static func delete(_ request: Request, _ context: AppContext, _ spec: EntitySpec) throws -> Response {
        let id = try recordID(request)
        do {
            let name = try context.store.write { db -> String in
                let record = try EntityStore.fetch(db, spec, id: id)
                try EntityStore.deleteAudited(db, spec, id: id, actor: actor(request), requestID: request.requestID)
                return EntityStore.displayName(spec, record ?? [:])
            }
            return Flash.redirect(to: "/\(spec.kind.rawValue)", message: "\(spec.singular.capitalized) \(name) was deleted.")
        } catch EntityError.blocked(let blockers) {
            return try detail(request, context, spec, blockers: blockers, status: 409)
        } catch EntityError.notFound {
            throw HTTPError.notFound("There is no \(spec.singular) with id \(id).")
        }
    }
}
