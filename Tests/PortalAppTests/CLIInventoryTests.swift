import ForewarnTestSupport
import Foundation
import Testing

@Suite("forewarn import/export")
struct CLIInventoryTests {
    @Test func importThenExportRoundTripsAndBadFilesAreRejected() throws {
        let folder = temporaryDirectory()
        let db = folder + "/inv.sqlite"
        for (kind, csv) in InventoryFixture.files {
            let file = folder + "/\(kind).csv"
            try csv.write(toFile: file, atomically: true, encoding: .utf8)
            let result = try runForewarn(["import", "--db", db, "--kind", kind, file])
            #expect(result.status == 0, "\(kind): \(result.stderr)")
        }
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
