import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// `/import`: a dry run stages the file; Import writes exactly what the dry run showed, once, for its own user.
@Suite("staged import")
struct StagedImportTests {
    static let header = "name,region,cluster,environment,description\r\n"

    /// db-12 as stored (unchanged), db-13 with a new description (update), and `fresh` new servers (create).
    static func serversFile(fresh: Int) -> String {
        header + "db-12,eu-west,db-east,PROD,primary\r\ndb-13,,db-east,PROD,standby\r\n"
            + (1...fresh).map { "new-\($0),us-east,,DEV,batch \($0)\r\n" }.joined()
    }

    func serverNames(_ app: TestApp) throws -> [String: String] {
        var found: [String: String] = [:]
        try app.app.context.store.read { db in
            try EntityStore.all(db, InventorySpecs.servers) { found[$0["name"] ?? ""] = $0["description"] ?? "" }
        }
        return found
    }

    @Test func theDryRunCountsAndImportWritesExactlyThatWithoutAnUpload() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        try app.importFixture()
        let before = try serverNames(app)
        let preview = try ImportUploads.dryRun(app, kind: "servers", mode: "upsert", csv: Self.serversFile(fresh: 23), filename: "servers.csv")
        #expect(preview.status == 200)
        #expect(preview.text.contains("Dry run of servers.csv: 23 to create, 1 to update, 1 unchanged."), "\(preview.text)")
        #expect(preview.text.contains("<strong>23</strong> to create") && preview.text.contains("<strong>1</strong> to update"))
        #expect(preview.text.contains("The first 20 of 25 rows:"))
        #expect(preview.text.components(separatedBy: "<span class=\"import-action ").count - 1 == 20, "the first 20 rows, no more")
        #expect(preview.text.contains("import-unchanged\">unchanged</span></td><td data-label=\"name\">db-12</td>"))
        #expect(preview.text.contains("import-update\">update</span></td><td data-label=\"name\">db-13</td>"))
        #expect(!preview.text.contains("new-19,") && !preview.text.contains(">new-19<"), "row 21 of the file is beyond the preview")
        #expect(try serverNames(app) == before, "a dry run writes nothing")

