import Testing
import ForewarnTestSupport
@testable import PortalMail

@Suite struct MailAddressTests {
    @Test(arguments: ["alice@example.com", "first.last+tag@sub.example.co", "o'brien@example.com", "x@localhost", "a_b-c=d@xn--zrich-kva.example"])
    func acceptsPlainMailboxes(address: String) throws {
        #expect(try MailAddress(address).address == address)
    }

    @Test(arguments: [
        ("alice", "exactly one '@'"),
        ("a@b@example.com", "exactly one '@'"),
        ("@example.com", "1 to 64 characters"),
        ("alice@", "1 to 253 characters"),
        ("alice smith@example.com", "no spaces"),
        ("alice@example.com\r\nRCPT TO:<evil@example.com>", "exactly one '@'"),
        ("alice@exa\r\nmple.com", "dot-separated labels"),
        ("\"quoted\"@example.com", "no spaces, quotes"),
        ("jürgen@example.com", "non-ASCII"),
        ("alice@zürich.example", "xn--"),
        (".alice@example.com", "must not start or end with '.'"),
        ("al..ice@example.com", "'..'"),
        ("alice@-example.com", "dot-separated labels"),
        ("alice@example..com", "dot-separated labels"),
        ("<alice@example.com>", "no spaces"),
    ])
    func refusesAnythingElseWithAReason(address: String, reasonFragment: String) {
        do {
            _ = try MailAddress(address)
            Issue.record("'\(address)' was accepted")
        } catch {
            guard case let .invalidAddress(given, reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(given == address)
            #expect(reason.contains(reasonFragment), "\(reason)")
            #expect(error.description.hasPrefix("'\(address)' is not a usable email address:"))
        }
    }

    @Test func displayNamesLoseControlCharacters() throws {
        #expect(try MailAddress("a@example.com", name: "Ops\r\nBcc: x@example.com\t").name == "Ops Bcc: x@example.com")
        #expect(try MailAddress("a@example.com", name: " \r\n ").name == nil)
        #expect(try MailAddress("a@example.com", name: "Zoë\u{2028}Ops").name == "Zoë Ops")
    }
}
