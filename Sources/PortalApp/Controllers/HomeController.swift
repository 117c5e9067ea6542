import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// The home page: what the database holds.
enum HomeController {
    struct Model {
        let site: SiteChrome
        let title = "Home"
        let tables: [TableCount]
        let schemaVersion: Int
        let databasePath: String
        let databaseSize: String
        let recentAudit: [AuditRow]
        let hasAudit: Bool
    }

    struct TableCount {
        let label: String
        let count: String
        let href: String
    }

    struct AuditRow {
        let at: String
        let actor: String
        let action: String
        let object: String
    }

    /// The entities shown on the home page, in reading order; tables that do not exist yet are skipped.
    static let countedTables: [(table: String, label: String)] = [
        ("regions", "Regions"), ("clusters", "Clusters"), ("servers", "Servers"), ("services", "Services"),
        ("processes", "Business processes"), ("datasets", "Data sets"), ("people", "People"), ("teams", "Teams"),
        ("downtimes", "Downtimes"), ("incidents", "Incidents"), ("audit_log", "Audit entries"),
    ]

    @Sendable static func index(_ request: Request, _ context: AppContext) throws -> Response {
        let model = try context.store.read { db -> Model in
            let existing = try DatabaseStats.tableNames(db)
            var tables: [TableCount] = []
            for (table, label) in countedTables where existing.contains(table) {
                // Table names come from the fixed list above, never from the request.
                if let n = try DatabaseStats.rowCount(db, table: table) { tables.append(TableCount(label: label, count: Format.count(n), href: table == "audit_log" ? "/audit" : "/\(table)")) }
            }
            let audit = try AuditLog.recent(db, limit: 10).map {
                AuditRow(at: $0.at, actor: $0.actor, action: $0.action, object: "\($0.objectKind) \($0.objectName)")
            }
            return Model(site: SiteChrome(request), tables: tables,
                         schemaVersion: try db.userVersion, databasePath: context.store.path,
                         databaseSize: Format.bytes(try DatabaseStats.sizeInBytes(db)),
                         recentAudit: audit, hasAudit: !audit.isEmpty)
        }
        return Flash.clear(try context.views.page("home", model), request: request)
    }
}
