import Foundation
import Glibc
import PortalCore

/// Which addresses the portal may send server-side requests to (webhooks, ticket systems). Admins choose those URLs,
/// but a typo or a stolen admin account must not turn the portal into a scanner of its own machine or of the cloud's
/// metadata service: loopback, link-local, unspecified, multicast and metadata addresses are refused unless listed
/// in `--allow-outbound`. A URL is resolved once and the transfer connects to the address that was checked.
public struct OutboundPolicy: Sendable {
    /// An address block: 4 bytes for IPv4, 16 for IPv6, and the prefix length.
    typealias Block = AddressBlock

    private let allowedBlocks: [Block]
    private let allowedHosts: Set<String>

    /// Refuses every address of the built-in list.
    public static let standard = OutboundPolicy(blocks: [], hosts: [])

    private init(blocks: [Block], hosts: Set<String>) {
        allowedBlocks = blocks
        allowedHosts = hosts
    }

    /// A policy allowing `entries` despite the built-in refusals: addresses (`127.0.0.1`, `::1`), blocks
    /// (`127.0.0.0/8`, `fd00::/8`) or host names (`hooks.internal`, matched as written in the URL).
    public init(allowing entries: [String]) throws(OutboundPolicyError) {
        var blocks: [Block] = []
        var hosts: Set<String> = []
        for raw in entries {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            guard !entry.isEmpty else { continue }
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            if let address = Self.parse(parts[0].trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) {
                let prefix = parts.count == 2 ? Int(parts[1]) : address.count * 8
                guard let prefix, (0...(address.count * 8)).contains(prefix) else {
                    throw OutboundPolicyError(message: "--allow-outbound: '\(entry)' has no valid prefix length")
                }
                blocks.append(Block(bytes: address, prefix: prefix))
            } else if parts.count == 1, entry.count <= 253, entry.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) {
                hosts.insert(entry.lowercased())
            } else {
                throw OutboundPolicyError(message: "--allow-outbound: '\(entry)' is neither an address, an address block nor a host name")
            }
        }
        self.init(blocks: blocks, hosts: hosts)
    }

    /// Blocks refused unless allowed, with the word used in messages.
    static let refused: [(Block, String)] = [
        (Block(bytes: [0, 0, 0, 0], prefix: 8), "an unspecified address"),
        (Block(bytes: [127, 0, 0, 0], prefix: 8), "a loopback address"),
        (Block(bytes: [169, 254, 169, 254], prefix: 32), "the cloud metadata service"),
        (Block(bytes: [100, 100, 100, 200], prefix: 32), "the cloud metadata service"),
        (Block(bytes: [169, 254, 0, 0], prefix: 16), "a link-local address"),
        (Block(bytes: [224, 0, 0, 0], prefix: 4), "a multicast address"),
        (Block(bytes: [255, 255, 255, 255], prefix: 32), "the broadcast address"),
        (Block(bytes: [UInt8](repeating: 0, count: 16), prefix: 128), "an unspecified address"),
        (Block(bytes: [UInt8](repeating: 0, count: 15) + [1], prefix: 128), "a loopback address"),
        (Block(bytes: [0xfd, 0x00, 0x0e, 0xc2] + [UInt8](repeating: 0, count: 10) + [0x02, 0x54], prefix: 128), "the cloud metadata service"),
        (Block(bytes: [0xfe, 0x80] + [UInt8](repeating: 0, count: 14), prefix: 10), "a link-local address"),
        (Block(bytes: [0xff] + [UInt8](repeating: 0, count: 15), prefix: 8), "a multicast address"),
    ]

    /// Why `address` is refused, or nil when the portal may connect to it.
    func refusal(of address: [UInt8]) -> String? {
        // ::ffff:a.b.c.d is the IPv4 address a.b.c.d.
        let effective = address.count == 16 && address[0..<10].allSatisfy({ $0 == 0 }) && address[10] == 0xFF && address[11] == 0xFF
            ? Array(address[12...]) : address
        if allowedBlocks.contains(where: { $0.contains(effective) || $0.contains(address) }) { return nil }
        return Self.refused.first { $0.0.contains(effective) }?.1
    }

    /// Resolves the URL's host once and returns the address to connect to, or why it is refused.
    public func resolve(_ url: String) throws(OutboundRefusal) -> OutboundTarget {
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host, !host.isEmpty else {
            throw OutboundRefusal(message: "'\(url)' is not an http(s) URL.", isPermanent: true)
        }
        let name = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        let port = parsed.port ?? (scheme == "https" ? 443 : 80)
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(name, nil, &hints, &list)
        guard rc == 0, let list else {
            throw OutboundRefusal(message: "Cannot resolve \(name): \(String(cString: gai_strerror(rc))).", isPermanent: false)
        }
        defer { freeaddrinfo(list) }
        var reasons: [String] = []
        var node: UnsafeMutablePointer<addrinfo>? = list
        while let current = node {
            if let address = Self.bytes(of: current.pointee) {
                if allowedHosts.contains(name) { return OutboundTarget(host: name, port: port, address: Self.text(address)) }
                if let reason = refusal(of: address) {
                    reasons.append("\(Self.text(address)) is \(reason)")
                } else {
                    return OutboundTarget(host: name, port: port, address: Self.text(address))
                }
            }
            node = current.pointee.ai_next
        }
        let why = reasons.isEmpty ? "it has no address" : reasons.joined(separator: ", ")
        throw OutboundRefusal(message: "Refused to send to \(name): \(why). List it in --allow-outbound if this is intended.", isPermanent: true)
    }

    static func parse(_ text: String) -> [UInt8]? { AddressBlock.addressBytes(text) }

    static func bytes(of info: addrinfo) -> [UInt8]? {
        guard let sockaddr = info.ai_addr else { return nil }
        switch info.ai_family {
        case AF_INET:
            return sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                var address = pointer.pointee.sin_addr
                return withUnsafeBytes(of: &address) { Array($0) }
            }
        case AF_INET6:
            return sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                var address = pointer.pointee.sin6_addr
                return withUnsafeBytes(of: &address) { Array($0) }
            }
        default: return nil
        }
    }

    static func text(_ address: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        _ = address.withUnsafeBytes { inet_ntop(address.count == 4 ? AF_INET : AF_INET6, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

/// Where a checked request goes: the URL's host and port, and the one address it was checked at.
public struct OutboundTarget: Sendable, Equatable {
    public let host: String
    public let port: Int
    public let address: String

    /// The libcurl `CURLOPT_RESOLVE` entry that pins the transfer to the checked address.
    public var curlResolveEntry: String { "\(host):\(port):\(address.contains(":") ? "[\(address)]" : address)" }
}

/// A server-side request that is not made, and why.
public struct OutboundRefusal: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// False when trying again later may work (the name did not resolve).
    public let isPermanent: Bool
    public var description: String { message }
}

/// A bad `--allow-outbound` entry.
public struct OutboundPolicyError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
