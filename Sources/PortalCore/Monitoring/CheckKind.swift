/// What a check does: an HTTP request, a TCP connect, or a TLS handshake that also reads the certificate's expiry.
public enum CheckKind: String, Sendable, Codable, CaseIterable {
    case http, tcp, tls
}
