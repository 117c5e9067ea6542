import CSodium
import Foundation

/// Passwords (argon2id via libsodium), random tokens and token hashes. Secrets never leave this file in clear
/// except as the one-time value handed back to the caller.
public enum Secrets {
    static let ready: Bool = sodium_init() >= 0

    /// An argon2id hash string of the password (salt and cost included).
    public static func hashPassword(_ password: String) throws -> String {
        precondition(ready, "libsodium failed to initialise")
        var out = [CChar](repeating: 0, count: CSodium_pwhash_strbytes())
        let rc = password.withCString { CSodium_hash_password(&out, $0, UInt64(strlen($0))) }
        guard rc == 0 else { throw SecretsError(message: "could not hash the password (out of memory?)") }
        return out.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Whether the password matches the stored argon2id hash; constant time in the password.
    public static func verifyPassword(_ password: String, hash: String) -> Bool {
        precondition(ready, "libsodium failed to initialise")
        var stored = Array(hash.utf8CString)
        guard stored.count <= CSodium_pwhash_strbytes() else { return false }
        stored += [CChar](repeating: 0, count: CSodium_pwhash_strbytes() - stored.count)
        return password.withCString { crypto_pwhash_str_verify(stored, $0, UInt64(strlen($0))) == 0 }
    }

    /// A random URL-safe token of `bytes` random bytes (session ids, API tokens).
    public static func randomToken(bytes: Int = 32) -> String {
        precondition(ready, "libsodium failed to initialise")
        var buffer = [UInt8](repeating: 0, count: bytes)
        randombytes_buf(&buffer, bytes)
        // libsodium's URL-safe variant without padding (Foundation's base64 and three replacements were 5 % of a page).
        let variant = Int32(sodium_base64_VARIANT_URLSAFE_NO_PADDING)
        var text = [CChar](repeating: 0, count: sodium_base64_encoded_len(bytes, variant))
        _ = sodium_bin2base64(&text, text.count, buffer, bytes, variant)
        return text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// The hex BLAKE2b hash under which tokens are stored, so a stolen database does not hold usable tokens.
    public static func tokenHash(_ token: String) -> String {
        precondition(ready, "libsodium failed to initialise")
        var out = [UInt8](repeating: 0, count: 32)
        let bytes = Array(token.utf8)
        _ = crypto_generichash(&out, 32, bytes, UInt64(bytes.count), nil, 0)
        return Hex.encode(out)
    }
}

/// A failure inside libsodium.
public struct SecretsError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
