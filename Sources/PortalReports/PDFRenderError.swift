/// Why a report could not be rendered, with the failing call so that a log line is enough to act on.
public struct PDFRenderError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The document breaks a rule of the model (e.g. a row with the wrong number of cells).
        case invalidDocument
        /// cairo reported a status other than success.
        case cairo(status: Int32)
        /// Writing the output failed with this errno.
        case io(errno: Int32)
    }

    public let kind: Kind
    /// The C call or the document element that failed.
    public let call: String
    public let message: String

    public var description: String { "\(call): \(message)" }
}
