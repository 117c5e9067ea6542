import Foundation
import PortalStore

/// The PostgreSQL database the tests run on instead of SQLite (`make test-postgres` sets it), or nil.
public let testPostgresURL: String? = {
    let value = ProcessInfo.processInfo.environment["FOREWARN_TEST_DATABASE_URL"] ?? ""
    return value.isEmpty ? nil : value
}()

/// A migrated database on the test cluster that `testDatabase` clones (`make test-postgres` creates it once with
/// `forewarn migrate`), or nil: then each test migrates a schema of its own.
public let testPostgresTemplate: String? = {
    let value = ProcessInfo.processInfo.environment["FOREWARN_TEST_TEMPLATE_DATABASE"] ?? ""
    return value.isEmpty ? nil : value
}()

/// Where a test keeps its database: a file `name` in `folder` (SQLite), or, when `FOREWARN_TEST_DATABASE_URL` is
/// set, a PostgreSQL database of its own: a copy of the migrated template (`CREATE DATABASE … TEMPLATE`, a file copy
/// on the server, much cheaper than running every migration again), else a fresh schema that the store migrates.
public func testDatabase(in folder: String, name: String = "forewarn.sqlite") throws -> String {
    guard let base = testPostgresURL else { return folder + "/" + name }
    if let template = testPostgresTemplate { return try clonedPostgresDatabase(in: base, template: template) }
    return try freshPostgresSchema(in: base)
}

/// A new, empty schema in the PostgreSQL database at `base`, as a URL that works in it. `public` stays on the search
/// path after it, for extensions installed there once (pg_trgm: an extension exists once per database).
/// `seesPublic: false` leaves `public` off: pg_trgm is then out of sight, as where it cannot be installed.
public func freshPostgresSchema(in base: String, seesPublic: Bool = true) throws -> String {
    let schema = uniqueTestName()
    let admin = try Database(location: .postgres(url: base))
    defer { admin.close() }
    try admin.execute("CREATE SCHEMA \(schema)")
    return base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(schema)" + (seesPublic ? "%2Cpublic" : "")
}

/// A new database copied from `template` on the server of `base`, as a URL of the same user and server.
public func clonedPostgresDatabase(in base: String, template: String) throws -> String {
    let name = uniqueTestName()
    let admin = try Database(location: .postgres(url: base))
    defer { admin.close() }
    try admin.execute("CREATE DATABASE \(name) TEMPLATE \(template)")
    return replacingDatabaseName(of: base, with: name)
}

/// `postgres://user@host:port/old?x` → `postgres://user@host:port/new?x`.
public func replacingDatabaseName(of url: String, with name: String) -> String {
    guard let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else { return url + "/" + name }
    let end = url[slash...].firstIndex(of: "?") ?? url.endIndex
    return url[..<slash] + "/" + name + url[end...]
}

private func uniqueTestName() -> String {
    "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
}
