import Foundation
import PortalStore

/// The PostgreSQL database the tests run on instead of SQLite (`make test-postgres` sets it), or nil.
public let testPostgresURL: String? = {
    let value = ProcessInfo.processInfo.environment["FOREWARN_TEST_DATABASE_URL"] ?? ""
    return value.isEmpty ? nil : value
}()

/// Where a test keeps its database: a file `name` in `folder` (SQLite), or, when `FOREWARN_TEST_DATABASE_URL` is
/// set, a fresh schema of its own in that PostgreSQL database, as a URL that selects it (`search_path`).
public func testDatabase(in folder: String, name: String = "forewarn.sqlite") throws -> String {
    guard let base = testPostgresURL else { return folder + "/" + name }
    return try freshPostgresSchema(in: base)
}

/// A new, empty schema in the PostgreSQL database at `base`, as a URL that works in it.
public func freshPostgresSchema(in base: String) throws -> String {
    let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    let admin = try Database(location: .postgres(url: base))
    defer { admin.close() }
    try admin.execute("CREATE SCHEMA \(schema)")
    return base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)"
}
