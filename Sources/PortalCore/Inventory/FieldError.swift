/// A problem with one input field, worded so the user knows what to change.
public struct FieldError: Error, Equatable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The field's key as used in forms and JSON ("name", "email", "timeZone").
    public let field: String
    /// A complete sentence telling the user what is wrong and how to fix it.
    public let message: String

    /// Creates an error for `field`.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// The message, so logs and alerts read naturally.
    public var description: String { message }
}
