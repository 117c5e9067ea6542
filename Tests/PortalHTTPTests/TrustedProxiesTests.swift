import PortalHTTP
import Testing

/// Which address a request is counted under, with and without trusted proxies.
@Suite("Trusted proxies")
struct TrustedProxiesTests {
    @Test(arguments: [
        ("no proxies trusted: the header is ignored", [String](), "127.0.0.1", "203.0.113.5" as String?, "127.0.0.1"),
        ("an untrusted peer's header is ignored", ["10.0.0.1"], "127.0.0.1", "203.0.113.5", "127.0.0.1"),
        ("nginx appended the client", ["127.0.0.1"], "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        ("a forged entry left of the real client is skipped", ["127.0.0.1"], "127.0.0.1", "1.2.3.4, 203.0.113.5", "203.0.113.5"),
        ("two proxies in a row", ["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "198.51.100.9, 10.1.2.3", "198.51.100.9"),
        ("all trusted: the leftmost", ["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "10.0.0.7, 10.1.2.3", "10.0.0.7"),
        ("garbage stops at the last proxy", ["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "203.0.113.5, <script>, 10.1.2.3", "10.1.2.3"),
        ("no header from a trusted proxy: the proxy", ["127.0.0.1"], "127.0.0.1", nil, "127.0.0.1"),
        ("IPv6 block", ["fd00::/8"], "fd12::1", "2001:db8::7", "2001:db8::7"),
        ("IPv6 outside the block", ["fd00::/8"], "fe80::1", "2001:db8::7", "fe80::1"),
        ("a /31 holds two addresses", ["192.0.2.0/31"], "192.0.2.1", "198.51.100.1", "198.51.100.1"),
        ("and not the third", ["192.0.2.0/31"], "192.0.2.2", "198.51.100.1", "192.0.2.2"),
    ])
    func clientAddress(name: String, trusted: [String], peer: String, header: String?, expected: String) throws {
        let proxies = try TrustedProxies(trusted)
        #expect(proxies.clientAddress(peer: peer, forwardedFor: header) == expected, "\(name)")
    }

    @Test(arguments: ["localhost", "10.0.0.0/33", "::1/129", "", "1.2.3.4/x", "999.1.1.1"])
    func refusesWhatIsNotAnAddressOrBlock(entry: String) {
        #expect(throws: TrustedProxies.InvalidEntry.self) { try TrustedProxies([entry]) }
    }
}
