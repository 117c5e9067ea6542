import Testing
import ForewarnTestSupport
@testable import PortalMail

@Suite struct WebhookSignerTests {
    private static let secret = Array("whsec-forewarn-test-secret-0123456789".utf8)

    /// Keys and bodies in one Python call: (key, body) pairs covering empty, JSON, non-ASCII, long, binary and a key longer than a block.
    @Test func signaturesMatchPythonHmac() throws {
        let cases: [(key: [UInt8], body: [UInt8])] = [
            (Self.secret, []),
            (Self.secret, Array(#"{"downtime":42,"state":"announced"}"#.utf8)),
            (Self.secret, Array("Wartung — Zürich 東京 👩‍💻".utf8)),
            (Self.secret, Array(repeating: UInt8(ascii: "x"), count: 10_000)),
            ((0..<200).map { UInt8($0) }, (0...255).map { UInt8($0) }),
        ]
        let script = """
        import hmac, sys
        args = sys.argv[1:]
        for key, body in zip(args[0::2], args[1::2]):
            print(hmac.new(bytes.fromhex(key), bytes.fromhex(body), "sha256").hexdigest())
        """
        let digests = try Python.run(script, arguments: cases.flatMap { [hex($0.key), hex($0.body)] })
            .split(separator: "\n").map(String.init)
        try #require(digests.count == cases.count)
        for (testCase, digest) in zip(cases, digests) {
            let signer = try WebhookSigner(secret: testCase.key)
            #expect(signer.signature(for: testCase.body) == "sha256=" + digest)
            #expect(signer.isValid(signature: "sha256=" + digest, for: testCase.body))
        }
        #expect(try WebhookSigner(secret: "whsec-forewarn-test-secret-0123456789").signature(for: "{}".utf8) == (try WebhookSigner(secret: Self.secret)).signature(for: Array("{}".utf8)))
    }

    @Test func verificationRejectsAnythingElse() throws {
        let signer = try WebhookSigner(secret: Self.secret)
        let body = Array(#"{"downtime":42}"#.utf8)
        let signature = signer.signature(for: body)
        let digest = signature.dropFirst("sha256=".count)

        #expect(signer.isValid(signature: signature, for: body))
        #expect(signer.isValid(signature: "sha256=" + digest.uppercased(), for: body))
        #expect(!signer.isValid(signature: signature, for: Array(#"{"downtime":43}"#.utf8)))
        #expect(!signer.isValid(signature: String(digest), for: body), "prefix is required")
        #expect(!signer.isValid(signature: "sha1=" + digest, for: body))
        #expect(!signer.isValid(signature: String(signature.dropLast(2)), for: body), "truncated")
        #expect(!signer.isValid(signature: signature + "00", for: body), "too long")
        #expect(!signer.isValid(signature: String(signature.dropLast()) + "g", for: body), "not hex")
        #expect(!signer.isValid(signature: "", for: body))
        #expect(try !WebhookSigner(secret: "another-secret-of-enough-length").isValid(signature: signature, for: body))
    }

    @Test func shortSecretsAreRefused() {
        #expect(throws: WebhookSignerError.secretTooShort(minimumBytes: 16, actualBytes: 6)) {
            try WebhookSigner(secret: "secret")
        }
    }

    @Test func generatedSecretsAreRandomHex() throws {
        let first = WebhookSigner.generateSecret()
        let second = WebhookSigner.generateSecret()
        #expect(first.count == 64)
        #expect(first.allSatisfy { $0.isHexDigit })
        #expect(first != second)
        _ = try WebhookSigner(secret: first)
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
    }
}
