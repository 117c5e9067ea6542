import ArgumentParser
import Foundation
import PortalApp

/// `serve --xmpp-component services.example.org --xmpp-server 127.0.0.1:5347 --xmpp-secret-file F [--xmpp-anyone]`.
struct XMPPOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Join an XMPP server as the external component (XEP-0114) for this domain; every service is a JID there, e.g. billing-api@services.example.org.", valueName: "domain"))
    var xmppComponent: String?
    @Option(help: ArgumentHelp("The XMPP server's component port (host:port).", valueName: "host:port"))
    var xmppServer: String?
    @Option(help: ArgumentHelp("File holding the component's shared secret (first line).", valueName: "path"))
    var xmppSecretFile: String?
    @Flag(help: "Let anyone on the XMPP server (not only people with an XMPP address in Forewarn) subscribe to service JIDs; commands stay for known people.")
    var xmppAnyone = false

    /// The component's settings, nil when it is not asked for; a message naming the flag otherwise.
    func settings() throws -> XMPPSettings? {
        let given = [xmppComponent, xmppServer, xmppSecretFile].compactMap { $0 }
        if given.isEmpty {
            if xmppAnyone { throw ValidationError("--xmpp-anyone needs --xmpp-component, --xmpp-server and --xmpp-secret-file.") }
            return nil
        }
        guard let domain = xmppComponent, let server = xmppServer, let secretFile = xmppSecretFile else {
            throw ValidationError("--xmpp-component, --xmpp-server and --xmpp-secret-file go together.")
        }
        guard XMPPSettings.isDomain(domain) else {
            throw ValidationError("--xmpp-component must be a domain such as services.example.org.")
        }
        guard let address = XMPPSettings.server(server) else {
            throw ValidationError("--xmpp-server must be host:port, e.g. 127.0.0.1:5347.")
        }
        guard let text = try? String(contentsOfFile: secretFile, encoding: .utf8),
              let secret = text.split(whereSeparator: \.isNewline).first.map({ $0.trimmingCharacters(in: .whitespaces) }), !secret.isEmpty else {
            throw ValidationError("--xmpp-secret-file: cannot read a secret from \(secretFile) (its first line is the component secret).")
        }
        var settings = XMPPSettings(domain: domain.lowercased(), host: address.host, port: address.port, secret: secret)
        settings.anyoneOnServer = xmppAnyone
        return settings
    }
}
