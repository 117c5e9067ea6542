import CCurl
import Foundation
import PortalCore

/// One transfer in flight: the easy handle set up for a check, the body it collects, and when it was due and started.
final class Probe {
    let check: CheckSpecSnapshot
    let handle: UnsafeMutableRawPointer
    let due: Double
    let started: Date
    var body: [UInt8] = []
    let keepsBody: Bool

    init?(check: CheckSpecSnapshot, due: Double, started: Date) {
        guard let handle = curl_easy_init() else { return nil }
        self.check = check
        self.handle = handle
        self.due = due
        self.started = started
        self.keepsBody = check.spec.kind == .http && !check.spec.expectBody.isEmpty
        let spec = check.spec
        let url: String = switch spec.kind {
        case .http: spec.url
        case .tcp: "telnet://\(Self.hostForURL(spec.host)):\(spec.port ?? 0)"
        case .tls: "https://\(Self.hostForURL(spec.host)):\(spec.port ?? 443)/"
        }
        CCurl_easy_setopt_string(handle, CURLOPT_URL, url)
        CCurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        CCurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, spec.timeoutMS)
        CCurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, spec.timeoutMS)
        CCurl_easy_setopt_string(handle, CURLOPT_USERAGENT, "forewarn-monitor/\(ForewarnVersion.current)")
        CCurl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, { data, size, count, context in
            guard let context else { return size * count }
            let probe = Unmanaged<Probe>.fromOpaque(context).takeUnretainedValue()
            if probe.keepsBody, probe.body.count < 65_536, let data {
                probe.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
            }
            return size * count
        })
        CCurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, Unmanaged.passUnretained(self).toOpaque())
        switch spec.kind {
        case .http:
            if spec.method == "HEAD" { CCurl_easy_setopt_long(handle, CURLOPT_NOBODY, 1) }
        case .tcp:
            CCurl_easy_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1)
        case .tls:
            // The check is about reachability and the certificate's dates; trust is the clients' business.
            CCurl_easy_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1)
            CCurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0)
            CCurl_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0)
            CCurl_easy_setopt_long(handle, CURLOPT_CERTINFO, 1)
        }
    }

    deinit { curl_easy_cleanup(handle) }

    static func hostForURL(_ host: String) -> String { host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host }

    /// What the finished transfer gave back.
    func result(code: CURLcode) -> ProbeResult {
        var micros: curl_off_t = 0
        CCurl_easy_getinfo_off_t(handle, CURLINFO_TOTAL_TIME_T, &micros)
        let ms = Int(micros / 1000)
        guard code == CURLE_OK else {
            let text = String(cString: curl_easy_strerror(code))
            let detail = code == CURLE_OPERATION_TIMEDOUT ? "timed out after \(check.spec.timeoutMS) ms" : text
            return ProbeResult(transportError: detail, responseMS: ms)
        }
        var status: Int = 0
        if check.spec.kind == .http { CCurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status) }
        var expiry: Date?
        if check.spec.kind == .tls { expiry = certificateExpiry() }
        return ProbeResult(transportError: nil, httpStatus: check.spec.kind == .http ? status : nil, responseMS: ms,
                           body: String(decoding: body, as: UTF8.self), certificateExpiry: expiry)
    }

    /// The leaf certificate's `Expire date`.
    private func certificateExpiry() -> Date? {
        var info: UnsafeMutablePointer<curl_certinfo>?
        guard CCurl_easy_getinfo_certinfo(handle, &info) == CURLE_OK, let info, info.pointee.num_of_certs > 0,
              var line = info.pointee.certinfo[0] else { return nil }
        while true {
            let text = String(cString: line.pointee.data)
            if text.hasPrefix("Expire date:") { return SampleJudge.certificateDate(String(text.dropFirst("Expire date:".count))) }
            guard let next = line.pointee.next else { return nil }
            line = next
        }
    }
}

/// The part of a check the scheduler needs, copied so the loop never shares mutable state.
struct CheckSpecSnapshot: Sendable {
    let id: Int64
    let spec: CheckSpec
}
