import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalIngest
import PortalStore
import Testing

/// Editing a rule on `/rules/<id>/edit`, and the people and teams a rule names kept by id (renames, files, migration).
@Suite("Log rules: edit and named recipients", .serialized)
struct LogRuleEditTests {
    static func form(_ token: String, name: String = "pg-3 errors", service: String = "pg-3", count: String = "1", notify: String = "") -> [(String, String)] {
        [("_csrf", token), ("name", name), ("stage", "PROD"), ("stages", "INT"), ("service", service), ("minimum_level", "error"), ("text_kind", "any"),
         ("text", ""), ("count", count), ("window_seconds", "60"), ("notify", notify)]
    }

    @Test func aRuleIsEditedInOneTransactionWithFieldErrorsAndAnAuditRow() throws {
        let app = try LogRuleAppTests.start()
        defer { app.stop() }
        try LogRuleAppTests.addRule(app)
        let rule = try LogRuleAppTests.rule(app)
        #expect(try app.get("/rules").text.contains("href=\"/rules/\(rule.id)/edit\""))

        let page = try app.get("/rules/\(rule.id)/edit")
        #expect(page.status == 200)
        #expect(page.text.contains("Edit rule pg-3 errors") && page.text.contains("value=\"pg-3 errors\"") && page.text.contains("action=\"/rules/\(rule.id)/edit\""))
        #expect(page.text.contains("name=\"notify_contacts\" value=\"1\" checked"), "the stored rule's choices are shown")
        let token = try TestApp.csrfToken(page)
        let cookie = ["Cookie": "forewarn_csrf=\(token)"]

        let refused = try app.post("/rules/\(rule.id)/edit", form: Self.form(token, name: "pg-3 <burst>", service: "nowhere", count: "many", notify: "Nobody Here"), headers: cookie)
        #expect(refused.status == 422)
        #expect(refused.text.contains("<p class=\"field-error\">There is no service named nowhere.</p>"))
        #expect(refused.text.contains("<p class=\"field-error\">Count must be a whole number.</p>"))
        #expect(refused.text.contains("There is no person or team named Nobody Here."))
        #expect(refused.text.contains("value=\"pg-3 &lt;burst&gt;\"") && refused.text.contains("value=\"nowhere\"") && refused.text.contains("value=\"many\""),
                "input kept, escaped")
        #expect(refused.text.contains("value=\"INT\" checked"), "the ticked stage kept")
        #expect(try LogRuleAppTests.rule(app) == rule, "nothing changed")

        let noToken = try app.post("/rules/\(rule.id)/edit", form: Array(Self.form("forged", name: "hijacked").dropFirst()), headers: cookie)
        #expect(noToken.status == 403)
        let taken = try app.app.context.store.write { db in
            try LogRuleStore.insert(db, LogRuleSpec(name: "other rule", stage: .test, notifyContacts: false), LogRuleStore.References(), now: Date())
        }
        #expect(taken > 0)
        let duplicate = try app.post("/rules/\(rule.id)/edit", form: Self.form(token, name: "other rule"), headers: cookie)
        #expect(duplicate.status == 422 && duplicate.text.contains("A rule named other rule exists already."))

