import CSodium

/// Signs webhook bodies with HMAC-SHA256 (header value `sha256=<hex>`, as GitHub does) and verifies such signatures
/// in constant time.
public struct WebhookSigner: Sendable {
    /// Prefix of the signature header value.
    public static let prefix = "sha256="
    /// Shortest secret accepted, in bytes.
    public static let minimumSecretBytes = 16

    private let secret: [UInt8]

    /// Uses the raw bytes of `secret` as the HMAC key.
    public init(secret: [UInt8]) throws(WebhookSignerError) {
        guard secret.count >= Self.minimumSecretBytes else {
            throw .secretTooShort(minimumBytes: Self.minimumSecretBytes, actualBytes: secret.count)
        }
        Self.ensureSodium()
        self.secret = secret
    }

    /// Uses the UTF-8 bytes of `secret` as the HMAC key (the form receivers usually configure).
    public init(secret: String) throws(WebhookSignerError) {
        try self.init(secret: Array(secret.utf8))
    }

    /// `sha256=` followed by the lower-case hex HMAC-SHA256 of `body`.
    public func signature(for body: some Collection<UInt8>) -> String {
        Self.prefix + Self.hex(mac(body))
    }

    /// Whether `signature` (`sha256=<hex>`, hex in either case) is the HMAC of `body`; compares in constant time.
    public func isValid(signature: String, for body: some Collection<UInt8>) -> Bool {
        guard signature.hasPrefix(Self.prefix),
              let given = Self.bytes(fromHex: signature.dropFirst(Self.prefix.count)),
              given.count == Int(crypto_auth_hmacsha256_BYTES)
        else { return false }
        let expected = mac(body)
        return crypto_verify_32(expected, given) == 0
    }

    /// A new random secret: `byteCount` bytes from libsodium's CSPRNG, as lower-case hex.
    public static func generateSecret(byteCount: Int = 32) -> String {
        ensureSodium()
        var bytes = [UInt8](repeating: 0, count: max(byteCount, minimumSecretBytes))
        randombytes_buf(&bytes, bytes.count)
        return hex(bytes)
    }

    private func mac(_ body: some Collection<UInt8>) -> [UInt8] {
        let message = Array(body)
        var state = crypto_auth_hmacsha256_state()
        var output = [UInt8](repeating: 0, count: Int(crypto_auth_hmacsha256_BYTES))
        // init/update/final accept keys of any length; the one-shot crypto_auth_hmacsha256 wants exactly 32 bytes.
        _ = crypto_auth_hmacsha256_init(&state, secret, secret.count)
        _ = crypto_auth_hmacsha256_update(&state, message, UInt64(message.count))
        _ = crypto_auth_hmacsha256_final(&state, &output)
        sodium_memzero(&state, MemoryLayout<crypto_auth_hmacsha256_state>.size)
        return output
    }

    /// sodium_init must run before other libsodium calls; a static let runs it exactly once.
    private static let sodiumReady: Bool = sodium_init() >= 0

    private static func ensureSodium() {
        precondition(sodiumReady, "sodium_init failed: libsodium cannot be used on this system")
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes { output += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return String(decoding: output, as: UTF8.self)
    }

    private static func bytes(fromHex text: Substring) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count.isMultiple(of: 2) else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            output.append(high << 4 | low)
            index += 2
        }
        return output
    }
}
