import CCurl
import Foundation

/// Posts signed JSON events to webhook URLs through libcurl, one blocking request per call (use a worker thread).
public struct WebhookClient: Sendable {
    /// The header carrying `sha256=<hex HMAC of the body>`.
    public static let signatureHeader = "X-Forewarn-Signature"
    private let timeout: Duration
    private let policy: OutboundPolicy

    public init(timeout: Duration = .seconds(10), policy: OutboundPolicy = .standard) {
        self.timeout = timeout
        self.policy = policy
    }

    /// Posts `body` to `url`, signed with `signer`. 2xx is success; 408, 429, 5xx and transport trouble are temporary
    /// (`SMTPError.temporary` is reused as the retry classification); any other answer is permanent.
    public func post(_ body: [UInt8], to url: String, signer: WebhookSigner, event: String, deliveryID: String) throws(SMTPError) {
        let headers = ["Content-Type: application/json", "User-Agent: Forewarn-Webhook/1", "\(Self.signatureHeader): \(signer.signature(for: body))",
                       "X-Forewarn-Event: \(event)", "X-Forewarn-Delivery: \(deliveryID)"]
        let answer = try OutboundHTTP(timeout: timeout, policy: policy).send("POST", url, headers: headers, body: body)
        let host = URL(string: url)?.host ?? url
        switch answer.status {
        case 200..<300: return
        case 408, 429, 500..<600: throw .temporary("\(host) answered HTTP \(answer.status); retrying later.")
        default: throw .permanent("\(host) answered HTTP \(answer.status); the event will not be sent again.")
        }
    }
}