        let token = try ImportUploads.stagedToken(preview)
        let done = try ImportUploads.commit(app, stagedToken: token)
        #expect(done.status == 303 && done.header("Location") == "/servers")
        #expect((done.header("Set-Cookie") ?? "").removingPercentEncoding?.contains("Imported servers.csv: 23 created, 1 updated, 1 unchanged.") == true,
                "\(done.header("Set-Cookie") ?? "")")
        let after = try serverNames(app)
        #expect(after.count == before.count + 23)
        #expect(after["db-13"] == "standby" && after["db-12"] == "primary" && after["new-23"] == "batch 23")
        let audit = try app.app.context.store.read { try AuditLog.recent($0, limit: 5) }
        #expect(audit.contains { $0.action == "import" && $0.objectName == "servers from servers.csv (upsert): 23 created, 1 updated, 1 unchanged" && $0.actor.contains("tester") },
                "\(audit.map(\.objectName))")

        let again = try ImportUploads.commit(app, stagedToken: token)
        #expect(again.status == 409 && again.text.contains("This file was imported already"), "a staged file imports once")
        #expect(try serverNames(app).count == after.count)
    }

    @Test func aDatabaseChangedSinceTheDryRunIsToldAndNothingIsWritten() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        try app.importFixture()
        let preview = try ImportUploads.dryRun(app, kind: "servers", mode: "upsert", csv: Self.serversFile(fresh: 2))
        #expect(preview.text.contains("2 to create, 1 to update, 1 unchanged"))
        // Someone else creates new-1 in between: the file would now update it instead of creating it.
        try app.app.context.store.write { db in
            try EntityStore.save(db, InventorySpecs.servers, ["name": "new-1", "region": "eu-west", "environment": "PROD", "description": "by hand"])
        }
        let token = try ImportUploads.stagedToken(preview)
        let refused = try ImportUploads.commit(app, stagedToken: token)
        #expect(refused.status == 409)
        #expect(refused.text.contains("Nothing was written: the data changed since the dry run"))
        #expect(refused.text.contains("1 to create, 2 to update, 1 unchanged"), "the new dry run is shown")
        var servers = try serverNames(app)
        #expect(servers["new-1"] == "by hand" && servers["new-2"] == nil && servers["db-13"] == "", "all or nothing: nothing written")
        // The page offers Import again for the new plan; it writes exactly that.
        #expect(try ImportUploads.stagedToken(refused) == token)
        let done = try ImportUploads.commit(app, stagedToken: token)
        #expect(done.status == 303, "\(done.text)")
        servers = try serverNames(app)
        #expect(servers["new-1"] == "batch 1" && servers["new-2"] == "batch 2" && servers["db-13"] == "standby")
    }

    @Test func aRowThatBecameWrongRefusesTheWholeFile() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        try app.importFixture()
        let preview = try ImportUploads.dryRun(app, kind: "servers", csv: Self.header + "new-1,us-east,,DEV,\r\nnew-2,us-east,,DEV,\r\n")
        #expect(preview.text.contains("2 to create, 0 to update, 0 unchanged"))
        try app.app.context.store.write { db in
            try EntityStore.save(db, InventorySpecs.servers, ["name": "new-2", "region": "eu-west", "environment": "PROD"])
        }
        let refused = try ImportUploads.commit(app, stagedToken: try ImportUploads.stagedToken(preview))
        #expect(refused.status == 409 && refused.text.contains("the data changed since the dry run and the file now has 1 problem"))
        #expect(refused.text.contains("A server named &#39;new-2&#39; already exists.") || refused.text.contains("A server named 'new-2' already exists."), "\(refused.text)")
        #expect(try serverNames(app)["new-1"] == nil, "create-only stays all or nothing")
    }

    @Test func anotherUsersExpiredOrUnknownTokenIsRefused() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        try app.importFixture()
        let preview = try ImportUploads.dryRun(app, kind: "servers", csv: Self.header + "new-1,us-east,,DEV,\r\n")
        let token = try ImportUploads.stagedToken(preview)
        let (otherSession, adminID) = try app.app.context.store.write { db -> (String, Int64) in
            try db.run("INSERT INTO users (login, display_name, role, password_hash, created_at, password_changed_at) VALUES ('other', 'Other Admin', 'admin', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
            let other = db.lastInsertRowID
            return (try SessionStore.create(db, userID: other), try AccountStore.findUser(db, login: "tester")!.id)
        }
        let stolen = try ImportUploads.commit(app, stagedToken: token, session: otherSession)
        #expect(stolen.status == 403 && stolen.text.contains("This dry run was made by another user"), "\(stolen.status)")
        #expect(try serverNames(app)["new-1"] == nil)

        // Without the CSRF token the request is refused before the staged file is looked at.
        let forged = try app.fetch("POST", "/import", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                   body: Array("token=\(token)&step=import".utf8))
        #expect(forged.status == 403)
        #expect(try serverNames(app)["new-1"] == nil)

        let unknown = try ImportUploads.commit(app, stagedToken: "not-a-token")
        #expect(unknown.status == 404 && unknown.text.contains("There is no dry run with this token"))

        // A file staged two hours ago has expired an hour ago.
        let old = try app.app.context.store.write { db in
            try StagedImportStore.stage(db, userID: adminID, kind: "servers", mode: .create, filename: "old.csv",
                                        content: Array((Self.header + "new-9,us-east,,DEV,\r\n").utf8), plan: "p", now: Date().addingTimeInterval(-7200))
        }
        let expired = try ImportUploads.commit(app, stagedToken: old)
        #expect(expired.status == 410 && expired.text.contains("This dry run expired at"), "\(expired.status)")
        #expect(try serverNames(app)["new-9"] == nil)

        // The owner can still import the first one.
        #expect(try ImportUploads.commit(app, stagedToken: token).status == 303)
        #expect(try serverNames(app)["new-1"] != nil)
    }

    @Test func theStoreRefusesUsedExpiredAndForeignClaims() throws {
        let folder = temporaryDirectory()
        let store = try Store(path: folder + "/s.sqlite")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let (owner, other) = try store.write { db -> (Int64, Int64) in
            for login in ["a", "b"] {
                try db.run("INSERT INTO users (login, display_name, role, password_hash, created_at, password_changed_at) VALUES (?, ?, 'admin', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", [login, login])
            }
            return (try AccountStore.findUser(db, login: "a")!.id, try AccountStore.findUser(db, login: "b")!.id)
        }
        let token = try store.write { db in
            try StagedImportStore.stage(db, userID: owner, kind: "regions", mode: .upsert, filename: "r.csv", content: Array("name\r\nx\r\n".utf8), plan: "plan", now: now)
        }
        #expect(throws: StagedImportError.otherUser) { try store.write { db in try StagedImportStore.claim(db, token: token, userID: other, now: now) } }
        #expect(throws: StagedImportError.expired(now.addingTimeInterval(3600))) {
            try store.write { db in try StagedImportStore.claim(db, token: token, userID: owner, now: now.addingTimeInterval(3601)) }
        }
        let claimed = try store.write { db in try StagedImportStore.claim(db, token: token, userID: owner, now: now.addingTimeInterval(60)) }
        #expect(claimed.kind == "regions" && claimed.mode == .upsert && claimed.content == Array("name\r\nx\r\n".utf8) && claimed.plan == "plan")
        #expect(throws: StagedImportError.used(now.addingTimeInterval(60))) {
            try store.write { db in try StagedImportStore.claim(db, token: token, userID: owner, now: now.addingTimeInterval(120)) }
        }
        // Six files staged: the oldest unused one is dropped (five kept per user).
        let tokens = try (0..<6).map { i in
            try store.write { db in
                try StagedImportStore.stage(db, userID: owner, kind: "regions", mode: .create, filename: "\(i).csv", content: [65], plan: "", now: now)
            }
        }
        #expect(throws: StagedImportError.notFound) { try store.write { db in try StagedImportStore.claim(db, token: tokens[0], userID: owner, now: now) } }
        _ = try store.write { db in try StagedImportStore.claim(db, token: tokens[5], userID: owner, now: now) }
        store.close()
    }
}
