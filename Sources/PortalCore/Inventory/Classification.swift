/// The confidentiality level of a data set.
public enum Classification: String, Sendable, Codable, Hashable, CaseIterable {
    case `public`
    case `internal`
    case confidential
    case restricted
}
