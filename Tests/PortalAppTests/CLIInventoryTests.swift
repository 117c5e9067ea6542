import ForewarnTestSupport
import Foundation
import Testing

/// Every fixture file imported by `forewarn import`, in order.
func importFixture(folder: String, db: String) throws {
    for (kind, csv) in InventoryFixture.files {
        let file = folder + "/\(kind).csv"
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let result = try runForewarn(["import", "--db", db, "--kind", kind, file])
        #expect(result.status == 0, "\(kind): \(result.stderr)")
    }
}

@Suite("forewarn import/export")
struct CLIInventoryTests {
    @Test func importThenExportRoundTripsAndBadFilesAreRejected() throws {
        let folder = temporaryDirectory()
        let db = folder + "/inv.sqlite"
        try importFixture(folder: folder, db: db)
        let exported = try runForewarn(["export", "--db", db, "--kind", "servers"])
        #expect(exported.status == 0)
        #expect(exported.stdout.hasPrefix("name,region,cluster,environment,description\r\n"))
        #expect(exported.stdout.contains("db-12,eu-west,db-east,PROD,primary"))
        let out = folder + "/out.csv"
        #expect(try runForewarn(["export", "--db", db, "--kind", "servers", "--output", out]).status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == exported.stdout)

        let bad = folder + "/bad.csv"
        try "name,region,cluster,environment,description\r\nnew-1,nowhere,,PROD,\r\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let rejected = try runForewarn(["import", "--db", db, "--kind", "servers", bad])
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("line 2, column region: There is no region named 'nowhere'."))
        #expect(!(try runForewarn(["export", "--db", db, "--kind", "servers"]).stdout.contains("new-1")))
        let unknownKind = try runForewarn(["import", "--db", db, "--kind", "planets", bad])
        #expect(unknownKind.status != 0)
        #expect(unknownKind.stderr.contains("--kind must be one of"))
    }
}

@Suite("forewarn import --upsert")
struct CLIUpsertTests {
    @Test func upsertUpdatesMatchedRowsAndTheDefaultStaysCreateOnly() throws {
        let folder = temporaryDirectory()
        let db = folder + "/inv.sqlite"
        try importFixture(folder: folder, db: db)
        let file = folder + "/servers-2.csv"
        try "name,region,cluster,environment,description\r\ndb-12,eu-west,db-east,PROD,primary\r\ndb-13,,db-east,PROD,standby\r\nweb-2,,web-eu,PROD,\r\n"
            .write(toFile: file, atomically: true, encoding: .utf8)

        let refused = try runForewarn(["import", "--db", db, "--kind", "servers", file])
        #expect(refused.status == 1 && refused.stderr.contains("line 2, column name: A server named 'db-12' already exists."), "\(refused.stderr)")
        let dry = try runForewarn(["import", "--db", db, "--kind", "servers", file, "--upsert", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("dry run: all 3 rows of \(file) are valid (1 to create, 1 to update, 1 unchanged); nothing was written"), "\(dry.stdout)")
        #expect(!(try runForewarn(["export", "--db", db, "--kind", "servers"]).stdout.contains("web-2")))
        let done = try runForewarn(["import", "--db", db, "--kind", "servers", file, "--upsert"])
        #expect(done.status == 0 && done.stdout.contains("imported 2 servers from \(file) (1 created, 1 updated, 1 unchanged)"), "\(done.stdout) \(done.stderr)")
        let exported = try runForewarn(["export", "--db", db, "--kind", "servers"]).stdout
        #expect(exported.contains("db-13,eu-west,db-east,PROD,standby\r\n") && exported.contains("web-2,eu-west,web-eu,PROD,\r\n"), "\(exported)")

        // A bad row: all or nothing, with line and column.
        try "name,region,cluster,environment,description\r\ndb-12,eu-west,db-east,PROD,changed\r\nweb-3,,nocluster,PROD,\r\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try runForewarn(["import", "--db", db, "--kind", "servers", file, "--upsert"])
        #expect(bad.status == 1 && bad.stderr.contains("line 3, column cluster: There is no cluster named 'nocluster'."), "\(bad.stderr)")
        #expect(try runForewarn(["export", "--db", db, "--kind", "servers"]).stdout == exported)

        // Monitoring checks: create-only by default, updated by name with --upsert.
        let checks = folder + "/checks.csv"
        try "name,kind,target_kind,target_name,url,interval_seconds\npg web,http,service,pg-3,http://127.0.0.1:9/,15\npg api,http,service,pg-3,http://127.0.0.1:9/api,15\n"
            .write(toFile: checks, atomically: true, encoding: .utf8)
        #expect(try runForewarn(["import", "--db", db, "--kind", "checks", checks]).stdout.contains("imported 2 checks"))
        try "name,kind,target_kind,target_name,url,interval_seconds\npg web,http,service,pg-3,http://127.0.0.1:9/,15\npg api,http,service,pg-3,http://127.0.0.1:9/api,30\nportal,http,service,portal,http://127.0.0.1:9/p,15\n"
            .write(toFile: checks, atomically: true, encoding: .utf8)
        let duplicate = try runForewarn(["import", "--db", db, "--kind", "checks", checks])
        #expect(duplicate.status == 1 && duplicate.stderr.contains("line 2, column name: A check named 'pg web' exists already."), "\(duplicate.stderr)")
        let upserted = try runForewarn(["import", "--db", db, "--kind", "checks", checks, "--upsert"])
        #expect(upserted.status == 0 && upserted.stdout.contains("(1 created, 1 updated, 1 unchanged)"), "\(upserted.stdout) \(upserted.stderr)")
        #expect(try runForewarn(["export", "--db", db, "--kind", "checks"]).stdout.contains("pg api,http,service,pg-3,http://127.0.0.1:9/api,,,30,"))
    }
}
