import Foundation
import PortalHTTP
import PortalStore

/// `/audit`: who did what and when, before and after, filterable by who, object and date. Read-only by design.
enum AuditController {
    struct Model {
        struct Row {
            let at: String
            let actor: String
            let action: String
            let object: String
            let before: String
            let after: String
            let requestID: String
        }

        let site: SiteChrome
        let title = "Audit log"
        let actor: String
        let object: String
        let from: String
        let to: String
        let rows: [Row]
        let hasRows: Bool
        let nextHref: String
    }

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let actor = String((request.queryValue("actor") ?? "").prefix(200))
        let object = String((request.queryValue("object") ?? "").prefix(200))
        let from = String((request.queryValue("from") ?? "").prefix(10))
        let to = String((request.queryValue("to") ?? "").prefix(10))
        let before = Int64(request.queryValue("before") ?? "") ?? Int64.max
        let rows = try context.store.read { db in
            try AuditLog.search(db, before: before, actor: actor, object: object, from: DowntimePages.day(from),
                                to: DowntimePages.day(to)?.addingTimeInterval(86_400), limit: 101)
        }
        let shown = rows.prefix(100).map { entry in
            Model.Row(at: entry.at, actor: entry.actor, action: entry.action, object: "\(entry.objectKind) \(entry.objectName)",
                      before: entry.beforeJSON ?? "", after: entry.afterJSON ?? "", requestID: entry.requestID ?? "")
        }
        var next = ""
        if rows.count > 100, let last = rows.prefix(100).last?.id {
            var parts = ["before=\(last)"]
            for (name, value) in [("actor", actor), ("object", object), ("from", from), ("to", to)] where !value.isEmpty {
                parts.append("\(name)=\(URLEncoding.encode(value))")
            }
            next = "/audit?" + parts.joined(separator: "&")
        }
        let model = Model(site: SiteChrome(request), actor: actor, object: object, from: from, to: to, rows: Array(shown), hasRows: !shown.isEmpty, nextHref: next)
        return try context.views.page("audit", model)
    }
}
