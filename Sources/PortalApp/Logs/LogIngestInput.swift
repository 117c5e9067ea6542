import Foundation
import PortalCore
import PortalHTTP

/// The body of `POST /api/v1/logs`: a JSON array of messages, validated whole; the first bad item refuses the batch
/// with its index and field.
enum LogIngestInput {
    /// Most messages in one request.
    static let maxItems = 10_000

    static func parse(_ body: [UInt8], now: Date = Date()) throws -> [LogMessage] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) else { throw HTTPError.badRequest("The body is not valid JSON.") }
        guard let items = object as? [Any] else { throw HTTPError(422, "The body must be a JSON array of messages.") }
        guard !items.isEmpty else { throw HTTPError(422, "The array is empty: send at least one message.") }
        guard items.count <= maxItems else { throw HTTPError(413, "At most \(maxItems) messages per request; split the batch.") }
        return try items.enumerated().map { index, item in try message(item, index: index, now: now) }
    }

    static func refuse(_ index: Int, _ field: String, _ problem: String) -> HTTPError {
        HTTPError(422, "Item \(index): \"\(field)\" \(problem). Nothing of this batch was stored.", fields: ["\(index).\(field)": problem])
    }

    static func message(_ item: Any, index: Int, now: Date) throws -> LogMessage {
        guard let fields = item as? [String: Any] else { throw HTTPError(422, "Item \(index) is not a JSON object. Nothing of this batch was stored.") }
        let known: Set<String> = ["time", "level", "message", "product", "version", "stage", "host", "module", "line", "fields"]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) { throw refuse(index, unknown, "is not a known field") }
        func text(_ name: String, max: Int, required: Bool = false) throws -> String {
            guard let value = fields[name], !(value is NSNull) else {
                if required { throw refuse(index, name, "is required") }
                return ""
            }
            guard let string = value as? String else { throw refuse(index, name, "must be a string") }
            guard string.utf8.count <= max else { throw refuse(index, name, "is longer than \(max) bytes") }
            return string
        }
        var message = LogMessage(time: now, level: .info, message: try text("message", max: LogMessage.maxMessageBytes, required: true))
        let level = try text("level", max: 20, required: true)
        guard let parsed = LogLevel(name: level), parsed.name == level.lowercased() else {
            throw refuse(index, "level", "must be one of " + LogLevel.allCases.reversed().map(\.name).joined(separator: ", "))
        }
        message.level = parsed
        let time = try text("time", max: 40)
        if !time.isEmpty {
            guard let date = LogTimestamp.date(from: time) else { throw refuse(index, "time", "must be an RFC 3339 time such as 2026-03-01T10:00:00.123Z") }
            message.time = date
        }
        let stage = try text("stage", max: 20)
        if !stage.isEmpty {
            guard let value = Environment(stageName: stage) else { throw refuse(index, "stage", "must be PROD, INT, TEST or DEV (or PRODUCTION, INTEGRATION, TESTING, DEVELOPMENT)") }
            message.stage = value
        }
        message.product = try text("product", max: LogMessage.maxNameLength)
        message.version = try text("version", max: LogMessage.maxNameLength)
        message.host = try text("host", max: 255)
        message.module = try text("module", max: LogMessage.maxNameLength)
        if let line = fields["line"], !(line is NSNull) {
            guard let number = line as? NSNumber, number.doubleValue == Double(number.intValue), number.intValue >= 0 else { throw refuse(index, "line", "must be a whole number") }
            message.line = number.intValue
        }
        if let extra = fields["fields"], !(extra is NSNull) {
            guard let object = extra as? [String: Any] else { throw refuse(index, "fields", "must be an object") }
            guard object.count <= 50 else { throw refuse(index, "fields", "has more than 50 keys") }
            for (key, value) in object {
                guard key.utf8.count <= 100 else { throw refuse(index, "fields.\(key)", "has a name longer than 100 bytes") }
                switch value {
                case let string as String: message.fields[key] = String(string.prefix(2000))
                case let number as NSNumber: message.fields[key] = number.stringValue
                default: throw refuse(index, "fields.\(key)", "must be a string, number or boolean")
                }
            }
        }
        return message
    }
}
