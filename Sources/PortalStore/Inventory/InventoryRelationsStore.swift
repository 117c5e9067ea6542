import Foundation

/// One object related to the object on a detail page: its kind (the URL segment), id, name and a short note.
public struct RelationRow: Sendable, Equatable {
    public let kind: String
    public let id: Int64
    public let name: String
    public let note: String
}

/// One section of related objects: at most `InventoryRelationsStore.limit` rows, and how many there are in all.
public struct RelationRows: Sendable, Equatable {
    public let title: String
    public let rows: [RelationRow]
    public let total: Int
}

/// The "both ways" relations of an inventory object, one query per related kind, for its detail page.
public enum InventoryRelationsStore {
    public static let limit = 50

    /// The sections for an object of `kind` (the URL segment: `regions`, `servers`, ...); none for other kinds.
    public static func sections(_ db: Database, kind: InventoryKind, id: Int64) throws -> [RelationRows] {
        switch kind {
        case .regions:
            return [
                try section(db, "Parent regions (nearest first)", """
                    WITH RECURSIVE up(id, depth) AS (SELECT parent_id, 1 FROM regions WHERE id = ?1 AND parent_id IS NOT NULL
                        UNION ALL SELECT r.parent_id, depth + 1 FROM regions r JOIN up ON r.id = up.id WHERE r.parent_id IS NOT NULL AND depth < 100)
                    SELECT r.id, r.name, '' AS note, 'regions' AS kind FROM up JOIN regions r ON r.id = up.id ORDER BY depth
                    """, id),
                try section(db, "Sub-regions", "SELECT id, name, '' AS note, 'regions' AS kind FROM regions WHERE parent_id = ?1 ORDER BY name", id),
                try section(db, "Clusters", "SELECT id, name, '' AS note, 'clusters' AS kind FROM clusters WHERE region_id = ?1 ORDER BY name", id),
                try section(db, "Servers directly in this region", "SELECT id, name, environment AS note, 'servers' AS kind FROM servers WHERE region_id = ?1 ORDER BY name", id),
                try assignmentsSection(db, column: "region_id", id: id),
            ]
        case .clusters:
            return [
                try section(db, "Region", "SELECT r.id, r.name, '' AS note, 'regions' AS kind FROM clusters c JOIN regions r ON r.id = c.region_id WHERE c.id = ?1", id),
                try section(db, "Servers", "SELECT id, name, environment AS note, 'servers' AS kind FROM servers WHERE cluster_id = ?1 ORDER BY name", id),
                try section(db, "Services placed on this cluster", "SELECT s.id, s.name, 'needs ' || p.min_healthy || ' healthy' AS note, 'services' AS kind FROM placements p JOIN services s ON s.id = p.service_id WHERE p.cluster_id = ?1 ORDER BY s.name", id),
                try assignmentsSection(db, column: "cluster_id", id: id),
            ]
        case .servers:
            return [
                try section(db, "Region path (nearest first)", """
                    WITH RECURSIVE up(id, depth) AS (
                        SELECT COALESCE(s.region_id, (SELECT region_id FROM clusters WHERE id = s.cluster_id)), 1 FROM servers s WHERE s.id = ?1
                        UNION ALL SELECT r.parent_id, depth + 1 FROM regions r JOIN up ON r.id = up.id WHERE r.parent_id IS NOT NULL AND depth < 100)
                    SELECT r.id, r.name, '' AS note, 'regions' AS kind FROM up JOIN regions r ON r.id = up.id ORDER BY depth
                    """, id),
                try section(db, "Cluster", "SELECT c.id, c.name, '' AS note, 'clusters' AS kind FROM servers s JOIN clusters c ON c.id = s.cluster_id WHERE s.id = ?1", id),
                try section(db, "Services running here", """
                    SELECT s.id, s.name, 'placed on this server, needs ' || p.min_healthy || ' healthy' AS note, 'services' AS kind
                      FROM placements p JOIN services s ON s.id = p.service_id WHERE p.server_id = ?1
                    UNION ALL
                    SELECT s.id, s.name, 'placed on cluster ' || c.name || ', needs ' || p.min_healthy || ' healthy', 'services'
                      FROM servers sv JOIN clusters c ON c.id = sv.cluster_id JOIN placements p ON p.cluster_id = c.id JOIN services s ON s.id = p.service_id
                     WHERE sv.id = ?1
                    ORDER BY 2
                    """, id),
                try section(db, "Data sets", "SELECT id, name, classification AS note, 'datasets' AS kind FROM datasets WHERE server_id = ?1 ORDER BY name", id),
                try assignmentsSection(db, column: "server_id", id: id),
            ]
        case .services:
            return [
                try section(db, "Runs on", """
                    SELECT sv.id, sv.name, 'server, needs ' || p.min_healthy || ' healthy' AS note, 'servers' AS kind FROM placements p JOIN servers sv ON sv.id = p.server_id WHERE p.service_id = ?1
                    UNION ALL
                    SELECT c.id, c.name, 'cluster, needs ' || p.min_healthy || ' healthy', 'clusters' FROM placements p JOIN clusters c ON c.id = p.cluster_id WHERE p.service_id = ?1
                    ORDER BY 2
                    """, id),
                try section(db, "Depends on", "SELECT s.id, s.name, d.kind AS note, 'services' AS kind FROM dependencies d JOIN services s ON s.id = d.depends_on_id WHERE d.service_id = ?1 ORDER BY s.name", id),
                try section(db, "Depended on by", "SELECT s.id, s.name, d.kind AS note, 'services' AS kind FROM dependencies d JOIN services s ON s.id = d.service_id WHERE d.depends_on_id = ?1 ORDER BY s.name", id),
                try section(db, "Business processes using it", "SELECT p.id, p.name, '' AS note, 'processes' AS kind FROM process_services ps JOIN processes p ON p.id = ps.process_id WHERE ps.service_id = ?1 ORDER BY p.name", id),
                try section(db, "Data sets", "SELECT id, name, classification AS note, 'datasets' AS kind FROM datasets WHERE service_id = ?1 ORDER BY name", id),
                try assignmentsSection(db, column: "service_id", id: id),
            ]
        case .processes:
            return [
                try section(db, "Services used", "SELECT s.id, s.name, 'tier ' || s.tier AS note, 'services' AS kind FROM process_services ps JOIN services s ON s.id = ps.service_id WHERE ps.process_id = ?1 ORDER BY s.name", id),
                try assignmentsSection(db, column: "process_id", id: id),
            ]
        case .datasets:
            return [
                try section(db, "Lives on", """
                    SELECT s.id, s.name, 'service' AS note, 'services' AS kind FROM datasets d JOIN services s ON s.id = d.service_id WHERE d.id = ?1
                    UNION ALL SELECT sv.id, sv.name, 'server', 'servers' FROM datasets d JOIN servers sv ON sv.id = d.server_id WHERE d.id = ?1
                    """, id),
                try assignmentsSection(db, column: "dataset_id", id: id),
            ]
        case .people:
            return [
                try section(db, "Teams", "SELECT t.id, t.name, '' AS note, 'teams' AS kind FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.person_id = ?1 ORDER BY t.name", id),
                try holdingsSection(db, contactColumn: "person_id", id: id),
            ]
        case .teams:
            return [
                try section(db, "Members", "SELECT p.id, p.name, p.email AS note, 'people' AS kind FROM team_members m JOIN people p ON p.id = m.person_id WHERE m.team_id = ?1 ORDER BY p.name", id),
                try holdingsSection(db, contactColumn: "team_id", id: id),
            ]
        default:
            return []
        }
    }

