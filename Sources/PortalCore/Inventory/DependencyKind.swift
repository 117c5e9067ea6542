/// How strongly a service needs another: `hard` fails with it, `soft` only degrades.
public enum DependencyKind: String, Sendable, Codable, Hashable, CaseIterable {
    case hard
    case soft
}
