import Foundation
import Testing
@testable import PortalCore
@testable import PortalViews

@Suite struct AtomFeedTests {
    static let entries: [AtomFeed.Entry] = [
        AtomFeed.Entry(
            id: try! AtomFeed.tagURI(authority: "forewarn.example.com", date: "2027-01-01", specific: "incident/i1"),
            title: "SSO down <script>alert(1)</script> & more", updated: TimelineFixtures.hours(0.5),
            published: TimelineFixtures.hours(-0.5), link: "https://forewarn.example.com/incidents/i1?tab=log&lang=en",
            summary: "Logins fail for everyone. Engineer: Jonas Berg.",
            content: .html("<p>Logins fail for <b>everyone</b> &amp; retries make it worse.</p>"), authorName: "Jonas Berg"),
        AtomFeed.Entry(
            id: try! AtomFeed.tagURI(authority: "forewarn.example.com", date: "2027-01-01", specific: "downtime/d1"),
            title: "Payroll DB upgrade", updated: TimelineFixtures.hours(-2), published: TimelineFixtures.hours(-48),
            link: "https://forewarn.example.com/downtimes/d1", content: .text("Tue 12 Jan 11:00–14:00 UTC. Payroll is down.")),
        AtomFeed.Entry(
            id: try! AtomFeed.tagURI(authority: "forewarn.example.com", date: "2027-01-01", specific: "downtime/d2 (ERP)"),
            title: "ERP disk swap", updated: TimelineFixtures.hours(-3), link: "/downtimes/d2"),
    ]

    static func feed() -> String {
        AtomFeed.render(title: "Forewarn: downtimes & incidents", feedID: "tag:forewarn.example.com,2027-01-01:feed/all",
                        selfURL: "https://forewarn.example.com/feeds/all.atom", updated: TimelineFixtures.hours(0.5),
                        entries: entries, alternateURL: "https://forewarn.example.com/timeline")
    }

    static let feedparserScript = """
        import json, sys
        try:
            import feedparser
        except ImportError:
            print(json.dumps({"missing": "feedparser is not installed: pip install feedparser"})); sys.exit(0)
        d = feedparser.parse(sys.argv[1])
        print(json.dumps({
            "bozo": int(d.bozo), "error": str(d.get("bozo_exception", "")), "version": d.version,
            "title": d.feed.get("title"), "feed_author": d.feed.get("author"), "id": d.feed.get("id"), "updated": d.feed.get("updated"),
            "self": [l.href for l in d.feed.get("links", []) if l.rel == "self"],
            "titles": [e.title for e in d.entries], "ids": [e.id for e in d.entries],
            "links": [e.link for e in d.entries], "entry_updated": [e.updated for e in d.entries],
            "published": [e.get("published") for e in d.entries], "authors": [e.get("author") for e in d.entries],
            "content": [[c.value for c in e.get("content", [])] for e in d.entries],
        }))
        """

    @Test func feedparserReadsItWithoutComplaint() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("forewarn-atom-\(UUID().uuidString).xml")
        try Self.feed().write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try TimelinePython.run(Self.feedparserScript, arguments: [file.path])
        #expect(status == 0, "\(output)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], "\(output)")
        #expect(result["missing"] == nil, "\(result["missing"] ?? "")")
        #expect(result["bozo"] as? Int == 0, "\(result["error"] ?? "")")
        #expect(result["version"] as? String == "atom10")
        #expect(result["title"] as? String == "Forewarn: downtimes & incidents")
        #expect(result["updated"] as? String == "2027-01-12T12:30:00Z")
        #expect(result["self"] as? [String] == ["https://forewarn.example.com/feeds/all.atom"])
        #expect(result["titles"] as? [String] == Self.entries.map(\.title))
        #expect(result["ids"] as? [String] == [
            "tag:forewarn.example.com,2027-01-01:incident/i1", "tag:forewarn.example.com,2027-01-01:downtime/d1",
            "tag:forewarn.example.com,2027-01-01:downtime/d2%20(ERP)",
        ])
        #expect((result["links"] as? [String])?.first == "https://forewarn.example.com/incidents/i1?tab=log&lang=en")
        #expect((result["published"] as? [Any])?.map { $0 as? String } == ["2027-01-12T11:30:00Z", "2027-01-10T12:00:00Z", nil])
        // Entries without their own author fall under the feed's (RFC 4287 4.2.1), which feedparser reports on the feed.
        #expect((result["authors"] as? [Any])?.map { $0 as? String } == ["Jonas Berg", nil, nil])
        #expect(result["feed_author"] as? String == "Forewarn")
        let content = try #require(result["content"] as? [[String]])
        #expect(content.first?.first?.contains("<b>everyone</b>") == true, "HTML content is escaped exactly once")
        #expect(content.dropFirst().first == ["Tue 12 Jan 11:00–14:00 UTC. Payroll is down."])
    }

    @Test func feedIsWellFormedAndEscaped() {
        let text = Self.feed()
        #expect(!text.contains("<script"))
        let outline = TimelineXMLOutline(text)
        #expect(outline.wellFormed, "\(outline.errorText)")
        #expect(outline.all("entry").count == 3)
        #expect(outline.all("title").map(\.text).contains("SSO down <script>alert(1)</script> & more"))
        #expect(outline.all("content").first?.attributes["type"] == "html")
        #expect(outline.all("content").first?.text == "<p>Logins fail for <b>everyone</b> &amp; retries make it worse.</p>")
    }

    @Test func everyDateIsRFC3339() {
        let outline = TimelineXMLOutline(Self.feed())
        let dates = (outline.all("updated") + outline.all("published")).map(\.text)
        #expect(dates.count == 6)
        #expect(dates.allSatisfy { TimelineDateText.parseRFC3339($0) != nil && $0.hasSuffix("Z") && $0.count == 20 })
    }

    @Test(arguments: [
        ("forewarn.example.com", "2027-01-01", "downtime/42", "tag:forewarn.example.com,2027-01-01:downtime/42"),
        ("Forewarn.Example.com:8443", "2027", "incident/7", "tag:forewarn.example.com,2027:incident/7"),
        ("ops@example.com", "2027-01", "feed/all", "tag:ops@example.com,2027-01:feed/all"),
        ("example.com", "2027-01-01", "downtime/é #1", "tag:example.com,2027-01-01:downtime/%C3%A9%20%231"),
    ])
    func tagURIs(authority: String, date: String, specific: String, expected: String) throws {
        #expect(try AtomFeed.tagURI(authority: authority, date: date, specific: specific) == expected)
    }

    @Test(arguments: [
        ("", "2027", AtomFeed.TagError.invalidAuthority("")),
        ("exa mple.com", "2027", .invalidAuthority("exa mple.com")),
        ("@example.com", "2027", .invalidAuthority("@example.com")),
        ("example.com", "2027-13", .invalidDate("2027-13")),
        ("example.com", "27-01-01", .invalidDate("27-01-01")),
    ])
    func badTagPartsAreRefused(authority: String, date: String, expected: AtomFeed.TagError) {
        #expect(throws: expected) { try AtomFeed.tagURI(authority: authority, date: date, specific: "x") }
    }
}
