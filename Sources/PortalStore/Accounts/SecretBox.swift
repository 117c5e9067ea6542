import CSodium
import Foundation
import Glibc

/// Encrypts secrets that must be stored but read back (the SMTP password) with a key kept outside the database,
/// so a copied database file or backup does not hold them in clear. XSalsa20-Poly1305 (libsodium `crypto_secretbox`)
/// with a random nonce per value; stored as `sealed:v1:<base64(nonce ‖ box)>`.
public struct SecretBox: Sendable {
    static let prefix = "sealed:v1:"
    private let key: [UInt8]

    /// The key in `path` (32 random bytes, hex), created with mode 0600 when missing. A key file that others may
    /// read, or that is not a key, is refused with a message for the operator.
    public static func openOrCreate(keyFile path: String) throws -> SecretBox {
        precondition(Secrets.ready, "libsodium failed to initialise")
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            var key = [UInt8](repeating: 0, count: Int(crypto_secretbox_keybytes()))
            randombytes_buf(&key, key.count)
            let hex = Hex.encode(key) + "\n"
            // O_EXCL: two processes starting at once cannot each write a different key.
            let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 {
                let written = hex.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                guard written == hex.utf8.count else { throw SecretBoxError("cannot write the secret key file \(path)") }
            } else if errno != EEXIST {
                throw SecretBoxError("cannot create the secret key file \(path): \(String(cString: strerror(errno)))")
            }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw SecretBoxError("cannot read the secret key file \(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & 0o077 == 0 else {
            throw SecretBoxError("the secret key file \(path) may be read by others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 on it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw SecretBoxError("cannot read the secret key file \(path)") }
        let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let key = Self.bytes(hex: hex), key.count == Int(crypto_secretbox_keybytes()) else {
            throw SecretBoxError("the secret key file \(path) does not hold a key (64 hexadecimal digits)")
        }
        return SecretBox(key: key)
    }

    /// A box with a key given directly (tests).
    public init(key: [UInt8]) {
        precondition(Secrets.ready, "libsodium failed to initialise")
        precondition(key.count == Int(crypto_secretbox_keybytes()), "a secretbox key has 32 bytes")
        self.key = key
    }

    public static func isSealed(_ value: String) -> Bool { value.hasPrefix(prefix) }

    /// The sealed form of `plaintext`; a new nonce every time.
    public func seal(_ plaintext: String) -> String {
        let message = Array(plaintext.utf8)
        var nonce = [UInt8](repeating: 0, count: Int(crypto_secretbox_noncebytes()))
        randombytes_buf(&nonce, nonce.count)
        var box = [UInt8](repeating: 0, count: message.count + Int(crypto_secretbox_macbytes()))
        _ = crypto_secretbox_easy(&box, message, UInt64(message.count), nonce, key)
        return Self.prefix + Data(nonce + box).base64EncodedString()
    }

    /// The plaintext of a sealed value; throws when it was sealed with another key or altered.
    public func open(_ sealed: String) throws -> String {
        let nonceBytes = Int(crypto_secretbox_noncebytes()), macBytes = Int(crypto_secretbox_macbytes())
        guard sealed.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))),
              data.count >= nonceBytes + macBytes else { throw SecretBoxError("the stored secret is not in the sealed format") }
        let bytes = [UInt8](data)
        let nonce = Array(bytes[..<nonceBytes]), box = Array(bytes[nonceBytes...])
        var message = [UInt8](repeating: 0, count: box.count - macBytes)
        guard crypto_secretbox_open_easy(&message, box, UInt64(box.count), nonce, key) == 0 else {
            throw SecretBoxError("the stored secret cannot be decrypted with this key file (was the key file replaced?)")
        }
        return String(decoding: message, as: UTF8.self)
    }

    private static func bytes(hex: String) -> [UInt8]? {
        guard hex.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            result.append(byte)
            index = next
        }
        return result
    }
}

/// A key file or sealed value that cannot be used, in words for an operator.
public struct SecretBoxError: Error, CustomStringConvertible, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
