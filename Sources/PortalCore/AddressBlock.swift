import Foundation
import Glibc

/// An IPv4 or IPv6 address block: the address bytes (4 or 16) and how many leading bits must match. Used for the
/// outbound policy (`--allow-outbound`) and the trusted proxies (`--trusted-proxy`).
public struct AddressBlock: Sendable, Equatable {
    public let bytes: [UInt8]
    public let prefix: Int

    public init(bytes: [UInt8], prefix: Int) {
        self.bytes = bytes
        self.prefix = prefix
    }

    /// Whether `address` (4 or 16 bytes) lies in the block.
    public func contains(_ address: [UInt8]) -> Bool {
        guard address.count == bytes.count else { return false }
        var remaining = prefix
        for (a, b) in zip(address, bytes) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if a & mask != b & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// The bytes of an IPv4 or IPv6 literal, or nil.
    public static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
