import Foundation

/// The definition of a check as people write it (form, JSON, CSV, classic config), before its target is looked up.
public struct CheckSpec: Sendable, Equatable, Codable {
    public var name: String
    public var kind: CheckKind
    /// `service`, `server` or `cluster`.
    public var targetKind: String
    public var targetName: String
    public var url: String = ""
    public var method: String = "GET"
    public var host: String = ""
    public var port: Int?
    public var intervalSeconds: Double
    public var timeoutMS: Int = 10_000
    public var expectStatus: String = "200-399"
    public var expectBody: String = ""
    public var maxResponseMS: Int?
    public var certMinDays: Int = 14
    public var alertBelowPercent: Double = 80
    public var alertWindowSeconds: Int = 120
    public var opensIncident: Bool = false
    public var paused: Bool = false

    public init(name: String, kind: CheckKind, targetKind: String, targetName: String, intervalSeconds: Double) {
        self.name = name
        self.kind = kind
        self.targetKind = targetKind
        self.targetName = targetName
        self.intervalSeconds = intervalSeconds
    }

    public static let targetKinds = ["service", "server", "cluster"]

    /// Every problem, worded for the field it belongs to; empty when the spec can be saved (the target still has to exist).
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        func add(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { add("name", "Name is required.") }
        else if name.count > 300 { add("name", "Name is longer than 300 characters.") }
        if !Self.targetKinds.contains(targetKind) { add("target_kind", "Target kind must be service, server or cluster.") }
        if targetName.trimmingCharacters(in: .whitespaces).isEmpty { add("target_name", "Target is required: the service, server or cluster this check watches.") }
        switch kind {
        case .http:
            if url.isEmpty { add("url", "URL is required for an HTTP check.") }
            else if let problem = Self.urlProblem(url) { add("url", problem) }
            if !["GET", "HEAD"].contains(method) { add("method", "Method must be GET or HEAD.") }
            if StatusRange(expectStatus) == nil { add("expect_status", "Expected status must look like 200-399 or 200,301 (statuses 100 to 599).") }
            if expectBody.count > 1000 { add("expect_body", "Expected body text is longer than 1000 characters.") }
        case .tcp, .tls:
            if host.isEmpty { add("host", "Host is required for a \(kind.rawValue.uppercased()) check.") }
            else if host.count > 253 || host.contains(where: { $0.isWhitespace || "/?#@".contains($0) }) { add("host", "Host must be a host name or an IP address.") }
            if let port { if !(1...65535).contains(port) { add("port", "Port must be between 1 and 65535.") } }
            else { add("port", "Port is required for a \(kind.rawValue.uppercased()) check.") }
        }
        if !(intervalSeconds >= 1) { add("interval_seconds", "Interval must be at least 1 second.") }
        else if intervalSeconds > 86_400 { add("interval_seconds", "Interval must be at most 86400 seconds (a day).") }
        if !(100...120_000).contains(timeoutMS) { add("timeout_ms", "Timeout must be between 100 and 120000 ms.") }
        if let max = maxResponseMS, max <= 0 { add("max_response_ms", "Maximum response time must be a positive number of ms.") }
        if !(0...3650).contains(certMinDays) { add("cert_min_days", "Certificate warning must be between 0 and 3650 days.") }
        if !(alertBelowPercent >= 0 && alertBelowPercent <= 100) { add("alert_below_percent", "Alert threshold must be a percentage between 0 and 100.") }
        if !(1...86_400).contains(alertWindowSeconds) { add("alert_window_seconds", "Alert window must be between 1 and 86400 seconds.") }
        return errors
    }

    /// Why a URL cannot be checked, or nil: http or https with a host.
    public static func urlProblem(_ text: String) -> String? {
        guard text.count <= 2000, let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            return "URL must be a full http:// or https:// address, like https://example.com/health."
        }
        return nil
    }
}

/// The configuration file of the classic single-file monitors: `{"websites": [{"URL": ..., "checkInterval": 3.5}], "defaultCheckInterval": 3}`.
public struct ClassicMonitorConfig: Sendable, Equatable {
    public struct Site: Sendable, Equatable {
        public var url: String
        public var intervalSeconds: Double

        public init(url: String, intervalSeconds: Double) {
            self.url = url
            self.intervalSeconds = intervalSeconds
        }
    }

    public var sites: [Site]
    /// One line per site that was skipped, and why.
    public var warnings: [String]

    /// Parses the JSON text; a site without `URL` is skipped with a warning; `defaultCheckInterval` defaults to 2 s.
    public init(json: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw FieldError(field: "config", message: "The configuration must be a JSON object with a \"websites\" list.")
        }
        let fallback = (object["defaultCheckInterval"] as? NSNumber)?.doubleValue ?? 2
        guard let websites = object["websites"] as? [Any] else {
            throw FieldError(field: "websites", message: "The configuration has no \"websites\" list.")
        }
        sites = []
        warnings = []
        for (index, entry) in websites.enumerated() {
            guard let site = entry as? [String: Any], let url = site["URL"] as? String, !url.isEmpty else {
                warnings.append("website \(index + 1) has no URL and is skipped")
                continue
            }
            let interval = (site["checkInterval"] as? NSNumber)?.doubleValue ?? fallback
            sites.append(Site(url: url, intervalSeconds: interval))
        }
    }
}
