import Foundation

/// One log message as a sender described it, before it is stored. The product is a name; the store links it to a service.
public struct LogMessage: Sendable, Equatable {
    public var time: Date
    public var level: LogLevel
    public var message: String
    public var product: String
    public var version: String
    /// nil: the stage of the product's service decides.
    public var stage: Environment?
    public var host: String
    public var module: String
    public var line: Int?
    /// Extra key/value pairs (structured data, JSON `fields`), kept as given.
    public var fields: [String: String]

    public init(time: Date, level: LogLevel, message: String, product: String = "", version: String = "", stage: Environment? = nil,
                host: String = "", module: String = "", line: Int? = nil, fields: [String: String] = [:]) {
        self.time = time
        self.level = level
        self.message = message
        self.product = product
        self.version = version
        self.stage = stage
        self.host = host
        self.module = module
        self.line = line
        self.fields = fields
    }

    /// Longest stored message text in bytes; a longer message is refused (syslog) or cut (never silently: see the ingest docs).
    public static let maxMessageBytes = 64 * 1024
    /// Longest product, version, host and module names.
    public static let maxNameLength = 200
}
