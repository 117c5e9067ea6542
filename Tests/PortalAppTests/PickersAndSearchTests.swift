import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// Issue #20: people picked by name or e-mail, "did you mean" for unknown targets, the zone from the account,
/// substring search in the inventory and regions that include their sub-regions.
@Suite("Pickers, suggestions and inventory search", .serialized)
struct PickersAndSearchTests {
    let notices = NotificationTests()

    func names(_ app: TestApp, _ path: String) throws -> [String] {
        let (status, body) = try notices.api(app, "GET", path)
        #expect(status == 200, "\(path): \(body)")
        return ((body["items"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }.sorted()
    }

    func form(_ token: String, coordinator: String, comms: String = "", target: String = "db-east") -> [(String, String)] {
        [("_csrf", token), ("title", "Rack B4 power"), ("kind", "planned"), ("target_kind", "cluster"), ("target_name", target),
         ("starts_at", "2027-01-12T22:00"), ("ends_at", "2027-01-13T02:00"), ("time_zone", "UTC"),
         ("coordinator", coordinator), ("comms_manager", comms), ("confirm", "yes")]
    }

    /// One app for all (every test app costs the process file descriptors).
    @Test func pickersSuggestionsAndSearch() throws {
        let app = try notices.start(smtp: nil)
        defer { app.stop() }
        // A second Ana makes her first name ambiguous.
        try app.app.context.store.write { db in
            _ = try db.run("INSERT INTO people (name, email, time_zone) VALUES ('Ana Lima', 'ana.lima@example.org', 'UTC')")
            _ = try db.run("INSERT INTO people (name, email, time_zone) VALUES ('Bruno Costa', 'bruno@example.com', 'Europe/Lisbon')")
        }
        try peopleArePickedByNameOrEMailAndAmbiguityListsTheCandidates(app)
        try anUnknownTargetGetsDidYouMeanInTheFormAndTheAPI(app)
        try theZoneDefaultsToTheOneSavedOnTheAccount(app)
        try searchFindsSubstringsOfNamesAndDescriptionsInAnyCase(app)
        try theIndexFollowsInsertsUpdatesAndDeletes(app)
        try aRegionIncludesItsSubRegions(app)
        try aSearchMatchingMostOfTheTablePagesTheSameWay(app)
    }

    func peopleArePickedByNameOrEMailAndAmbiguityListsTheCandidates(_ app: TestApp) throws {
        let token = try TestApp.csrfToken(try app.get("/downtimes/new"))
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        let page = try app.get("/downtimes/new").text
        #expect(page.contains("list=\"people-suggestions\"") && page.contains("<datalist id=\"people-suggestions\">"))
        #expect(!page.contains("type=\"email\" name=\"coordinator\""), "a name is allowed, not only an e-mail")

        // A unique name (any case) and "Name <e-mail>" resolve; the saved downtime names the person.
        let saved = try app.post("/downtimes", form: form(token, coordinator: "bruno costa", comms: "Ana Lima <ana.lima@example.org>"), headers: headers)
        #expect(saved.status == 303, "\(saved.text.prefix(400))")
        let id = try #require(saved.header("Location")?.split(separator: "/").last.flatMap { Int64($0) })
        let record = try #require(try app.app.context.store.read { try DowntimeStore.fetch($0, id: id) })
        #expect(record.coordinatorEmail == "bruno@example.com")
        #expect(record.commsManagerEmail == "ana.lima@example.org")

        // Two people called Ana Lima: the form comes back with both e-mails and what was typed.
        let ambiguous = try app.post("/downtimes", form: form(token, coordinator: "ANA LIMA"), headers: headers)
        #expect(ambiguous.status == 422)
        #expect(ambiguous.text.contains("Several people are called &#39;ANA LIMA&#39;") || ambiguous.text.contains("Several people are called 'ANA LIMA'"),
                "\(ambiguous.text.prefix(0))")
        #expect(ambiguous.text.contains("ana.lima@example.org, ana@example.com"))
        #expect(ambiguous.text.contains("value=\"ANA LIMA\""), "input kept")
        #expect(ambiguous.text.contains("value=\"Rack B4 power\""), "input kept")

        // Nobody by that name: the closest people are suggested, the input kept.
        let unknown = try app.post("/downtimes", form: form(token, coordinator: "Brunno"), headers: headers)
        #expect(unknown.status == 422)
        #expect(unknown.text.contains("No person has the e-mail or the name"))
        #expect(unknown.text.contains("Did you mean Bruno Costa &lt;bruno@example.com&gt;?"))
        #expect(unknown.text.contains("value=\"Brunno\""))

        // The API: the same messages, and the candidates by field.
        let (status, body) = try notices.api(app, "POST", "/api/v1/downtimes", """
            {"title":"t","kind":"planned","targets":[{"kind":"cluster","name":"db-east"}],"starts_at":"2027-01-12T22:00:00","ends_at":"2027-01-13T02:00:00",
             "time_zone":"UTC","coordinator":"ana lima","comms_manager":"taro@example.jp"}
            """)
        #expect(status == 422)
        let error = try #require(body["error"] as? [String: Any])
        #expect((error["fields"] as? [String: String])?["coordinator"]?.contains("Several people are called") == true)
        #expect((error["fields"] as? [String: String])?["comms_manager"] == nil, "an e-mail still works")
        #expect((error["suggestions"] as? [String: [String]])?["coordinator"] == ["ana.lima@example.org", "ana@example.com"])
    }

    func anUnknownTargetGetsDidYouMeanInTheFormAndTheAPI(_ app: TestApp) throws {
        let token = try TestApp.csrfToken(try app.get("/downtimes/new"))
        let page = try app.post("/downtimes", form: form(token, coordinator: "", target: "db-eats"), headers: ["Cookie": "forewarn_csrf=\(token)"])
        #expect(page.status == 422)
        #expect(page.text.contains("There is no cluster named &#39;db-eats&#39;. Did you mean db-east?")
                || page.text.contains("There is no cluster named 'db-eats'. Did you mean db-east?"))
        #expect(page.text.contains("value=\"db-eats\""), "input kept")

        let (status, body) = try notices.api(app, "POST", "/api/v1/downtimes", """
            {"title":"t","kind":"planned","targets":[{"kind":"server","name":"DB-21"}],"starts_at":"2027-01-12T22:00:00","ends_at":"2027-01-13T02:00:00","time_zone":"UTC"}
            """)
        #expect(status == 422)
        let error = try #require(body["error"] as? [String: Any])
        let suggestions = (error["suggestions"] as? [String: [String]])?["targets"] ?? []
        #expect(suggestions.prefix(2).sorted() == ["db-12", "db-13"], "\(error)")
        #expect((error["fields"] as? [String: String])?["targets"]?.contains("Did you mean db-12") == true)
        #expect(!suggestions.contains("lone-1"))
    }

