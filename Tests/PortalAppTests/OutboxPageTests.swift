import ForewarnTestSupport
import Foundation
import PortalApp
import PortalCore
import PortalStore
import Testing

/// `/outbox`: notices named in words, filtered by a person's name, and each shown as it was sent (text, HTML escaped and
/// sandboxed, the calendar invite), compared with what a real SMTP sink received.
@Suite("Outbox pages", .serialized)
struct OutboxPageTests {
    static func unescaped(_ html: Substring) -> String {
        var text = String(html)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&#34;", "\""), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// The text of the first `<pre class="notice-text">` after `heading`.
    static func pre(_ page: String, after heading: String) throws -> String {
        let start = try #require(page.range(of: heading))
        let open = try #require(page.range(of: "<pre class=\"notice-text\">", range: start.upperBound..<page.endIndex))
        let close = try #require(page.range(of: "</pre>", range: open.upperBound..<page.endIndex))
        return unescaped(page[open.upperBound..<close.lowerBound])
    }

    @Test func aNoticeIsShownAsSentWithItsContentEscapedAndEventsInWords() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let notifications = NotificationTests()
        let app = try notifications.start(smtp: sink.url)
        defer { app.stop() }
        let id = try notifications.announce(app, title: #"Patch <b>db-east</b> & \"co\""#)
        try app.app.deliverOutbox()
        let mails = try ParsedEmail.parse(files: sink.messages())
        let anaMail = try #require(mails.first { $0.to == ["ana@example.com"] })
        let rows = try notifications.outbox(app)
        let ana = try #require(rows.first { $0.recipient == "ana@example.com" })

        let list = try app.get("/outbox")
        #expect(list.status == 200)
        #expect(list.text.contains("<a href=\"/outbox/\(ana.id)\">Announcement</a>"), "event in words, linked to the notice")
        #expect(!list.text.contains(">announce<"), "no raw event key")

        let page = try app.get("/outbox/\(ana.id)")
        #expect(page.status == 200)
        #expect(page.text.contains("Announcement to Ana Lima"))
        #expect(page.text.contains("Patch &lt;b&gt;db-east&lt;/b&gt; &amp; &quot;co&quot;"), "the title escaped in the subject and text")
        #expect(!page.text.contains("<b>db-east</b>"), "nothing of the notice is markup on the page")
        #expect(page.text.contains(anaMail.subject.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")), "the subject as received: \(anaMail.subject)")
        let sentText = try #require(anaMail.leaf("text/plain")?.text)
        let shownText = try Self.pre(page.text, after: "<h2>Plain text</h2>")
        #expect(shownText.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                == sentText.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines), "the text part exactly as received")
        let sentHTML = try #require(anaMail.leaf("text/html")?.text)
        #expect(page.text.contains("<iframe class=\"notice-html\" title=\"The HTML part as sent\" sandbox=\"\" referrerpolicy=\"no-referrer\" src=\"/outbox/\(ana.id)/html\">"),
                "HTML only inside a sandboxed frame")
        let framed = try app.get("/outbox/\(ana.id)/html")
        #expect(framed.status == 200)
        #expect(framed.text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                == sentHTML.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines), "the HTML part as sent")
        let policy = framed.headers.first { $0.name == "Content-Security-Policy" }?.value ?? ""
        #expect(policy.hasPrefix("sandbox; default-src 'none'") && policy.contains("frame-ancestors 'self'"), "\(policy)")
        #expect(framed.headers.filter { $0.name == "Content-Security-Policy" }.count == 1, "the portal's own policy is not added on top")
        let shownHTML = try Self.pre(page.text, after: "<summary>HTML source</summary>")
        #expect(shownHTML.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                == sentHTML.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines), "the HTML part, escaped")
        let invite = try Self.pre(page.text, after: "<h2>Calendar invite</h2>")
        #expect(invite.contains("METHOD:REQUEST") && invite.contains("UID:forewarn-downtime-\(id)@127.0.0.1"), "\(invite)")
        #expect(invite.contains("UID:" + (anaMail.leaf("text/calendar")?.calendar?.events.first?.uid ?? "missing")))
        #expect(page.text.contains("&lt;\(ana.messageID)&gt;"))
        #expect(try app.get("/outbox/999999").status == 404)
    }

    @Test func peopleAreFilteredByName() throws {
        let notifications = NotificationTests()
        let app = try notifications.start(smtp: nil)
        defer { app.stop() }
        _ = try notifications.announce(app)
        func recipients(_ query: String) throws -> Set<String> {
            let page = try app.get("/outbox?name=" + query)
            #expect(page.status == 200)
            return Set(["ana@example.com", "dba@example.com", "taro@example.jp"].filter { page.text.contains($0) })
        }
        #expect(try recipients("ana") == ["ana@example.com"])
        #expect(try recipients("LIMA") == ["ana@example.com"], "case does not matter")
        #expect(try recipients("%E5%B1%B1%E7%94%B0") == ["taro@example.jp"], "山田 finds 山田太郎")
        #expect(try recipients("example") == ["ana@example.com", "dba@example.com", "taro@example.jp"], "part of an address too")
        #expect(try recipients("%25") == [], "a typed % is a literal, not a wildcard")
        let page = try app.get("/outbox?name=ana")
        #expect(page.text.contains("name=\"name\" value=\"ana\""), "the filter is kept in the form")
        #expect(try app.get("/outbox?name=%3Cscript%3E").text.contains("value=\"&lt;script&gt;\""))
    }
}
