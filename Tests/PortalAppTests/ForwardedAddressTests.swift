import ForewarnTestSupport
import Foundation
import PortalHTTP
import PortalStore
import Testing

/// The per-address sign-in limit counts the address `X-Forwarded-For` names only when a trusted proxy sent it.
@Suite("Forwarded client address")
struct ForwardedAddressTests {
    static let csrf = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"

    /// A failed sign-in for `login` claiming to come from `forwarded`.
    static func failedSignIn(port: UInt16, login: String, forwarded: String?, source: String? = nil) throws -> RawResponse {
        var headers = ["Cookie": "forewarn_csrf=\(csrf)", "Content-Type": "application/x-www-form-urlencoded"]
        if let forwarded { headers["X-Forwarded-For"] = forwarded }
        return try fetch(port: port, "POST", "/login", headers: headers, body: Array("_csrf=\(csrf)&login=\(login)&password=wrong".utf8), source: source)
    }

    /// The addresses failed sign-ins were recorded under.
    static func recordedAddresses(_ store: Store) throws -> Set<String> {
        var found = Set<String>()
        try store.read { db in try db.forEach("SELECT DISTINCT address FROM login_failures") { found.insert($0.string(at: 0) ?? "") } }
        return found
    }

    @Test func aForgedHeaderFromAnUntrustedPeerIsIgnored() throws {
        // 10.9.9.9 is trusted, the test (127.0.0.1) is not: every forged address counts as 127.0.0.1.
        let app = try TestApp.start { $0.server.trustedProxies = try! TrustedProxies(["10.9.9.9"]) }
        defer { app.stop() }
        for n in 0..<20 {
            #expect(try Self.failedSignIn(port: app.port, login: "nobody\(n)", forwarded: "203.0.113.\(n)").status == 401)
        }
        #expect(try Self.recordedAddresses(app.app.context.store) == ["127.0.0.1"])
        let blocked = try Self.failedSignIn(port: app.port, login: "someone-else", forwarded: "198.51.100.1")
        #expect(blocked.status == 429, "the 21st failure from one address is throttled whatever the header says")
    }

    @Test func noTrustedProxyByDefault() throws {
        let app = try TestApp.start()
        defer { app.stop() }
        #expect(app.app.context.configuration.server.trustedProxies.isEmpty)
        #expect(try Self.failedSignIn(port: app.port, login: "nobody", forwarded: "203.0.113.1").status == 401)
        #expect(try Self.recordedAddresses(app.app.context.store) == ["127.0.0.1"])
    }

    @Test func aTrustedProxysClientsAreCountedApart() throws {
        let app = try TestApp.start { $0.server.trustedProxies = try! TrustedProxies(["127.0.0.1"]) }
        defer { app.stop() }
        for n in 0..<20 {
            #expect(try Self.failedSignIn(port: app.port, login: "nobody\(n)", forwarded: "203.0.113.5").status == 401)
        }
        #expect(try Self.failedSignIn(port: app.port, login: "fresh", forwarded: "203.0.113.5").status == 429)
        // Another client behind the same proxy still may try; a forged entry left of the proxy's own does not help.
        #expect(try Self.failedSignIn(port: app.port, login: "fresh", forwarded: "203.0.113.6").status == 401)
        #expect(try Self.failedSignIn(port: app.port, login: "fresh2", forwarded: "198.51.100.1, 203.0.113.5").status == 429)
        #expect(try Self.recordedAddresses(app.app.context.store) == ["203.0.113.5", "203.0.113.6"])
    }
}
