import Foundation
import PortalCore

/// The reverse proxies (nginx) whose `X-Forwarded-For` is believed: the client of a request that came from one of them
/// is the rightmost address in the header that is not itself a trusted proxy. A header from any other peer is ignored,
/// so nobody can pick their own address by sending one. Empty (the default): the peer's address, always.
public struct TrustedProxies: Sendable, Equatable {
    /// A proxy entry that is neither an IP address nor an address block.
    public struct InvalidEntry: Error, CustomStringConvertible {
        public let entry: String
        public var description: String { "--trusted-proxy \(entry) is not an IP address or an address block such as 10.0.0.0/8 or fd00::/8." }
    }

    let blocks: [AddressBlock]

    public static let none = TrustedProxies(blocks: [])

    init(blocks: [AddressBlock]) { self.blocks = blocks }

    /// Parses addresses (`127.0.0.1`, `::1`) and blocks (`10.0.0.0/8`, `fd00::/8`).
    public init(_ entries: [String]) throws {
        blocks = try entries.map { entry in
            let parts = entry.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = parts.first.flatMap(Self.addressBytes) else { throw InvalidEntry(entry: entry) }
            let width = bytes.count * 8
            guard let prefix = parts.count == 2 ? Int(parts[1]) : width, (0...width).contains(prefix) else { throw InvalidEntry(entry: entry) }
            return AddressBlock(bytes: bytes, prefix: prefix)
        }
    }

    public var isEmpty: Bool { blocks.isEmpty }

    /// Whether `address` (a literal) is one of the trusted proxies.
    public func trusts(_ address: String) -> Bool {
        guard !blocks.isEmpty, let bytes = Self.addressBytes(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client address of a request from `peer` carrying `forwardedFor` (the header's values joined by commas).
    /// From a trusted peer: the rightmost forwarded address that is not trusted (or the leftmost when all are trusted);
    /// a malformed entry stops the walk at the last proxy reached. From any other peer: `peer`.
    public func clientAddress(peer: String, forwardedFor: String?) -> String {
        guard trusts(peer), let forwardedFor, !forwardedFor.isEmpty else { return peer }
        var client = peer
        for entry in forwardedFor.split(separator: ",").reversed() {
            let address = entry.trimmingCharacters(in: .whitespaces)
            guard Self.addressBytes(address) != nil else { return client }
            client = address
            if !trusts(address) { return client }
        }
        return client
    }

    /// The bytes of an IPv4 or IPv6 literal of sensible length, or nil.
    static func addressBytes(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        return AddressBlock.addressBytes(text)
    }
}
