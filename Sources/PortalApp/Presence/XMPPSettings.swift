import Foundation

/// The XMPP component's settings: from `forewarn serve --xmpp-component DOMAIN --xmpp-server HOST:PORT
/// --xmpp-secret-file F`, or else saved on `/settings/xmpp` (the flags win). One set of rules checks both.
public struct XMPPSettings: Sendable, Equatable {
    /// The component's domain, e.g. `services.example.org`.
    public var domain: String
    public var host: String
    public var port: UInt16
    public var secret: String
    /// Anyone on the server (`alice@example.org` for the component `services.example.org`) may subscribe, not only
    /// known people; commands stay for known people.
    public var anyoneOnServer = false

    public init(domain: String, host: String, port: UInt16, secret: String) {
        self.domain = domain
        self.host = host
        self.port = port
        self.secret = secret
    }

    /// The server's own domain: the component's without its first label.
    var serverDomain: Substring {
        guard let dot = domain.firstIndex(of: ".") else { return Substring(domain) }
        return domain[domain.index(after: dot)...]
    }

    /// `host:port` as written in the flag and the form.
    public var server: String { "\(host):\(port)" }

    /// Whether `domain` is a component domain such as services.example.org (two labels at least).
    public static func isDomain(_ domain: String) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return domain.count <= 253 && labels.count >= 2
            && labels.allSatisfy { !$0.isEmpty && $0.count <= 63 && $0.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" } }
    }

    /// The host and port of `host:port` (port 1–65535), nil when it is not that.
    public static func server(_ text: String) -> (host: String, port: UInt16)? {
        guard text.count <= 260, let colon = text.lastIndex(of: ":"), colon != text.startIndex,
              let port = UInt16(text[text.index(after: colon)...]), port > 0 else { return nil }
        let host = String(text[..<colon])
        guard !host.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "@" }) else { return nil }
        return (host, port)
    }
}
