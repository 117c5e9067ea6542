import Foundation
import Testing
@testable import PortalReports

/// URIs go into cairo's attribute string and then raw into a PDF string: quotes, parentheses and
/// backslashes must not survive as themselves.
@Suite struct LinkAttributesTests {
    @Test(arguments: [
        ("https://example.com/a?b=c#d", "https://example.com/a?b=c#d"),
        ("https://example.com/it's", "https://example.com/it%27s"),
        ("https://example.com/(x)", "https://example.com/%28x%29"),
        ("https://example.com/%41", "https://example.com/%41"),
    ])
    func escapedURI(input: String, expected: String) throws {
        let url = try #require(URL(string: input))
        #expect(LinkAttributes.escapedURI(url) == expected)
    }

    @Test func escapedURIHasNoCharacterThatEndsAStringEarly() throws {
        let url = try #require(URL(string: "https://example.com/a'b\\\\c\"d(e)f"))
        let escaped = LinkAttributes.escapedURI(url)
        #expect(!escaped.contains { "'\\\"() ".contains($0) })
    }
}
