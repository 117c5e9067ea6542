import Foundation

/// Why an impact cannot be resolved for the given targets.
public enum ImpactError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// The target is not in the inventory (deleted since the downtime was declared?).
    case unknownTarget(ObjectRef)
    /// Only regions, clusters, servers and services can be taken down.
    case unsupportedTarget(ObjectRef)

    /// A sentence telling the user what to change.
    public var message: String {
        switch self {
        case .unknownTarget(let ref):
            "The \(ref.kind.noun) \(ref.id) in this downtime no longer exists; remove it from the targets."
        case .unsupportedTarget(let ref):
            "A \(ref.kind.noun) cannot be taken down by itself (\(ref)); choose the region, cluster, server or service it runs on."
        }
    }

    /// The message, for logs and string interpolation.
    public var description: String { message }
    /// The message, for `localizedDescription`.
    public var errorDescription: String? { message }
}
