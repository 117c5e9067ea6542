/// Why a `WebhookSigner` cannot be created.
public enum WebhookSignerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Secrets shorter than this are guessable; generate one with `WebhookSigner.generateSecret()`.
    case secretTooShort(minimumBytes: Int, actualBytes: Int)

    public var description: String {
        switch self {
        case let .secretTooShort(minimum, actual):
            return "The webhook secret has \(actual) bytes but needs at least \(minimum): create one with WebhookSigner.generateSecret()."
        }
    }
}
