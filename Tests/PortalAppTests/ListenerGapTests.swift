import ForewarnTestSupport
import Foundation
import PortalApp
import PortalStore
import Testing

/// PostgreSQL only: when an instance's listening connection drops, notifications sent meanwhile are lost. Nothing is
/// served from memory while it is down, and its reconnect moves the counters, so a sign-out or a write made during
/// the gap is honoured by the first request after it, not up to a cache lifetime later.
@Suite("Listener gap (PostgreSQL)", .serialized)
struct ListenerGapTests {
    /// Ends the listening connections of this test's database (`pg_terminate_backend`), as a network break would.
    func dropListeners(_ app: TestApp, channel: String) throws -> Int {
        try app.app.context.store.write { db in
            let rows = try db.query("""
                SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
                 WHERE datname = current_database() AND query = ? AND pid <> pg_backend_pid()
                """, ["LISTEN \(channel)"])
            return rows.count
        }
    }

    func wait(_ timeout: TimeInterval = 10, until done: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !done() && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        return done()
    }

    @Test func aSignOutAndAWriteDuringTheGapAreHonouredAtOnceAfterTheReconnect() throws {
        guard testPostgresURL != nil else { return }
        let configure: (inout AppConfiguration) -> Void = { $0.reportsStatementCounts = true; $0.clockInterval = 0 }
        let first = try TestApp.start(configure: configure)
        defer { first.stop() }
        let second = try TestApp.restart(first, configure: configure)
        defer { second.stop() }
        let store = first.app.context.store
        #expect(wait { store.sessions.isTrusted && store.changes?.current() != nil && second.app.context.store.sessions.isTrusted })
        let session = try AuthTests().session(first, role: .engineer)
        let csrf = HomePageCacheTests.csrf
        let cookie = ["Cookie": "forewarn_csrf=\(csrf); forewarn_session=\(session)"]
        let admin = ["Cookie": "forewarn_csrf=\(csrf); forewarn_session=\(first.session)"]
        for headers in [cookie, admin] {
            for _ in 0..<2 { #expect(try first.fetch("GET", "/", headers: headers, anonymous: true).status == 200) }
            #expect(try first.fetch("GET", "/", headers: headers, anonymous: true).header("X-Statement-Count") == "0", "page and session kept")
        }

        #expect(try dropListeners(second, channel: "forewarn_sessions") >= 1)
        #expect(try dropListeners(second, channel: "forewarn_changes") >= 1)
        #expect(wait(5) { !store.sessions.isTrusted }, "the dropped listener is noticed")
        // During the gap: a write and a sign-out through the other instance (their notifications are lost to the first).
        try second.app.context.store.write { db in
            try db.run("INSERT INTO downtimes (title, kind, state, starts_at, ends_at, time_zone, created_at, updated_at) VALUES ('During the gap', 'planned', 'scheduled', ?, ?, 'UTC', ?, ?)",
                       [StoreTime.format(Date().addingTimeInterval(3600)), StoreTime.format(Date().addingTimeInterval(7200)), StoreTime.format(Date()), StoreTime.format(Date())])
        }
        #expect(try second.fetch("POST", "/logout", headers: ["Cookie": "forewarn_csrf=\(csrf); forewarn_session=\(session)",
                                                             "Content-Type": "application/x-www-form-urlencoded"],
                                 body: Array("_csrf=\(csrf)".utf8), anonymous: true).status == 303)
        #expect(wait { store.sessions.isTrusted && store.changes?.current() != nil }, "the listener reconnects")
        let after = try first.fetch("GET", "/", headers: cookie, anonymous: true)
        #expect(after.status == 303, "the sign-out made during the gap is honoured by the first request after it")
        let page = try first.fetch("GET", "/", headers: admin, anonymous: true)
        #expect(page.text.contains("During the gap"), "the write made during the gap is on the first page after it")
    }
}
