import Foundation
@testable import PortalHTTP
import Testing

/// Gzip of kept pages: real `gzip -d` reads it back, and a secret in it (a CSRF token) is isolated from the text an
/// attacker may place next to it (BREACH).
@Suite("Gzip with an isolated secret")
struct GzipTests {
    static let token = "Qm9vdGxlZ2dlcnNBbmRTcGllc0FyZUV2ZXJ5d2hlcmU"

    /// A page with the token in three forms and `attacker` text (a downtime title, say) between them.
    func page(token: String, attacker: String) -> [UInt8] {
        var html = "<!doctype html><html><head><title>Forewarn</title></head><body><h1>Home</h1>"
        for i in 0..<3 {
            html += "<form method=post action=/logout><input type=hidden name=_csrf value=\"\(token)\"><button>Sign out \(i)</button></form>"
            html += "<p class=downtime>\(attacker)</p><table>" + String(repeating: "<tr><td>Planned maintenance</td><td>storage cluster</td></tr>", count: 20) + "</table>"
        }
        return Array((html + "</body></html>").utf8)
    }

    @Test(arguments: [("gzip", true), ("gzip, deflate, br, zstd", true), ("deflate, GZip", true), ("br;q=1, gzip;q=0.5", true),
                      ("*", true), (" gzip ;\tq=0.001 ", true), ("gzip;q=0", false), ("gzip; q=0.0", false), ("*;q=0", false),
                      ("identity", false), ("", false), ("gzipx", false), ("x-gzip", false), ("deflate", false), ("gzip;level=1", true),
                      ("gzip;q=zero", true), (",,gzip,,", true), ("gzip;q=0, *", true)])
    func acceptEncodingIsReadAsWritten(header: String, accepts: Bool) {
        #expect(StaticFiles.acceptsGzip(header) == accepts)
    }

    @Test func realGzipReadsBackTheSameBytes() throws {
        for body in [page(token: Self.token, attacker: "title"), [], Array("no token here".utf8), Array(Self.token.utf8),
                     Array((Self.token + Self.token).utf8)] {
            let packed = try #require(Gzip.compress(body, isolating: Array(Self.token.utf8)))
            #expect(try StaticAndPoolTests().gunzip(packed) == body)
        }
        let plain = page(token: Self.token, attacker: "title")
        #expect(try #require(Gzip.compress(plain, isolating: Array(Self.token.utf8))).count < plain.count / 2)
    }

    /// An attacker who can place text on the page guesses the token's first characters: with the token isolated, a
    /// right guess and a wrong one of the same length give the same compressed size; compressed as one stream (the
    /// control, no isolation) the right guess is smaller, which is what BREACH measures.
    @Test func theCompressedSizeDoesNotDependOnTheSecretsBytes() throws {
        let secret = Array(Self.token.utf8)
        // The wrong guess has the same characters in another order: on their own both compress alike.
        let right = "_csrf value=\"" + Self.token.prefix(24), wrong = "_csrf value=\"" + String(Self.token.prefix(24).reversed())
        let isolated = try [right, wrong].map { try #require(Gzip.compress(page(token: Self.token, attacker: $0), isolating: secret)).count }
        let control = try [right, wrong].map { try #require(Gzip.compress(page(token: Self.token, attacker: $0), isolating: [])).count }
        #expect(control[0] < control[1], "the control shows the leak: \(control)")
        #expect(isolated[0] == isolated[1], "isolated: \(isolated)")
        // And two different tokens (one that compresses well on its own) give the same size for the same page.
        let other = String(repeating: "A", count: Self.token.utf8.count)
        let mine = try #require(Gzip.compress(page(token: Self.token, attacker: "t"), isolating: secret)).count
        let theirs = try #require(Gzip.compress(page(token: other, attacker: "t"), isolating: Array(other.utf8))).count
        #expect(mine == theirs)
    }
}