        let saved = try app.post("/rules/\(rule.id)/edit", form: Self.form(token, name: "pg-3 error burst", count: "5", notify: "Ana Lima, DBA"), headers: cookie)
        #expect(saved.status == 303)
        let after = try #require(try app.app.context.store.read { try LogRuleStore.fetch($0, id: rule.id) })
        #expect(after.spec.name == "pg-3 error burst" && after.spec.count == 5 && after.spec.stages == [.prod, .int] && !after.spec.notifyContacts)
        #expect(after.spec.notify == "Ana Lima, DBA" && after.recipients.count == 2)
        let audit = try app.app.context.store.read { try AuditLog.recent($0, objectKind: "log_rule", objectID: rule.id) }
        let update = try #require(audit.first { $0.action == "update" })
        #expect(update.beforeJSON?.contains("\"name\":\"pg-3 errors\"") == true && update.beforeJSON?.contains("\"count\":1") == true, "\(update.beforeJSON ?? "")")
        #expect(update.afterJSON?.contains("\"name\":\"pg-3 error burst\"") == true && update.afterJSON?.contains("\"count\":5") == true, "\(update.afterJSON ?? "")")
        #expect(update.actor == "tester")
        #expect(try app.get("/rules/999999/edit").status == 404)
    }

    @Test func anEditThatKeepsWhatTheRuleMatchesKeepsItsWindow() throws {
        let app = try LogRuleAppTests.start()
        defer { app.stop() }
        try LogRuleAppTests.addRule(app)
        try LogRuleAppTests.burst(app, stage: "PROD", count: 3, word: "windowkept")
        #expect(try LogRuleAppTests.eventually(5) { try LogRuleAppTests.rule(app).window?.count == 3 })
        let id = try LogRuleAppTests.rule(app).id
        let token = try TestApp.csrfToken(try app.get("/rules/\(id)/edit"))
        var fields = [("_csrf", token), ("name", "pg-3 errors"), ("stage", "PROD"), ("service", "pg-3"), ("minimum_level", "error"), ("text_kind", "any"),
                      ("count", "1"), ("window_seconds", "60"), ("notify_contacts", "1"), ("notify", "Ana Lima")]
        #expect(try app.post("/rules/\(id)/edit", form: fields, headers: ["Cookie": "forewarn_csrf=\(token)"]).status == 303)
        #expect(try LogRuleAppTests.rule(app).window?.count == 3, "only who is told changed: the window and its notice stay")
        fields[4] = ("minimum_level", "warning")
        #expect(try app.post("/rules/\(id)/edit", form: fields, headers: ["Cookie": "forewarn_csrf=\(token)"]).status == 303)
        #expect(try LogRuleAppTests.rule(app).window == nil, "what it matches changed: counting starts again")
    }

    @Test func aRenamedPersonIsStillToldAndFilesKeepNames() throws {
        let sink = try SMTPSink(timeout: 90)
        defer { sink.stop() }
        let app = try LogRuleAppTests.start(smtp: sink.url)
        defer { app.stop() }
        let store = app.app.context.store
        let file = #"{"stage": "PROD", "rules": [{"name": "pg-3 errors", "service": "pg-3", "minimum_level": "error", "notify_contacts": false, "notify": "ana@example.com, DBA"}]}"#
        #expect(try LogRulesFile.load(store, stage: .prod, data: Data(file.utf8)) == 1)
        #expect(try LogRuleAppTests.rule(app).spec.notify == "Ana Lima, DBA", "an e-mail in the file names the person; the page shows her name")
        try store.write { db in
            try db.run("UPDATE people SET name = 'Ana Lima Souza' WHERE email = 'ana@example.com'")
            try db.run("UPDATE teams SET name = 'Database team' WHERE name = 'DBA'")
            try AuditLog.record(db, actor: "tester", action: "update", objectKind: "person", objectID: nil, objectName: "Ana Lima Souza")
        }
        #expect(try LogRuleAppTests.rule(app).spec.notify == "Ana Lima Souza, Database team")

        try LogRuleAppTests.burst(app, stage: "PROD", count: 2, word: "renamedburst")
        #expect(try LogRuleAppTests.eventually(5) { try LogRuleAppTests.rule(app).window?.fired == true })
        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: sink.messages())
        #expect(Set(mails.flatMap(\.to)) == ["ana@example.com", "dba@example.com"], "the renamed person and team are still told: \(mails.map(\.to))")

        let exported = try LogRulesFile.export(store, stage: .prod)
        #expect(exported.contains("\"notify\" : \"Ana Lima Souza, Database team\""), "\(exported)")
        #expect(try LogRulesFile.load(store, stage: .prod, data: Data(exported.utf8)) == 1, "the names written import back")
        #expect(try LogRuleAppTests.rule(app).recipients.count == 2)

        let unknown = #"{"stage": "PROD", "rules": [{"name": "a", "service": "pg-3"}, {"name": "b", "service": "pg-3", "notify": "Ana Lima"}]}"#
        #expect {
            try LogRulesFile.load(store, stage: .prod, data: Data(unknown.utf8))
        } throws: { error in
            (error as? LogRulesFile.Refused)?.problems == ["rules[1].notify: There is no person or team named Ana Lima."]
        }
        #expect(try store.read { try LogRuleStore.list($0) }.map(\.spec.name) == ["pg-3 errors"], "all or nothing")
        try store.write { db in
            try db.run("INSERT INTO people (name, email) VALUES ('Ana Lima Souza', 'ana.souza@example.org')")
        }
        let ambiguous = #"{"stage": "PROD", "rules": [{"name": "a", "service": "pg-3", "notify": "Ana Lima Souza"}]}"#
        #expect {
            try LogRulesFile.load(store, stage: .prod, data: Data(ambiguous.utf8))
        } throws: { error in
            (error as? LogRulesFile.Refused)?.problems == ["rules[0].notify: Several people are named Ana Lima Souza: give their e-mail instead."]
        }
        let export2 = try LogRulesFile.export(store, stage: .prod)
        #expect(export2.contains("\"notify\" : \"ana@example.com, Database team\""), "a shared name is written as the e-mail: \(export2)")
    }

    @Test func theMigrationResolvesTheNamesStoredBefore() throws {
        let db = try Database(path: temporaryDirectory() + "/old.sqlite")
        let mine = try #require(Migrations.all.firstIndex { $0.name == "log rules name their people and teams by id" })
        try Migrator.migrate(db, migrations: Array(Migrations.all.prefix(mine)))
        try db.transaction {
            try db.run("INSERT INTO people (id, name, email) VALUES (1, 'Ana Lima', 'ana@example.com'), (2, 'Bo', 'bo@example.com')")
            try db.run("INSERT INTO teams (id, name) VALUES (7, 'DBA')")
            try db.run("""
                INSERT INTO log_rules (id, name, stage, min_level, created_at, updated_at, notify_names)
                VALUES (1, 'r', 'PROD', 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ' dba , Nobody,BO@example.com, ana lima ')
                """)
        }
        try Migrator.migrate(db)
        let rows = try db.query("SELECT position, person_id, team_id FROM log_rule_recipients WHERE rule_id = 1 ORDER BY position")
        #expect(rows.map { "\($0.int("position") ?? -1):\($0.int("person_id") ?? 0):\($0.int("team_id") ?? 0)" } == ["0:0:7", "2:2:0", "3:1:0"], "unknown names dropped, order kept")
    }
}
