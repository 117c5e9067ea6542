import ForewarnTestSupport
import Foundation
import PortalStore
import Testing

@Suite("Accounts store")
struct AccountStoreTests {
    @Test func usersAuthenticateWithTheirPasswordOnly() throws {
        let store = try Store(path: testDatabase(in: temporaryDirectory()))
        try store.write { db in _ = try AccountStore.createUser(db, login: "alice", displayName: "Alice", role: .admin, password: "a long enough password") }
        #expect(try store.read { try AccountStore.authenticate($0, login: "alice", password: "a long enough password") }?.role == .admin)
        #expect(try store.read { try AccountStore.authenticate($0, login: "ALICE", password: "a long enough password") } != nil)
        #expect(try store.read { try AccountStore.authenticate($0, login: "alice", password: "wrong password here") } == nil)
        #expect(try store.read { try AccountStore.authenticate($0, login: "bob", password: "a long enough password") } == nil)
        let stored = try store.read { try $0.scalar("SELECT password_hash FROM users") }
        guard case .text(let hash)? = stored else { Issue.record("no hash"); return }
        #expect(hash.hasPrefix("$argon2id$"))
        #expect(throws: EntityError.self) { try store.write { db in _ = try AccountStore.createUser(db, login: "alice", displayName: "A", role: .viewer, password: "another long password") } }
        #expect(throws: EntityError.self) { try store.write { db in _ = try AccountStore.createUser(db, login: "short", displayName: "S", role: .viewer, password: "short") } }
        #expect(throws: EntityError.self) { try store.write { db in _ = try AccountStore.createUser(db, login: "bad login!", displayName: "B", role: .viewer, password: "a long enough password") } }
    }

    @Test func tokensAreStoredHashedScopedAndRevocable() throws {
        let store = try Store(path: testDatabase(in: temporaryDirectory()))
        let token = try store.write { db -> String in
            let id = try AccountStore.createUser(db, login: "ci", displayName: "CI", role: .engineer, password: "a long enough password")
            return try AccountStore.createToken(db, userID: id, name: "pipeline", scope: "write")
        }
        #expect(token.hasPrefix("fw_"))
        let found = try store.read { try AccountStore.findToken($0, token: token) }
        #expect(found?.scope == "write")
        #expect(found?.user.login == "ci")
        #expect(try store.read { try $0.scalar("SELECT count(*) FROM api_tokens WHERE token_hash = ?", [token]) } == .integer(0))
        try store.write { db in try AccountStore.revokeToken(db, id: found!.id) }
        #expect(try store.read { try AccountStore.findToken($0, token: token) } == nil)
    }

    @Test func failuresAreCountedPerLoginAndAddress() throws {
        let store = try Store(path: testDatabase(in: temporaryDirectory()))
        let now = Date()
        try store.write { db in
            for _ in 0..<3 { try AccountStore.recordFailure(db, login: "Alice", address: "10.0.0.1", now: now) }
            try AccountStore.recordFailure(db, login: "bob", address: "10.0.0.1", now: now.addingTimeInterval(-3600))
        }
        let counts = try store.read { try AccountStore.recentFailures($0, login: "alice", address: "10.0.0.1", since: now.addingTimeInterval(-900)) }
        #expect(counts.login == 3)
        #expect(counts.address == 3)
    }
}
