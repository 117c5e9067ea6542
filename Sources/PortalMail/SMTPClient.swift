import CCurl
import Foundation

/// Sends messages to one SMTP server through libcurl. Each `send` is one blocking SMTP session on the calling thread,
/// so call it from a worker thread, not from a Swift concurrency executor.
public struct SMTPClient: Sendable {
    /// The server URL without credentials, for messages and logs.
    public let server: String
    private let url: String
    private let connectTimeout: Duration
    private let totalTimeout: Duration

    /// Uses `smtp://[user:password@]host:port[/helo-name]` (STARTTLS when the server offers it) or `smtps://` (TLS from
    /// the start); user and password must be percent-encoded. Throws `.permanent` when the URL can never work.
    public init(url: String, connectTimeout: Duration = .seconds(10), totalTimeout: Duration = .seconds(60)) throws(SMTPError) {
        guard var components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw .permanent("SMTP URL '\(Self.redacted(url))' cannot be parsed: write it as smtp://[user:password@]host:port or smtps://...")
        }
        guard scheme == "smtp" || scheme == "smtps" else {
            throw .permanent("SMTP URL scheme '\(scheme)' is not supported: use smtp:// (STARTTLS when offered) or smtps:// (implicit TLS).")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .permanent("SMTP URL '\(Self.redacted(url))' has no host: write it as \(scheme)://host:port.")
        }
        components.user = nil
        components.password = nil
        self.server = components.string ?? "\(scheme)://\(host)"
        self.url = url
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }

    /// Builds `message` with `MIMEBuilder` and sends it to `recipients` (the envelope: To, Cc and Bcc alike).
    /// All recipients are accepted or none: one refused recipient fails the whole send.
    public func send(_ message: MailMessage, envelopeFrom: String, recipients: [String]) throws(SMTPError) {
        let bytes: [UInt8]
        do { bytes = try MIMEBuilder.build(message) } catch {
            throw .permanent("The message cannot be built: \(error.description)")
        }
        try send(raw: bytes, envelopeFrom: envelopeFrom, recipients: recipients)
    }

    /// Sends an already built RFC 5322 message (CRLF line endings); `envelopeFrom` may be empty for the null sender `<>`.
    public func send(raw message: [UInt8], envelopeFrom: String, recipients: [String]) throws(SMTPError) {
        try checkEnvelope(envelopeFrom: envelopeFrom, recipients: recipients)
        let handle = try Self.makeHandle()
        defer { curl_easy_cleanup(handle) }
        try send(raw: message, envelopeFrom: envelopeFrom, recipients: recipients, on: handle)
    }

    /// Refuses, before any connection, an envelope that could never be sent or could smuggle SMTP commands.
    func checkEnvelope(envelopeFrom: String, recipients: [String]) throws(SMTPError) {
        guard !recipients.isEmpty else {
            throw .permanent("No envelope recipients: pass at least one address in `recipients`.")
        }
        if !envelopeFrom.isEmpty, let reason = MailAddress.problem(with: envelopeFrom) {
            throw .permanent("Envelope sender '\(envelopeFrom)' is unusable: \(reason).")
        }
        for recipient in recipients {
            if let reason = MailAddress.problem(with: recipient) {
                throw .permanent("Recipient '\(recipient)' is unusable: \(reason).")
            }
        }
    }

    /// A libcurl easy handle; libcurl keeps its connection cache in it, so reusing one handle reuses the connection.
    static func makeHandle() throws(SMTPError) -> UnsafeMutableRawPointer {
        let initialization = Self.curlInitialization
        guard initialization == CURLE_OK else {
            throw .temporary("curl_global_init failed: \(String(cString: curl_easy_strerror(initialization))).")
        }
        guard let handle = curl_easy_init() else {
            throw .temporary("libcurl could not create a transfer (curl_easy_init returned NULL; out of memory?).")
        }
        return handle
    }

    /// One SMTP transaction on `handle` (reset first, so nothing of an earlier message is left but the connection).
    func send(raw message: [UInt8], envelopeFrom: String, recipients: [String], on handle: UnsafeMutableRawPointer) throws(SMTPError) {
        curl_easy_reset(handle)
        var recipientList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(recipientList) }
        for recipient in recipients {
            guard let appended = curl_slist_append(recipientList, recipient) else {
                throw .temporary("libcurl could not build the recipient list (out of memory).")
            }
            recipientList = appended
        }

        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }

        let transfer = SMTPTransfer(payload: message)
        try withExtendedLifetime(transfer) { () throws(SMTPError) in
            let context = Unmanaged.passUnretained(transfer).toOpaque()
            try configure(handle, envelopeFrom: envelopeFrom, recipients: recipientList, size: message.count,
                          context: context, errorBuffer: errorBuffer)
            let code = curl_easy_perform(handle)
            var responseCode = 0
            _ = CCurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &responseCode)
            if code == CURLE_OK, responseCode < 400 { return }
            throw classify(code, responseCode: responseCode, reply: transfer.reply(forCode: responseCode),
                           curlMessage: String(cString: errorBuffer))
        }
    }

    private func configure(
        _ handle: UnsafeMutableRawPointer,
        envelopeFrom: String,
        recipients: UnsafeMutablePointer<curl_slist>?,
        size: Int,
        context: UnsafeMutableRawPointer,
        errorBuffer: UnsafeMutablePointer<CChar>
    ) throws(SMTPError) {
        func check(_ code: CURLcode, _ option: String) throws(SMTPError) {
            guard code != CURLE_OK else { return }
            throw .temporary("libcurl refused option \(option): \(String(cString: curl_easy_strerror(code))). "
                + "This libcurl may be built without SMTP or TLS; Debian's libcurl4 (OpenSSL flavour) has both.")
        }
        let readCallback: curl_read_callback = { buffer, size, count, context in
            guard let buffer, let context else { return Int(CURL_READFUNC_ABORT) }
            return Unmanaged<SMTPTransfer>.fromOpaque(context).takeUnretainedValue().read(into: buffer, capacity: size * count)
        }
        let headerCallback: curl_write_callback = { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let bytes = UnsafeRawBufferPointer(start: buffer, count: size * count)
            Unmanaged<SMTPTransfer>.fromOpaque(context).takeUnretainedValue().receive(bytes)
            return size * count
        }
        try check(CCurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer), "CURLOPT_ERRORBUFFER")
        try check(CCurl_easy_setopt_string(handle, CURLOPT_URL, url), "CURLOPT_URL")
        try check(CCurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps"), "CURLOPT_PROTOCOLS_STR")
        try check(CCurl_easy_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_TRY.rawValue)), "CURLOPT_USE_SSL")
        try check(CCurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "CURLOPT_NOSIGNAL")
        try check(CCurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(connectTimeout)), "CURLOPT_CONNECTTIMEOUT_MS")
        try check(CCurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.milliseconds(totalTimeout)), "CURLOPT_TIMEOUT_MS")
        try check(CCurl_easy_setopt_string(handle, CURLOPT_MAIL_FROM, envelopeFrom), "CURLOPT_MAIL_FROM")
        try check(CCurl_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients), "CURLOPT_MAIL_RCPT")
        try check(CCurl_easy_setopt_long(handle, CURLOPT_UPLOAD, 1), "CURLOPT_UPLOAD")
        // Lets the server refuse an oversized message at MAIL FROM (SIZE extension) instead of after the upload.
        try check(CCurl_easy_setopt_long(handle, CURLOPT_INFILESIZE, size), "CURLOPT_INFILESIZE")
        try check(CCurl_easy_setopt_read_callback(handle, CURLOPT_READFUNCTION, readCallback), "CURLOPT_READFUNCTION")
        try check(CCurl_easy_setopt_pointer(handle, CURLOPT_READDATA, context), "CURLOPT_READDATA")
        try check(CCurl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, headerCallback), "CURLOPT_HEADERFUNCTION")
        try check(CCurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context), "CURLOPT_HEADERDATA")
    }

    /// Server replies decide first (4xx temporary, 5xx permanent); without one, the libcurl error is a transport or
    /// setup problem that does not depend on this message, so it is temporary.
    private func classify(_ code: CURLcode, responseCode: Int, reply: String?, curlMessage: String) -> SMTPError {
        let curlDetail = curlMessage.isEmpty ? String(cString: curl_easy_strerror(code)) : curlMessage
        let answer = reply ?? "\(responseCode)"
        if code == CURLE_LOGIN_DENIED {
            // 535 is a 5xx, but wrong credentials are the operator's to fix, not a property of this message.
            return .temporary("\(server) refused the login: \(answer) (libcurl: \(curlDetail)). Check user and password in the SMTP URL.")
        }
        switch responseCode {
        case 500..<600:
            return .permanent("\(server) rejected the message: \(answer) (libcurl: \(curlDetail)). Sending it again will fail the same way; fix the address or content.")
        case 400..<500:
            return .temporary("\(server) deferred the message: \(answer) (libcurl: \(curlDetail)). Retry later.")
        default:
            break
        }
        let advice: String
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST:
            advice = "Check that the SMTP server is running and that host and port in the SMTP URL are right."
        case CURLE_OPERATION_TIMEDOUT:
            advice = "The server did not finish within the timeout (connect \(Self.milliseconds(connectTimeout)) ms, total \(Self.milliseconds(totalTimeout)) ms)."
        case CURLE_USE_SSL_FAILED, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION:
            advice = "TLS could not be set up: check the server certificate and whether the port expects smtps:// or smtp://."
        default:
            advice = "Retry later; if it persists, check the SMTP URL and the server's log."
        }
        let reached = responseCode > 0 ? " (last reply \(answer))" : ""
        let text = "Cannot send through \(server): \(curlDetail) (libcurl error \(code.rawValue))\(reached). \(advice)"
        return responseCode > 0 ? .temporary(text) : .unavailable(text)
    }

    /// curl_global_init is not thread-safe; a static let runs it exactly once, on first use.
    private static let curlInitialization: CURLcode = CCurl_global_init_default()

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// `url` with any `user:password@` removed, for error messages about URLs that did not parse.
    private static func redacted(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let schemeEnd = url.range(of: "://") else { return url }
        return String(url[..<schemeEnd.upperBound]) + "***@" + String(url[url.index(after: at)...])
    }
}


/// Several messages over one SMTP connection (libcurl reuses it between transactions while the server keeps it open,
/// and reconnects by itself when it does not). Not thread-safe: one session per sending thread.
public final class SMTPSession {
    private let client: SMTPClient
    private let handle: UnsafeMutableRawPointer

    public init(client: SMTPClient) throws(SMTPError) {
        self.client = client
        self.handle = try SMTPClient.makeHandle()
    }

    deinit { curl_easy_cleanup(handle) }

    /// Builds and sends one message, like `SMTPClient.send`, on this session's connection.
    public func send(_ message: MailMessage, envelopeFrom: String, recipients: [String]) throws(SMTPError) {
        let bytes: [UInt8]
        do { bytes = try MIMEBuilder.build(message) } catch {
            throw .permanent("The message cannot be built: \(error.description)")
        }
        try client.checkEnvelope(envelopeFrom: envelopeFrom, recipients: recipients)
        try client.send(raw: bytes, envelopeFrom: envelopeFrom, recipients: recipients, on: handle)
    }
}
