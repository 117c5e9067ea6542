import Foundation
import PortalCore

/// Atom 1.0 feeds (RFC 4287) of downtimes and incidents, for feed readers and chat integrations.
///
/// Entry ids are `tag:` URIs (RFC 4151) built from the event's identity, never from its times or title,
/// so rescheduling or renaming an event updates its entry instead of posting a new one.
public enum AtomFeed {
    /// One feed entry; `updated` is the last meaningful change, `published` the first announcement.
    public struct Entry: Sendable, Hashable {
        /// A permanent IRI, normally from `AtomFeed.tagURI`.
        public var id: String
        public var title: String
        public var updated: Date
        public var published: Date?
        /// The entry's page (`rel="alternate"`).
        public var link: String
        /// A plain-text summary.
        public var summary: String?
        public var content: Content?
        /// The person who announced it; the feed's author stands in when nil.
        public var authorName: String?

        /// An entry; only `id`, `title`, `updated` and `link` are required by RFC 4287 as Forewarn writes it.
        public init(id: String, title: String, updated: Date, published: Date? = nil, link: String,
                    summary: String? = nil, content: Content? = nil, authorName: String? = nil) {
            self.id = id
            self.title = title
            self.updated = updated
            self.published = published
            self.link = link
            self.summary = summary
            self.content = content
            self.authorName = authorName
        }
    }

    /// An entry body: plain text, or HTML that the feed carries escaped (`type="html"`).
    public enum Content: Sendable, Hashable {
        case text(String)
        case html(String)
    }

    /// Why a tag URI cannot be made from the configured authority or date.
    public enum TagError: Error, Sendable, Equatable, CustomStringConvertible {
        case invalidAuthority(String)
        case invalidDate(String)

        public var description: String {
            switch self {
            case .invalidAuthority(let authority):
                "“\(authority)” cannot name a tag URI: use the portal's domain name (forewarn.example.com) or an email address."
            case .invalidDate(let date):
                "“\(date)” cannot date a tag URI: use a day the domain was already yours, as 2027, 2027-01 or 2027-01-12."
            }
        }
    }

    /// `tag:<authority>,<date>:<specific>` (RFC 4151); `date` must stay fixed for ever (the day the portal
    /// was set up, say) and `specific` names the thing (`downtime/42`). A port is dropped from the authority.
    public static func tagURI(authority: String, date: String, specific: String) throws(TagError) -> String {
        var host = authority.lowercased()
        if !host.contains("@"), let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        let labelCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789-.")
        let parts = host.split(separator: "@", omittingEmptySubsequences: false)
        guard let domain = parts.last, parts.count <= 2, !domain.isEmpty, domain.allSatisfy(labelCharacters.contains),
              !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains(".."),
              parts.count == 1 || !parts[0].isEmpty
        else { throw .invalidAuthority(authority) }
        let bytes = Array(date.utf8)
        let valid: Bool
        switch bytes.count {
        case 4: valid = TimelineDateText.digits(bytes, 0, 4) != nil
        case 7: valid = TimelineRange.civilDay(date + "-01") != nil
        case 10: valid = TimelineRange.civilDay(date) != nil
        default: valid = false
        }
        guard valid else { throw .invalidDate(date) }
        // RFC 4151 specific = *( pchar / "/" / "?" ); anything else is percent-encoded.
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?")
        let encoded = specific.addingPercentEncoding(withAllowedCharacters: allowed) ?? specific
        return "tag:\(host),\(date):\(encoded)"
    }

    /// The feed document. `updated` should be the latest entry's `updated` (or the time the feed last changed);
    /// entries are written in the order given, newest first by convention.
    public static func render(
        title: String, feedID: String, selfURL: String, updated: Date, entries: [Entry],
        alternateURL: String? = nil, authorName: String = "Forewarn"
    ) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        element("id", feedID, indent: 1, to: &out)
        element("title", title, indent: 1, attributes: " type=\"text\"", to: &out)
        element("updated", TimelineDateText.rfc3339(updated), indent: 1, to: &out)
        link(rel: "self", href: selfURL, type: "application/atom+xml", indent: 1, to: &out)
        if let alternateURL { link(rel: "alternate", href: alternateURL, type: "text/html", indent: 1, to: &out) }
        author(authorName, indent: 1, to: &out)
        element("generator", "Forewarn", indent: 1, to: &out)
        for entry in entries {
            out += "  <entry>\n"
            element("id", entry.id, indent: 2, to: &out)
            element("title", entry.title, indent: 2, attributes: " type=\"text\"", to: &out)
            element("updated", TimelineDateText.rfc3339(entry.updated), indent: 2, to: &out)
            if let published = entry.published {
                element("published", TimelineDateText.rfc3339(published), indent: 2, to: &out)
            }
            link(rel: "alternate", href: entry.link, type: "text/html", indent: 2, to: &out)
            if let name = entry.authorName, !name.isEmpty { author(name, indent: 2, to: &out) }
            if let summary = entry.summary {
                element("summary", summary, indent: 2, attributes: " type=\"text\"", to: &out)
            }
            switch entry.content {
            case .text(let text): element("content", text, indent: 2, attributes: " type=\"text\"", to: &out)
            case .html(let html): element("content", html, indent: 2, attributes: " type=\"html\"", to: &out)
            case nil: break
            }
            out += "  </entry>\n"
        }
        out += "</feed>\n"
        return out
    }

    // MARK: - Writing

    private static func element(_ name: String, _ text: String, indent: Int, attributes: String = "", to out: inout String) {
        out += String(repeating: "  ", count: indent) + "<\(name)\(attributes)>"
        TimelineXML.appendEscaped(text, to: &out)
        out += "</\(name)>\n"
    }

    private static func link(rel: String, href: String, type: String, indent: Int, to out: inout String) {
        out += String(repeating: "  ", count: indent) + "<link rel=\"\(rel)\" type=\"\(type)\" href=\""
        TimelineXML.appendEscaped(TimelineXML.safeHref(href), to: &out)
        out += "\"/>\n"
    }

    private static func author(_ name: String, indent: Int, to out: inout String) {
        let pad = String(repeating: "  ", count: indent)
        out += pad + "<author>\n"
        element("name", name, indent: indent + 1, to: &out)
        out += pad + "</author>\n"
    }
}
