import PortalStore
import Testing

@Suite("Secrets: argon2id passwords and tokens")
struct SecretsTests {
    @Test func passwordsHashWithArgon2idAndVerify() throws {
        let hash = try Secrets.hashPassword("correct horse battery staple")
        #expect(hash.hasPrefix("$argon2id$"))
        #expect(!hash.contains("correct horse"))
        #expect(Secrets.verifyPassword("correct horse battery staple", hash: hash))
        #expect(!Secrets.verifyPassword("correct horse battery stapl", hash: hash))
        #expect(!Secrets.verifyPassword("x", hash: "not a hash"))
        // Salted: the same password never hashes the same way twice.
        #expect(try Secrets.hashPassword("same") != (try Secrets.hashPassword("same")))
    }

    @Test func tokensAreRandomAndStoredAsHashes() {
        let a = Secrets.randomToken(), b = Secrets.randomToken()
        #expect(a != b)
        #expect(a.count == 43)
        #expect(a.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(Secrets.tokenHash(a) == Secrets.tokenHash(a))
        #expect(Secrets.tokenHash(a) != Secrets.tokenHash(b))
        #expect(Secrets.tokenHash(a).count == 64)
    }
}
