import Foundation
import PortalCore

/// A product as the store knows it: its id and the service (with its stage) it belongs to, if any.
public struct LogProductRecord: Sendable, Equatable {
    public let id: Int64
    public let name: String
    public let serviceID: Int64?
    public let serviceName: String?
    public let serviceEnvironment: Environment?
}

/// A message ready to insert: product resolved to its id, stage decided.
public struct LogInsert: Sendable {
    public var message: LogMessage
    public var productID: Int64?
    public var stage: Environment?

    public init(message: LogMessage, productID: Int64?, stage: Environment?) {
        self.message = message
        self.productID = productID
        self.stage = stage
    }
}

/// A stored message with its product and service names, as pages and the API show it.
public struct LogRecord: Sendable, Equatable {
    public let id: Int64
    public let at: String
    public let level: LogLevel
    public let stage: Environment?
    public let product: String
    public let serviceID: Int64?
    public let serviceName: String?
    public let version: String
    public let host: String
    public let module: String
    public let line: Int?
    public let message: String
    /// The extra fields, as stored (a JSON object), or nil.
    public let fieldsJSON: String?
}

/// The filters of `/logs` and `GET /api/v1/logs`, already validated.
public struct LogQuery: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var stage: Environment?
    /// A product name or the name of the service products are linked to.
    public var product: String?
    public var version: String?
    public var host: String?
    /// This level or more serious.
    public var minimumLevel: LogLevel?
    /// An FTS5 query: words, "phrases", prefix*.
    public var text: String?
    /// 1-based.
    public var page: Int = 1
    public var perPage: Int = 100

    public init(from: Date, to: Date) {
        self.from = from
        self.to = to
    }
}

/// One page of messages, newest first.
public struct LogPage: Sendable {
    public let records: [LogRecord]
    public let hasMore: Bool
}

/// A search the full-text index cannot run (unbalanced quotes, a bare operator...).
public struct LogSearchError: Error, Sendable, CustomStringConvertible {
    public let query: String
    public let reason: String
    public var description: String { "The search \"\(query)\" is not valid: \(reason). Use words, \"a phrase\" or a prefix*." }
}
