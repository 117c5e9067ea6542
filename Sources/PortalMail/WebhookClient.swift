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
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "https" || scheme == "http", parsed.host != nil else {
            throw .permanent("Webhook URL '\(url)' is not an http(s) URL.")
        }
        let target: OutboundTarget
        do {
            target = try policy.resolve(url)
        } catch {
            throw error.isPermanent ? .permanent(error.message) : .temporary(error.message)
        }
        guard WebhookClient.curlInitialization == CURLE_OK, let handle = curl_easy_init() else {
            throw .temporary("libcurl could not create a transfer.")
        }
        defer { curl_easy_cleanup(handle) }
        var headers: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headers) }
        // Connect to the address that was checked, not to whatever the name resolves to a moment later.
        let pinned = curl_slist_append(nil, target.curlResolveEntry)
        defer { curl_slist_free_all(pinned) }
        for header in ["Content-Type: application/json", "User-Agent: Forewarn-Webhook/1", "\(Self.signatureHeader): \(signer.signature(for: body))",
                       "X-Forewarn-Event: \(event)", "X-Forewarn-Delivery: \(deliveryID)", "Expect:"] {
            headers = curl_slist_append(headers, header)
        }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        let discard: curl_write_callback = { _, size, count, _ in size * count }
        let (seconds, attoseconds) = timeout.components
        let milliseconds = max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
        let code: CURLcode = body.withUnsafeBufferPointer { buffer in
            _ = CCurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
            _ = CCurl_easy_setopt_string(handle, CURLOPT_URL, url)
            _ = CCurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
            _ = CCurl_easy_setopt_slist(handle, CURLOPT_RESOLVE, pinned)
            _ = CCurl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
            _ = CCurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            _ = CCurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds)
            _ = CCurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
            _ = CCurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers)
            _ = CCurl_easy_setopt_long(handle, CURLOPT_POSTFIELDSIZE, buffer.count)
            _ = CCurl_easy_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!))
            _ = CCurl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, discard)
            return curl_easy_perform(handle)
        }
        var status = 0
        _ = CCurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        if code != CURLE_OK {
            let detail = String(cString: errorBuffer)
            throw .temporary("Cannot reach \(parsed.host ?? url): \(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail).")
        }
        switch status {
        case 200..<300: return
        case 408, 429, 500..<600: throw .temporary("\(parsed.host ?? url) answered HTTP \(status); retrying later.")
        default: throw .permanent("\(parsed.host ?? url) answered HTTP \(status); the event will not be sent again.")
        }
    }

    private static let curlInitialization: CURLcode = CCurl_global_init_default()
}