    static func section(_ db: Database, _ title: String, _ sql: String, _ id: Int64) throws -> RelationRows {
        let rows = try db.query("SELECT * FROM (\(sql)) LIMIT \(limit + 1)", [id])
        let related = rows.prefix(limit).map { row in
            RelationRow(kind: row.string("kind") ?? "", id: row.int("id") ?? 0, name: row.string("name") ?? "", note: row.string("note") ?? "")
        }
        var total = related.count
        if rows.count > limit, case .integer(let n)? = try db.scalar("SELECT count(*) FROM (\(sql))", [id]) { total = Int(n) }
        return RelationRows(title: title, rows: Array(related), total: total)
    }

    /// Contacts assigned directly on this object.
    static func assignmentsSection(_ db: Database, column: String, id: Int64) throws -> RelationRows {
        try section(db, "Contacts assigned here", """
            SELECT COALESCE(p.id, t.id) AS id, COALESCE(p.name, t.name) AS name,
                   r.name || ' · ' || a.priority AS note, CASE WHEN p.id IS NULL THEN 'teams' ELSE 'people' END AS kind
              FROM assignments a JOIN roles r ON r.id = a.role_id
              LEFT JOIN people p ON p.id = a.person_id LEFT JOIN teams t ON t.id = a.team_id
             WHERE a.\(column) = ?1
             ORDER BY CASE a.priority WHEN 'primary' THEN 1 WHEN 'secondary' THEN 2 WHEN 'tertiary' THEN 3 ELSE 4 END, r.name, 2
            """, id)
    }

    /// The roles a person or team holds, on which objects.
    static func holdingsSection(_ db: Database, contactColumn: String, id: Int64) throws -> RelationRows {
        try section(db, "Roles held", """
            SELECT COALESCE(a.region_id, a.cluster_id, a.server_id, a.service_id, a.process_id, a.dataset_id) AS id,
                   COALESCE((SELECT name FROM regions WHERE id = a.region_id), (SELECT name FROM clusters WHERE id = a.cluster_id),
                            (SELECT name FROM servers WHERE id = a.server_id), (SELECT name FROM services WHERE id = a.service_id),
                            (SELECT name FROM processes WHERE id = a.process_id), (SELECT name FROM datasets WHERE id = a.dataset_id)) AS name,
                   r.name || ' · ' || a.priority AS note,
                   CASE WHEN a.region_id IS NOT NULL THEN 'regions' WHEN a.cluster_id IS NOT NULL THEN 'clusters'
                        WHEN a.server_id IS NOT NULL THEN 'servers' WHEN a.service_id IS NOT NULL THEN 'services'
                        WHEN a.process_id IS NOT NULL THEN 'processes' ELSE 'datasets' END AS kind
              FROM assignments a JOIN roles r ON r.id = a.role_id WHERE a.\(contactColumn) = ?1 ORDER BY r.name, 2
            """, id)
    }
}