    func theZoneDefaultsToTheOneSavedOnTheAccount(_ app: TestApp) throws {
        #expect(try app.get("/downtimes/new").text.contains("name=\"time_zone\" value=\"UTC\""), "no person, no preference: UTC")
        let token = try TestApp.csrfToken(try app.get("/account"))
        let headers = ["Cookie": "forewarn_csrf=\(token)"]
        let bad = try app.post("/account/time-zone", form: [("_csrf", token), ("time_zone", "Mars/Olympus")], headers: headers)
        #expect(bad.status == 422)
        #expect(bad.text.contains("class=\"field-error\"") && bad.text.contains("value=\"Mars/Olympus\""))
        #expect(try app.post("/account/time-zone", form: [("_csrf", token), ("time_zone", "America/New_York")], headers: headers).status == 303)
        #expect(try app.get("/downtimes/new").text.contains("name=\"time_zone\" value=\"America/New_York\""))
        #expect(try app.get("/account").text.contains("value=\"America/New_York\""))
        #expect(try app.post("/account/time-zone", form: [("_csrf", token), ("time_zone", "")], headers: headers).status == 303)
        #expect(try app.get("/downtimes/new").text.contains("name=\"time_zone\" value=\"UTC\""))
    }

    func searchFindsSubstringsOfNamesAndDescriptionsInAnyCase(_ app: TestApp) throws {
        #expect(try names(app, "/api/v1/servers?q=B-1") == ["db-12", "db-13", "web-1"], "substring, any case")
        #expect(try names(app, "/api/v1/servers?q=PRIMARY") == ["db-12"], "the description")
        #expect(try names(app, "/api/v1/servers?q=Db") == ["db-12", "db-13"], "two letters, without the trigram index")
        #expect(try names(app, "/api/v1/servers?q=%25") == [], "LIKE wildcards are literal")
        #expect(try names(app, "/api/v1/services?q=api") == ["payroll"], "Payroll API")
        #expect(try names(app, "/api/v1/regions?q=DUBLIN") == ["eu-west"])
        #expect(try names(app, "/api/v1/people?q=lima") == ["Ana Lima", "Ana Lima"])
        #expect(try names(app, "/api/v1/people?q=EXAMPLE.JP") == ["山田太郎"])
        #expect(try names(app, "/api/v1/servers?q=%22quoted%22%20OR%20x") == [], "FTS syntax in the text is literal")
        let page = try app.get("/servers?q=b-1").text
        #expect(page.contains(">web-1<") && page.contains(">db-12<") && !page.contains(">lone-1<"))
    }

