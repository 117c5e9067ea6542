import Foundation
import PortalCore

/// Products that send logs and the inventory service each belongs to.
public enum LogProductStore {
    static let select = """
        SELECT p.id, p.name, p.service_id, s.name, s.environment FROM log_products p LEFT JOIN services s ON s.id = p.service_id
        """

    static func record(_ s: Statement) -> LogProductRecord {
        LogProductRecord(id: s.int64(at: 0), name: s.string(at: 1) ?? "", serviceID: s.isNull(at: 2) ? nil : s.int64(at: 2),
                         serviceName: s.string(at: 3), serviceEnvironment: s.string(at: 4).flatMap(Environment.init(rawValue:)))
    }

    /// Every product by name (the batch writer keeps this in memory).
    public static func all(_ db: Database) throws -> [String: LogProductRecord] {
        var byName: [String: LogProductRecord] = [:]
        try db.forEach(select) { s in
            let product = record(s)
            byName[product.name] = product
        }
        return byName
    }

    /// The product with this name, created on first sight and linked to the service of the same name when there is one.
    public static func findOrCreate(_ db: Database, name: String, now: Date = Date()) throws -> LogProductRecord {
        try db.run("""
            INSERT INTO log_products (name, service_id, created_at) VALUES (?, (SELECT id FROM services WHERE name = ?), ?)
            ON CONFLICT (name) DO NOTHING
            """, [name, name, StoreTime.format(now)])
        var found: LogProductRecord?
        try db.forEach(select + " WHERE p.name = ?", [name]) { found = record($0) }
        guard let found else { throw DatabaseError(code: 0, message: "log product \(name) vanished", sql: nil) }
        return found
    }

    /// Links a product to a service (or unlinks it with nil), for products whose name differs from their service's.
    public static func link(_ db: Database, product: String, serviceID: Int64?, now: Date = Date()) throws {
        _ = try findOrCreate(db, name: product, now: now)
        try db.run("UPDATE log_products SET service_id = ? WHERE name = ?", [serviceID, product])
    }
}
