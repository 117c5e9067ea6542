import ForewarnTestSupport
import Foundation
import PortalHTTP
import PortalStore
import Testing

@Suite("Inventory: API, forms, CSV")
struct InventoryTests {
    /// Posts JSON and returns status and parsed object.
    func api(_ app: TestApp, _ method: String, _ path: String, _ json: String? = nil) throws -> (Int, [String: Any]) {
        let response = try app.fetch(method, path, headers: json == nil ? [:] : ["Content-Type": "application/json"], body: Array((json ?? "").utf8))
        return (response.status, (response.json as? [String: Any]) ?? [:])
    }

    func count(_ app: TestApp, _ table: String) throws -> Int64 {
        if case .integer(let n)? = try app.app.context.store.read({ try $0.scalar("SELECT count(*) FROM \(table)") }) { return n }
        return -1
    }

    @Test func apiCreatesReadsListsUpdatesAndDeletes() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        #expect(try api(app, "POST", "/api/v1/regions", #"{"name":"europe"}"#).0 == 201)
        #expect(try api(app, "POST", "/api/v1/regions", #"{"name":"eu-west","parent":"europe"}"#).0 == 201)
        let (status, cluster) = try api(app, "POST", "/api/v1/clusters", #"{"name":"db-east","region":"eu-west","description":"pair"}"#)
        #expect(status == 201)
        #expect(cluster["region"] as? String == "eu-west")
        let (_, server) = try api(app, "POST", "/api/v1/servers", #"{"name":"db-12","cluster":"db-east","environment":"PROD"}"#)
        // Stored once on the cluster, the region is still shown.
        #expect(server["region"] as? String == "eu-west")
        let id = try #require(server["id"] as? Int)
        let (_, fetched) = try api(app, "GET", "/api/v1/servers/\(id)")
        #expect(fetched["name"] as? String == "db-12")
        let (_, list) = try api(app, "GET", "/api/v1/servers?region=eu-west&environment=PROD")
        #expect(list["total"] as? Int == 1)
        let (_, none) = try api(app, "GET", "/api/v1/servers?environment=DEV")
        #expect(none["total"] as? Int == 0)
        let (patchStatus, patched) = try api(app, "PATCH", "/api/v1/servers/\(id)", #"{"description":"primary"}"#)
        #expect(patchStatus == 200)
        #expect(patched["description"] as? String == "primary")
        #expect(patched["cluster"] as? String == "db-east")
        #expect(try api(app, "DELETE", "/api/v1/servers/\(id)").0 == 204)
        #expect(try api(app, "GET", "/api/v1/servers/\(id)").0 == 404)
        let audit = try app.app.context.store.read { try AuditLog.recent($0) }
        #expect(audit.map(\.action).prefix(3) == ["delete", "update", "create"])
    }

    @Test func apiJSONIsTheSameAsSortedJSONSerialization() throws {
        // Written straight into a buffer now: keys sorted, numbers, nulls and lists exactly as `Response.jsonObject` wrote them.
        let app = try TestApp.start()
        defer { app.stop() }
        _ = try api(app, "POST", "/api/v1/regions", #"{"name":"europe"}"#)
        #expect(try api(app, "POST", "/api/v1/servers", #"{"name":"db \"1\" </x>","region":"europe","environment":"PROD","description":"ünï\ncode"}"#).0 == 201)
        let (status, service) = try api(app, "POST", "/api/v1/services", #"{"name":"billing","environment":"PROD","tier":2,"sla_percent":99.9}"#)
        #expect(status == 201)
        #expect(service["sla_percent"] as? Double == 99.9 && service["tier"] as? Int == 2 && service["id"] is Int)
        for path in ["/api/v1/servers", "/api/v1/services", "/api/v1/regions?q=eu", "/api/v1/services/\(service["id"] as? Int ?? 0)"] {
            let body = try app.fetch("GET", path).body
            let parsed = try JSONSerialization.jsonObject(with: Data(body))
            let canonical = try JSONSerialization.data(withJSONObject: parsed, options: [.sortedKeys, .withoutEscapingSlashes])
            #expect(String(decoding: body, as: UTF8.self) == String(decoding: canonical, as: UTF8.self), "\(path)")
        }
        let (_, list) = try api(app, "GET", "/api/v1/servers")
        let item = try #require((list["items"] as? [[String: Any]])?.first)
        #expect(item["name"] as? String == "db \"1\" </x>" && item["description"] as? String == "ünï\ncode")
        #expect(item["cluster"] is NSNull)
    }

    @Test(arguments: [
        (#"{"environment":"PROD","region":"europe"}"#, "name", "Name is required."),
        (#"{"name":"x","environment":"PRD","region":"europe"}"#, "environment", "Environment must be one of PROD, INT, TEST, DEV"),
        (#"{"name":"x","environment":"PROD","region":"atlantis"}"#, "region", "There is no region named 'atlantis'."),
        (#"{"name":"x","environment":"PROD"}"#, "region", "Give one of"),
        (#"{"name":"x","environment":"PROD","region":"europe","cluster":"c1"}"#, "region", "Cluster c1 is in region eu-west, not europe"),
        (#"{"name":"x\ny","environment":"PROD","region":"europe"}"#, "name", "must be on one line"),
        (#"{"name":"dup","environment":"PROD","region":"europe"}"#, "name", "A server named 'dup' already exists."),
        (#"{"name":"x","environment":"PROD","region":"europe","colour":"red"}"#, "colour", "is not a field of servers"),
    ])
    func apiValidationNamesTheField(body: String, field: String, message: String) throws {
        let app = try TestApp.start()
        defer { app.stop() }
        _ = try api(app, "POST", "/api/v1/regions", #"{"name":"europe"}"#)
        _ = try api(app, "POST", "/api/v1/regions", #"{"name":"eu-west","parent":"europe"}"#)
        _ = try api(app, "POST", "/api/v1/clusters", #"{"name":"c1","region":"eu-west"}"#)
        _ = try api(app, "POST", "/api/v1/servers", #"{"name":"dup","region":"europe","environment":"PROD"}"#)
        let before = try count(app, "servers")
        let (status, body) = try api(app, "POST", "/api/v1/servers", body)
        #expect(status == 422)
        let error = try #require(body["error"] as? [String: Any])
        let fields = try #require(error["fields"] as? [String: String])
        #expect(fields[field]?.contains(message) == true, "\(fields)")
        #expect(try count(app, "servers") == before)
    }

    @Test func overLongAndBadFormatsAreRefused() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let long = String(repeating: "a", count: 201)
        #expect(try api(app, "POST", "/api/v1/regions", "{\"name\":\"\(long)\"}").0 == 422)
        let (_, bad) = try api(app, "POST", "/api/v1/people", #"{"name":"A","email":"not-an-email","time_zone":"Mars/Base"}"#)
        let fields = ((bad["error"] as? [String: Any])?["fields"] as? [String: String]) ?? [:]
        #expect(fields["email"]?.contains("not a valid e-mail") == true)
        #expect(fields["time_zone"]?.contains("not a known time zone") == true)
        #expect(try count(app, "people") == 0)
    }

    @Test func cyclesAreRefusedWithTheirPath() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        try app.importFixture()
        let (status, body) = try api(app, "POST", "/api/v1/dependencies", #"{"service":"pg-3","depends_on":"portal","kind":"soft"}"#)
        #expect(status == 422)
        let message = (body["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("pg-3 → portal → payroll → pg-3"), "\(message)")
        let europe = try app.app.context.store.read { try EntityStore.id($0, InventorySpecs.regions, name: "europe") }!
        let (regionStatus, regionBody) = try api(app, "PATCH", "/api/v1/regions/\(europe)", #"{"parent":"eu-west"}"#)
        #expect(regionStatus == 422)
        #expect(((regionBody["error"] as? [String: Any])?["message"] as? String ?? "").contains("cycle"))
    }

    @Test func deleteIsRefusedWithWhatBlocksIt() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        try app.importFixture()
        let id = try app.app.context.store.read { try EntityStore.id($0, InventorySpecs.clusters, name: "db-east") }!
        let (status, body) = try api(app, "DELETE", "/api/v1/clusters/\(id)")
        #expect(status == 409)
        let blockers = ((body["error"] as? [String: Any])?["blocked_by"] as? [String]) ?? []
        #expect(blockers.contains("server db-12"))
        #expect(blockers.contains("service placement pg-3"))
        #expect(try count(app, "clusters") == 2)
    }

    @Test func csvExportThenImportIntoAnEmptyDatabaseGivesTheSameInventory() throws {
        let first = try TestApp.start()
        defer { first.stop() }
        try first.importFixture()
        var exported: [(String, String)] = []
        for spec in InventorySpecs.all {
            let response = try first.get("/\(spec.kind).csv")
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "text/csv; charset=utf-8")
            exported.append((spec.kind.rawValue, response.text))
        }
        let second = try TestApp.start()
        defer { second.stop() }
        for (kind, csv) in exported {
            try second.app.context.store.write { db in _ = try InventoryCSV.importRows(db, InventorySpecs.spec(kind)!, bytes: Array(csv.utf8)) }
        }
        for (kind, csv) in exported {
            #expect(try second.get("/\(kind).csv").text == csv, "\(kind) differs after the round trip")
        }
        #expect(exported.first { $0.0 == "people" }?.1.contains("山田太郎") == true)
        #expect(exported.first { $0.0 == "servers" }?.1.contains("\"says \"\"hi\"\"\"") == true)
    }

    @Test(arguments: [
        ("servers", "name,region,cluster,environment,description\r\nok-1,eu-west,,PROD,\r\nbad-1,atlantis,,PROD,\r\nbad-2,eu-west,,XX,\r\n", ["line 3, column region", "line 4, column environment"]),
        ("servers", "name,region,environment\r\nx,eu-west,PROD\r\n", ["missing cluster, description"]),
        ("regions", "name,parent,description\r\n\"unclosed,,\r\n", ["never closed"]),
        ("people", "name,email,phone,time_zone,teams\r\nA,a@example.com,,Mars/Base,\r\n", ["line 2, column time_zone"]),
    ])
    func badImportsAreRejectedWholeWithLineAndColumn(kind: String, csv: String, expected: [String]) throws {
        let app = try TestApp.start()
        defer { app.stop() }
        try app.importFixture()
        let before = try count(app, InventorySpecs.spec(kind)!.table)
        do {
            try app.app.context.store.write { db in _ = try InventoryCSV.importRows(db, InventorySpecs.spec(kind)!, bytes: Array(csv.utf8)) }
            Issue.record("a bad file was imported")
        } catch let error as InventoryCSV.ImportError {
            let text = error.problems.map(\.description).joined(separator: "\n")
            for part in expected { #expect(text.contains(part), "\(text)") }
        }
        #expect(try count(app, InventorySpecs.spec(kind)!.table) == before)
    }

    @Test func nonUTF8FilesAreRefused() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let bytes: [UInt8] = Array("name,parent,description\r\nok,,\r\n".utf8) + [0x63, 0xE9, 0x2C, 0x2C, 0x0D, 0x0A]
        #expect(throws: InventoryCSV.ImportError.self) {
            try app.app.context.store.write { db in _ = try InventoryCSV.importRows(db, InventorySpecs.regions, bytes: bytes) }
        }
        #expect(try count(app, "regions") == 0)
    }

    @Test func formsNeedTheCSRFTokenAndKeepInputOnErrors() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let page = try app.get("/regions/new")
        #expect(page.status == 200)
        let token = try TestApp.csrfToken(page)
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        // No token: refused, nothing written.
        let forged = try app.post("/regions", form: [("name", "evil")], headers: headers)
        #expect(forged.status == 403)
        #expect(try count(app, "regions") == 0)
        // A wrong token: refused.
        #expect(try app.post("/regions", form: [("_csrf", "wrong-token"), ("name", "evil")], headers: headers).status == 403)
        #expect(try count(app, "regions") == 0)
        // Cross-origin with a token: refused too.
        let crossSite = try app.post("/regions", form: [("_csrf", token), ("name", "evil")], headers: headers.merging(["Origin": "https://evil.example"]) { a, _ in a })
        #expect(crossSite.status == 403)
        // A user error re-renders the form with the message and what was typed.
        let invalid = try app.post("/regions", form: [("_csrf", token), ("name", "eu-west"), ("parent", "atlantis"), ("description", "<b>keep me</b>")], headers: headers)
        #expect(invalid.status == 422)
        #expect(invalid.text.contains("There is no region named &#39;atlantis&#39;."))
        #expect(invalid.text.contains("&lt;b&gt;keep me&lt;/b&gt;"))
        #expect(invalid.text.contains("value=\"eu-west\""))
        #expect(try count(app, "regions") == 0)
        // A good form redirects to the new record with a flash message.
        let created = try app.post("/regions", form: [("_csrf", token), ("name", "eu-west"), ("parent", ""), ("description", "")], headers: headers)
        #expect(created.status == 303)
        let location = try #require(created.header("Location"))
        #expect(location.hasPrefix("/regions/"))
        let flashCookie = created.headers.first { $0.name == "Set-Cookie" && $0.value.hasPrefix("forewarn_flash=") }?.value ?? ""
        let detail = try app.get(location, headers: ["Cookie": String(flashCookie.split(separator: ";")[0])])
        #expect(detail.text.contains("was created"))
        #expect(try count(app, "regions") == 1)
    }

    @Test func listPagesSearchFilterSortAndShowRelations() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        try app.importFixture()
        let list = try app.get("/servers?q=db-&sort=name")
        #expect(list.status == 200)
        #expect(list.text.contains("db-12"))
        #expect(list.text.contains("db-13"))
        #expect(!list.text.contains(">web-1<"))
        #expect(list.text.contains("1–2 of 2"))
        let id = try app.app.context.store.read { try EntityStore.id($0, InventorySpecs.servers, name: "db-12") }!
        let detail = try app.get("/servers/\(id)")
        #expect(detail.text.contains("Region path"))
        #expect(detail.text.contains("europe"))
        #expect(detail.text.contains("pg-3"))
        let service = try app.app.context.store.read { try EntityStore.id($0, InventorySpecs.services, name: "pg-3") }!
        let servicePage = try app.get("/services/\(service)")
        #expect(servicePage.text.contains("Depended on by"))
        #expect(servicePage.text.contains("payroll"))
        #expect(servicePage.text.contains("Month-end payroll"))
        #expect(servicePage.text.contains("salaries"))
    }

    @Test func injectionPayloadsComeBackAsPlainText() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let payload = "x' OR 1=1; DROP TABLE regions; --<script>alert(1)</script>"
        let (status, _) = try api(app, "POST", "/api/v1/regions", "{\"name\":\"\(payload.replacingOccurrences(of: "\"", with: "\\\""))\"}")
        #expect(status == 201)
        let search = try app.get("/regions?q=" + URLEncoding.encode(payload))
        #expect(search.status == 200)
        #expect(!search.text.contains("<script>alert(1)"))
        #expect(search.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(try count(app, "regions") == 1)
    }

    @Test func injectionPayloadsInEverySearchBoxComeBackAsText() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        let payloads = ["' OR '1'='1", "\"><script>alert(1)</script>", "x'; DROP TABLE servers; --", "%' UNION SELECT password_hash FROM users --"]
        for spec in InventorySpecs.all {
            for payload in payloads {
                let page = try app.get("/\(spec.kind)?q=" + URLEncoding.encode(payload))
                #expect(page.status == 200, "\(spec.kind)")
                #expect(!page.text.contains("<script>alert(1)</script>"), "\(spec.kind)")
                #expect(!page.text.contains("$argon2id$"))
                let api = try app.get("/api/v1/\(spec.kind)?q=" + URLEncoding.encode(payload))
                #expect(api.status == 200, "\(spec.kind)")
            }
        }
        #expect(try count(app, "users") == 1)
    }
}
