import Foundation
import PortalCore

/// A check as typed in a form, a JSON body or a CSV row: every field as text, so a form re-renders exactly what was
/// typed. `spec(defaultInterval:)` turns it into a `CheckSpec` or field messages.
struct CheckInput {
    static let fields = ["name", "kind", "target_kind", "target_name", "url", "method", "host", "port", "interval_seconds", "timeout_ms",
                         "expect_status", "expect_body", "max_response_ms", "cert_min_days", "alert_below_percent", "alert_window_seconds",
                         "opens_incident"]
    var values: [String: String]

    init(values: [String: String]) { self.values = values }

    /// From a form (checkbox `opens_incident` present means on).
    init(form: (String) -> String?) {
        var values: [String: String] = [:]
        for key in Self.fields { values[key] = (form(key) ?? "").trimmingCharacters(in: .whitespaces) }
        values["opens_incident"] = form("opens_incident") == nil ? "" : "1"
        self.values = values
    }

    /// From JSON: `target` is `{"kind": ..., "name": ...}`; numbers and booleans are accepted as such or as text.
    init(json: [String: Any], base: [String: String] = [:]) {
        var values = base
        for key in Self.fields {
            guard let value = json[key] else { continue }
            values[key] = key == "opens_incident" ? ((value as? Bool) == true ? "1" : "") : Self.text(value)
        }
        if let target = json["target"] as? [String: Any] {
            values["target_kind"] = Self.text(target["kind"] ?? "")
            values["target_name"] = Self.text(target["name"] ?? "")
        }
        if let paused = json["paused"] { values["paused"] = (paused as? Bool) == true ? "1" : "" }
        self.values = values
    }

    static func text(_ value: Any) -> String {
        switch value {
        case is NSNull: return ""
        case let number as NSNumber: return number.stringValue
        case let text as String: return text.trimmingCharacters(in: .whitespaces)
        default: return "\(value)"
        }
    }

    /// The values of a stored check, to edit it.
    init(_ spec: CheckSpec) {
        values = [
            "name": spec.name, "kind": spec.kind.rawValue, "target_kind": spec.targetKind, "target_name": spec.targetName, "url": spec.url,
            "method": spec.method, "host": spec.host, "port": spec.port.map(String.init) ?? "", "interval_seconds": Self.number(spec.intervalSeconds),
            "timeout_ms": String(spec.timeoutMS), "expect_status": spec.expectStatus, "expect_body": spec.expectBody,
            "max_response_ms": spec.maxResponseMS.map(String.init) ?? "", "cert_min_days": String(spec.certMinDays),
            "alert_below_percent": Self.number(spec.alertBelowPercent), "alert_window_seconds": String(spec.alertWindowSeconds),
            "opens_incident": spec.opensIncident ? "1" : "", "paused": spec.paused ? "1" : "",
        ]
    }

    static func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }

    /// The spec, or the message of every field that is wrong (the target's existence is checked by the service).
    func spec(defaultInterval: Double) -> Result<CheckSpec, FieldErrors> {
        var errors: [String: String] = [:]
        func value(_ key: String) -> String { values[key] ?? "" }
        func integer(_ key: String, label: String) -> Int? {
            guard !value(key).isEmpty else { return nil }
            guard let number = Int(value(key)) else { errors[key] = "\(label) must be a whole number."; return nil }
            return number
        }
        func decimal(_ key: String, label: String) -> Double? {
            guard !value(key).isEmpty else { return nil }
            guard let number = Double(value(key)), number.isFinite else { errors[key] = "\(label) must be a number."; return nil }
            return number
        }
        let kindText = value("kind").isEmpty ? "http" : value("kind").lowercased()
        let kind = CheckKind(rawValue: kindText)
        if kind == nil { errors["kind"] = "Kind must be http, tcp or tls." }
        var spec = CheckSpec(name: value("name"), kind: kind ?? .http, targetKind: value("target_kind").lowercased(), targetName: value("target_name"),
                             intervalSeconds: decimal("interval_seconds", label: "Interval") ?? defaultInterval)
        spec.url = value("url")
        spec.method = value("method").isEmpty ? "GET" : value("method").uppercased()
        spec.host = value("host")
        spec.port = integer("port", label: "Port")
        spec.timeoutMS = integer("timeout_ms", label: "Timeout") ?? 10_000
        spec.expectStatus = value("expect_status").isEmpty ? "200-399" : value("expect_status")
        spec.expectBody = value("expect_body")
        spec.maxResponseMS = integer("max_response_ms", label: "Maximum response time")
        spec.certMinDays = integer("cert_min_days", label: "Certificate warning") ?? 14
        spec.alertBelowPercent = decimal("alert_below_percent", label: "Alert threshold") ?? 80
        spec.alertWindowSeconds = integer("alert_window_seconds", label: "Alert window") ?? 120
        spec.opensIncident = ["1", "true", "on", "yes"].contains(value("opens_incident").lowercased())
        spec.paused = ["1", "true", "on", "yes"].contains(value("paused").lowercased())
        for error in spec.validate() where errors[error.field] == nil { errors[error.field] = error.message }
        return errors.isEmpty ? .success(spec) : .failure(FieldErrors(errors))
    }
}
