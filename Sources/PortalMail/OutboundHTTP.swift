import CCurl
import Foundation

/// One server-side HTTP request through libcurl, checked by the `OutboundPolicy` and pinned to the checked address
/// (as `WebhookClient` does), no redirects followed. Returns the status and the body; transport trouble throws
/// `SMTPError.temporary` (the outbox's retry classification).
public struct OutboundHTTP: Sendable {
    /// An answer from the server.
    public struct Answer: Sendable {
        public let status: Int
        public let body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    private let timeout: Duration
    private let policy: OutboundPolicy

    public init(timeout: Duration = .seconds(20), policy: OutboundPolicy = .standard) {
        self.timeout = timeout
        self.policy = policy
    }

    /// Sends `method` to `url` with `headers` (`Name: value`) and `body`.
    public func send(_ method: String, _ url: String, headers: [String], body: [UInt8] = []) throws(SMTPError) -> Answer {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "https" || scheme == "http", parsed.host != nil else {
            throw .permanent("'\(url)' is not an http(s) URL.")
        }
        let target: OutboundTarget
        do {
            target = try policy.resolve(url)
        } catch {
            throw error.isPermanent ? .permanent(error.message) : .temporary(error.message)
        }
        guard OutboundHTTP.curlInitialization == CURLE_OK, let handle = curl_easy_init() else {
            throw .temporary("libcurl could not create a transfer.")
        }
        defer { curl_easy_cleanup(handle) }
        var list: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(list) }
        let pinned = curl_slist_append(nil, target.curlResolveEntry)
        defer { curl_slist_free_all(pinned) }
        let agent = headers.contains { $0.lowercased().hasPrefix("user-agent:") } ? [] : ["User-Agent: Forewarn/1"]
        for header in headers + agent + ["Expect:"] {
            list = curl_slist_append(list, HeaderField.sanitize(header))
        }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        let sink = ResponseSink()
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        let collect: curl_write_callback = { data, size, count, context in
            guard let data, let context else { return 0 }
            let sink = Unmanaged<ResponseSink>.fromOpaque(context).takeUnretainedValue()
            let length = size * count
            // Error messages are short; a runaway answer is cut rather than held in memory.
            if sink.bytes.count < 1_000_000 {
                data.withMemoryRebound(to: UInt8.self, capacity: length) { sink.bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length)) }
            }
            return length
        }
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
            _ = CCurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
            if method == "GET" {
                _ = CCurl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1)
            } else {
                _ = CCurl_easy_setopt_long(handle, CURLOPT_POSTFIELDSIZE, buffer.count)
                _ = CCurl_easy_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!))
                if method != "POST" { _ = CCurl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method) }
            }
            _ = CCurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, unmanaged.toOpaque())
            _ = CCurl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, collect)
            return curl_easy_perform(handle)
        }
        var status = 0
        _ = CCurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        if code != CURLE_OK {
            let detail = String(cString: errorBuffer)
            throw .temporary("Cannot reach \(parsed.host ?? url): \(detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail).")
        }
        return Answer(status: status, body: sink.bytes)
    }

    private final class ResponseSink {
        var bytes: [UInt8] = []
    }

    private static let curlInitialization: CURLcode = CCurl_global_init_default()
}
