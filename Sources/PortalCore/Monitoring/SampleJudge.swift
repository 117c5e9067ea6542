import Foundation

/// What a transfer gave back, before it is judged.
public struct ProbeResult: Sendable, Equatable {
    /// nil when the transfer worked; else the transport error in words (timeout, refused, TLS failure...).
    public var transportError: String?
    public var httpStatus: Int?
    public var responseMS: Int
    /// The body read (HTTP checks with an expected text only).
    public var body: String
    /// The certificate's expiry (TLS checks).
    public var certificateExpiry: Date?

    public init(transportError: String?, httpStatus: Int? = nil, responseMS: Int, body: String = "", certificateExpiry: Date? = nil) {
        self.transportError = transportError
        self.httpStatus = httpStatus
        self.responseMS = responseMS
        self.body = body
        self.certificateExpiry = certificateExpiry
    }
}

/// The verdict on one sample.
public struct SampleVerdict: Sendable, Equatable {
    public var available: Bool
    public var degraded: Bool
    public var error: String

    public init(available: Bool, degraded: Bool, error: String) {
        self.available = available
        self.degraded = degraded
        self.error = error
    }
}

/// Judges a probe against the check's expectations, purely.
public enum SampleJudge {
    public static func judge(_ result: ProbeResult, spec: CheckSpec, now: Date) -> SampleVerdict {
        if let error = result.transportError { return SampleVerdict(available: false, degraded: false, error: error) }
        var degraded = false
        var notes: [String] = []
        switch spec.kind {
        case .http:
            let status = result.httpStatus ?? 0
            if !(StatusRange(spec.expectStatus)?.contains(status) ?? false) {
                return SampleVerdict(available: false, degraded: false, error: "HTTP status \(status), expected \(spec.expectStatus)")
            }
            if !spec.expectBody.isEmpty && !result.body.contains(spec.expectBody) {
                return SampleVerdict(available: false, degraded: false, error: "the response does not contain \"\(spec.expectBody.prefix(100))\"")
            }
        case .tls:
            if let expiry = result.certificateExpiry {
                let days = expiry.timeIntervalSince(now) / 86_400
                if days <= 0 { return SampleVerdict(available: false, degraded: false, error: "the certificate expired on \(UTCTimestamp.string(from: expiry))") }
                if days < Double(spec.certMinDays) {
                    degraded = true
                    notes.append("the certificate expires in \(Int(days.rounded(.down))) days (\(UTCTimestamp.string(from: expiry))), less than \(spec.certMinDays)")
                }
            } else {
                notes.append("no certificate expiry could be read")
            }
        case .tcp:
            break
        }
        if let max = spec.maxResponseMS, result.responseMS > max {
            degraded = true
            notes.append("response took \(result.responseMS) ms, more than \(max) ms")
        }
        return SampleVerdict(available: true, degraded: degraded, error: notes.joined(separator: "; "))
    }

    /// Reads libcurl's certificate `Expire date` text (`Dec  9 10:00:00 2026 GMT`).
    public static func certificateDate(_ text: String) -> Date? {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count >= 4 else { return nil }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard let month = months.firstIndex(of: parts[0]), let day = Int(parts[1]), let year = Int(parts[3]) else { return nil }
        let clock = parts[2].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month + 1, day)
        (components.hour, components.minute, components.second) = (clock[0], clock[1], clock[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar.date(from: components)
    }
}
