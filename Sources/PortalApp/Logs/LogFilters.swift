import Foundation
import PortalCore
import PortalHTTP
import PortalStore

/// The filters of `/logs` and `GET /api/v1/logs` (`from`, `to`, `stage`, `product`, `version`, `host`, `level`, `q`,
/// `page`, `per_page`) read from a query string, with a message per bad field.
struct LogFilters {
    var query: LogQuery
    /// The values as typed, to put back into the form.
    var typed: [String: String]

    static let names = ["from", "to", "stage", "product", "version", "host", "level", "q", "page", "per_page"]

    /// Reads the filters; the time range defaults to the last hour.
    static func read(_ values: (String) -> String?, now: Date = Date()) throws -> LogFilters {
        var typed: [String: String] = [:]
        for name in names { typed[name] = String((values(name) ?? "").trimmingCharacters(in: .whitespaces).prefix(500)) }
        var errors: [String: String] = [:]
        func instant(_ name: String) -> Date? {
            guard let text = typed[name], !text.isEmpty else { return nil }
            if let date = LogTimestamp.date(from: text) { return date }
            // The browser's datetime-local input: 2026-03-01T10:00 (read as UTC, as the page says).
            if let date = LogTimestamp.date(from: text + ":00Z") ?? LogTimestamp.date(from: text + "Z") { return date }
            errors[name] = "must be a UTC time such as 2026-03-01T10:00:00Z"
            return nil
        }
        let to = instant("to") ?? now.addingTimeInterval(1)
        let from = instant("from") ?? to.addingTimeInterval(-3600)
        if from >= to { errors["from"] = "must be before to" }
        var query = LogQuery(from: from, to: to)
        if let stage = typed["stage"], !stage.isEmpty {
            if let value = Environment(stageName: stage) { query.stage = value } else { errors["stage"] = "must be PROD, INT, TEST or DEV" }
        }
        if let level = typed["level"], !level.isEmpty {
            if let value = LogLevel(name: level) { query.minimumLevel = value } else {
                errors["level"] = "must be one of " + LogLevel.allCases.map(\.name).joined(separator: ", ")
            }
        }
        for (name, keyPath) in [("product", \LogQuery.product), ("version", \LogQuery.version), ("host", \LogQuery.host), ("q", \LogQuery.text)] {
            if let value = typed[name], !value.isEmpty { query[keyPath: keyPath] = value }
        }
        if let page = typed["page"], !page.isEmpty {
            if let value = Int(page), value >= 1, value <= 10_000 { query.page = value } else { errors["page"] = "must be a number from 1 to 10000" }
        }
        if let perPage = typed["per_page"], !perPage.isEmpty {
            if let value = Int(perPage), (1...1000).contains(value) { query.perPage = value } else { errors["per_page"] = "must be a number from 1 to 1000" }
        }
        guard errors.isEmpty else {
            let summary = errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")
            throw HTTPError(422, "Some filters are not valid: \(summary).", fields: errors)
        }
        return LogFilters(query: query, typed: typed)
    }

    /// The query string of these filters with some values changed (paging links).
    func link(_ path: String, changing changes: [String: String] = [:]) -> String {
        var merged = typed
        for (name, value) in changes { merged[name] = value }
        let parts = LogFilters.names.compactMap { name -> String? in
            guard let value = merged[name], !value.isEmpty else { return nil }
            return "\(name)=\(URLEncoding.encode(value))"
        }
        return parts.isEmpty ? path : path + "?" + parts.joined(separator: "&")
    }
}
