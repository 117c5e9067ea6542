import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

/// `SessionCache`: a session read once is served from memory, and a change committed through another `Store` on the
/// same database (another process or instance) is seen on the very next lookup.
@Suite("Session cache")
struct SessionCacheTests {
    /// Two stores on one database (as two processes would open it) and a session of "alice" made on the first.
    struct Pair {
        let one: Store
        let other: Store
        let session: String
        let userID: Int64
        var loads = 0

        init() throws {
            let path = try testDatabase(in: temporaryDirectory())
            one = try Store(path: path)
            other = try Store(path: path, migrate: false)
            (session, userID) = try one.write { db in
                let id = try AccountStore.createUser(db, login: "alice", displayName: "Alice", role: .engineer, password: "a long enough password")
                return (try SessionStore.create(db, userID: id), id)
            }
            // PostgreSQL: entries are used only once the listener is connected.
            let deadline = Date().addingTimeInterval(10)
            while !one.sessions.isTrusted && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
            #expect(one.sessions.isTrusted)
        }

        /// The session as the first store's cache answers it, counting the reads of the table.
        mutating func find(_ now: Date = Date()) throws -> LiveSession? {
            var loaded = false
            let found = try one.sessions.find(session, now: now) {
                loaded = true
                return try one.read { try SessionStore.load($0, id: session, now: now) }
            }
            if loaded { loads += 1 }
            return found
        }

        /// Waits until the first store has heard of a change (at once on SQLite; a notification on PostgreSQL).
        mutating func findAfterChange(until done: (LiveSession?) -> Bool) throws -> LiveSession? {
            let deadline = Date().addingTimeInterval(2)
            var found = try find()
            while !done(found) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01)
                found = try find()
            }
            return found
        }
    }

    @Test func aSessionIsReadOnceThenFromMemory() throws {
        var pair = try Pair()
        #expect(try pair.find()?.user.login == "alice")
        #expect(try pair.find()?.user.login == "alice")
        #expect(try pair.find()?.user.role == .engineer)
        #expect(pair.loads == 1)
        #expect(pair.one.sessions.count == 1)
    }

    @Test func signingOutThroughAnotherStoreIsSeenOnTheNextLookup() throws {
        var pair = try Pair()
        #expect(try pair.find() != nil)
        try pair.other.write { db in try SessionStore.delete(db, id: pair.session) }
        if testPostgresURL == nil {
            #expect(try pair.find() == nil, "SQLite: the counter file has moved before delete returns")
        } else {
            #expect(try pair.findAfterChange { $0 == nil } == nil)
        }
        #expect(pair.loads >= 2)
    }

    @Test func aRoleChangeOrDisablingThroughAnotherStoreIsSeenAtOnce() throws {
        var pair = try Pair()
        #expect(try pair.find()?.user.role == .engineer)
        try pair.other.write { db in try UserStore.setRole(db, id: pair.userID, role: .viewer) }
        #expect(try pair.findAfterChange { $0?.user.role == .viewer }?.user.role == .viewer)
        let id = pair.userID
        try pair.other.write { db in try UserStore.setDisabled(db, id: id, disabled: true) }
        #expect(try pair.findAfterChange { $0 == nil } == nil)
    }

    @Test func expiryAndIdleTimeAreCheckedOnEveryUseNotOnlyWhenRead() throws {
        var pair = try Pair()
        let created = Date()
        #expect(try pair.find(created) != nil)
        // A cache whose entries would live for a day still does not serve a session past its idle time.
        let long = CredentialCache<LiveSession>(signal: DatabaseSignal(location: pair.one.location, name: "sessions"), lifetime: 86_400)
        let id = pair.session
        let store = pair.one
        let read = { (now: Date) in try long.find(id, now: now) { try store.read { try SessionStore.load($0, id: id, now: now) } } }
        #expect(try read(created) != nil)
        #expect(try read(created.addingTimeInterval(60)) != nil)
        #expect(try read(created.addingTimeInterval(SessionStore.idleTimeout + 1)) == nil)
        #expect(long.count == 0, "a session no longer live is dropped")
    }

    @Test func aTokenRevokedThroughAnotherStoreIsRefusedOnTheNextLookup() throws {
        let pair = try Pair()
        let token = try pair.one.write { try AccountStore.createToken($0, userID: pair.userID, name: "ci", scope: "write") }
        var loads = 0
        func find() throws -> TokenRecord? {
            try pair.one.tokens.find(token) {
                loads += 1
                return try pair.one.read { try AccountStore.findToken($0, token: token) }
            }
        }
        #expect(try find()?.scope == "write")
        #expect(try find()?.user.login == "alice")
        #expect(loads == 1, "the second use comes from memory")
        let id = try #require(try find()?.id)
        try pair.other.write { try AccountStore.revokeToken($0, id: id) }
        let deadline = Date().addingTimeInterval(testPostgresURL == nil ? 0 : 2)
        var after = try find()
        while after != nil && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            after = try find()
        }
        #expect(after == nil)
        #expect(loads >= 2)
    }

    @Test func entriesAreReadAgainAfterTheirLifetime() throws {
        var pair = try Pair()
        let now = Date()
        #expect(try pair.find(now) != nil)
        #expect(try pair.find(now.addingTimeInterval(1)) != nil)
        #expect(pair.loads == 1)
        #expect(try pair.find(now.addingTimeInterval(6)) != nil)
        #expect(pair.loads == 2)
    }
}