    func theIndexFollowsInsertsUpdatesAndDeletes(_ app: TestApp) throws {
        let (created, body) = try notices.api(app, "POST", "/api/v1/servers", #"{"name":"cache-77","region":"us-east","environment":"TEST","description":"Redis for Sessions"}"#)
        #expect(created == 201, "\(body)")
        let id = try #require(body["id"] as? Int)
        #expect(try names(app, "/api/v1/servers?q=redis%20FOR") == ["cache-77"])
        #expect(try notices.api(app, "PATCH", "/api/v1/servers/\(id)", #"{"description":"Memcached"}"#).0 == 200)
        #expect(try names(app, "/api/v1/servers?q=redis") == [])
        #expect(try names(app, "/api/v1/servers?q=memcache") == ["cache-77"])
        #expect(try notices.api(app, "DELETE", "/api/v1/servers/\(id)").0 == 204)
        #expect(try names(app, "/api/v1/servers?q=memcache") == [])
        // The index agrees with the table after all of it (FTS5's own consistency check). PostgreSQL has no separate
        // index table to drift: its trigram index is a GIN index on the table itself, kept by the server.
        if app.app.context.store.dialect == .sqlite {
            try app.app.context.store.write { db in _ = try db.run("INSERT INTO servers_search (servers_search, rank) VALUES ('integrity-check', 1)") }
        }
    }

    func aRegionIncludesItsSubRegions(_ app: TestApp) throws {
        #expect(try names(app, "/api/v1/servers?region=europe") == ["db-12", "db-13", "web-1"], "eu-west is in europe")
        #expect(try names(app, "/api/v1/servers?region=eu-west") == ["db-12", "db-13", "web-1"])
        #expect(try names(app, "/api/v1/servers?region=us-east") == ["lone-1"])
        #expect(try names(app, "/api/v1/clusters?region=europe") == ["db-east", "web-eu"])
        #expect(try names(app, "/api/v1/regions?parent=europe") == ["eu-west"])
        let page = try app.get("/servers?region=europe").text
        #expect(page.contains(">db-13<") && !page.contains(">lone-1<"))
    }

    /// Over half the table matching takes the other plan (walk in name order, ask the index per row): same answers.
    func aSearchMatchingMostOfTheTablePagesTheSameWay(_ app: TestApp) throws {
        try app.app.context.store.write { db in
            let region = try #require(try db.scalar("SELECT id FROM regions WHERE name = 'us-east'"))
            for n in (1...1500).reversed() {
                _ = try db.run("INSERT INTO servers (name, region_id, environment, description) VALUES (?, ?, 'DEV', '')", [String(format: "Bulk-%04d", n), region])
            }
        }
        let (_, first) = try notices.api(app, "GET", "/api/v1/servers?q=bulk&per_page=50")
        #expect(first["total"] as? Int == 1500)
        let expected = (1...50).map { String(format: "Bulk-%04d", $0) }
        #expect(((first["items"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String } == expected, "name order, first page")
        let (_, third) = try notices.api(app, "GET", "/api/v1/servers?q=BULK&per_page=50&page=3&sort=name&dir=desc")
        #expect(((third["items"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }.first == "Bulk-1400", "descending, third page")
        #expect(try names(app, "/api/v1/servers?q=bulk-007&per_page=50") == (70...79).map { String(format: "Bulk-%04d", $0) }, "a rare match, the other plan")
        // A region holding most servers: the page walks the names; a small one uses the region's index. Same answers.
        let (_, region) = try notices.api(app, "GET", "/api/v1/servers?region=us-east&per_page=50&page=31")
        #expect(region["total"] as? Int == 1501)
        #expect(((region["items"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String } == ["lone-1"], "the last page")
        #expect(try names(app, "/api/v1/servers?region=europe") == ["db-12", "db-13", "web-1"])
        #expect(try names(app, "/api/v1/servers?region=us-east&q=bulk-150") == ["Bulk-1500"], "a search inside a region")
        try app.app.context.store.write { db in _ = try db.run("DELETE FROM servers WHERE name LIKE 'Bulk-%'") }
        #expect(try names(app, "/api/v1/servers?q=bulk") == [])
    }
}
